package io.polycrate.operator.importer;

import java.util.Locale;

import io.polycrate.operator.api.v1alpha1.Names;

/**
 * Polycrate's names may have capitals, '_' and '/' ({@code org/k8s/app}, {@code Deploy_DB}); the operator's are
 * DNS-1123 labels. A name is mapped by lower-casing it, turning every other character into '-', collapsing runs of
 * '-' and trimming them from the ends.
 */
final class NameMapping {
    private NameMapping() {
    }

    /** The DNS-1123 label for {@code name}, or null if none can be made (empty, or over 63 characters). */
    static String label(String name) {
        if (name == null) {
            return null;
        }
        if (Names.isDns1123Label(name)) {
            return name;
        }
        String mapped = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-{2,}", "-")
                .replaceAll("^-+|-+$", "");
        return Names.isDns1123Label(mapped) ? mapped : null;
    }
}
