package io.polycrate.operator.naming;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/**
 * How the operator's children refer to their run: deterministic names and label values that fit Kubernetes'
 * length limits (shortened with a hash), and the controller owner reference that deletes them with the run.
 */
public final class KubernetesNames {
    private static final int HASH_LENGTH = 10;
    private static final String LABEL_VALUE = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";

    private KubernetesNames() {
    }

    /** The controller reference of a child of {@code owner}: garbage-collected with it, blocking its deletion. */
    public static OwnerReference controllerReferenceTo(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /** Null when the run with this UID is the object's controller; else who is, for people ("none" if nobody). */
    public static String foreignController(HasMetadata object, String runUid) {
        Optional<OwnerReference> controller = object.getMetadata().getOwnerReferences().stream()
                .filter(ref -> Boolean.TRUE.equals(ref.getController())).findFirst();
        if (controller.isEmpty()) {
            return "none";
        }
        OwnerReference ref = controller.get();
        return runUid != null && runUid.equals(ref.getUid()) ? null
                : ref.getKind() + " " + ref.getName() + " (uid " + ref.getUid() + ")";
    }

    /** {@code <run>-<index>-<step>}, shortened to at most 63 characters: never two Jobs for one step. */
    public static String jobName(String run, int index, String step) {
        return fit(run + "-" + index + "-" + step, 63);
    }

    /** The run's plan ConfigMap. */
    public static String planConfigMapName(String run) {
        return fit(run + "-plan", 253);
    }

    /** The run's artifacts PersistentVolumeClaim. */
    public static String artifactsClaimName(String run) {
        return fit(run + "-artifacts", 253);
    }

    /** A label value for any string: itself when it is one, else a shortened form with a hash. */
    public static String labelValue(String value) {
        if (value == null) {
            return "";
        }
        if (value.length() <= 63 && value.matches(LABEL_VALUE)) {
            return value;
        }
        String cleaned = value.replaceAll("[^-A-Za-z0-9_.]", "-");
        return fit(cleaned, 63);
    }

    /** {@code <object>.<suffix>}, the object's name shortened with a hash so the whole fits 253 characters. */
    public static String eventName(String object, String suffix) {
        return fit(object, 253 - suffix.length() - 1) + "." + suffix;
    }

    /** The name itself if it fits, else a prefix, '-' and a hash of the whole name. */
    static String fit(String name, int max) {
        if (name.length() <= max) {
            return name;
        }
        String prefix = name.substring(0, max - HASH_LENGTH - 1).replaceAll("[-._]+$", "");
        return prefix + "-" + sha256(name).substring(0, HASH_LENGTH);
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
