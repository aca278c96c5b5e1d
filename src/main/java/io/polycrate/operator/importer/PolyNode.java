package io.polycrate.operator.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A mapping read from a Polycrate file, with typed getters that report a wrong type as an error naming the file and
 * the key instead of throwing. {@code strict} is Polycrate's rule for block.poly (yaml.v3 strict unmarshalling:
 * an unknown key is an error); workspace.poly is read through viper and mapstructure, which ignore unknown keys and
 * match them without regard to case, so there an unknown key is reported as not imported.
 */
final class PolyNode {
    private final Map<String, Object> values;
    private final String file;
    private final String path;
    private final boolean strict;
    private final ImportReport report;

    PolyNode(Map<String, Object> values, String file, String path, boolean strict, ImportReport report) {
        this.values = values == null ? Map.of() : values;
        this.file = file;
        this.path = path;
        this.strict = strict;
        this.report = report;
    }

    String file() {
        return file;
    }

    String path() {
        return path;
    }

    boolean strict() {
        return strict;
    }

    ImportReport report() {
        return report;
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private Object raw(String name) {
        if (values.containsKey(name)) {
            return values.get(name);
        }
        if (!strict) {
            for (Map.Entry<String, Object> entry : values.entrySet()) {
                if (entry.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                    return entry.getValue();
                }
            }
        }
        return null;
    }

    boolean has(String name) {
        return raw(name) != null;
    }

    /** A scalar as text (YAML numbers and booleans too, as mapstructure's weak typing does for a string field). */
    String string(String name) {
        Object value = raw(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            report.error(file, key(name), "must be a string, not " + kind(value));
            return null;
        }
        return String.valueOf(value);
    }

    boolean bool(String name) {
        Object value = raw(name);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        report.error(file, key(name), "must be true or false, not " + describe(value));
        return false;
    }

    List<String> strings(String name) {
        Object value = raw(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            report.error(file, key(name), "must be a list of strings, not " + kind(value));
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item == null || item instanceof Map<?, ?> || item instanceof List<?>) {
                report.error(file, key(name) + "[" + i + "]", "must be a string, not " + kind(item));
            } else {
                result.add(String.valueOf(item));
            }
        }
        return result;
    }

    /** A free-form mapping (config, labels), keys as text. */
    Map<String, Object> freeForm(String name) {
        Object value = raw(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?>)) {
            report.error(file, key(name), "must be a mapping, not " + kind(value));
            return null;
        }
        return stringKeys(value);
    }

    PolyNode node(String name) {
        Object value = raw(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?>)) {
            report.error(file, key(name), "must be a mapping, not " + kind(value));
            return null;
        }
        return new PolyNode(stringKeys(value), file, key(name), strict, report);
    }

    /** The list under {@code name}; each entry a mapping, named by its {@code name} key in the path. */
    List<PolyNode> nodes(String name) {
        Object value = raw(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            report.error(file, key(name), "must be a list, not " + kind(value));
            return List.of();
        }
        List<PolyNode> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (!(item instanceof Map<?, ?>)) {
                report.error(file, key(name) + "[" + i + "]", "must be a mapping, not " + kind(item));
                continue;
            }
            Map<String, Object> map = stringKeys(item);
            Object itemName = map.get("name");
            String label = itemName instanceof String s && !s.isEmpty() ? s : String.valueOf(i);
            result.add(new PolyNode(map, file, key(name) + "[" + label + "]", strict, report));
        }
        return result;
    }

    /**
     * Reports the keys this mapping has beyond {@code known}: an error where Polycrate rejects them (block.poly),
     * else a note that they are not imported.
     */
    void checkKeys(Set<String> known) {
        for (String name : values.keySet()) {
            String lower = strict ? name : name.toLowerCase(Locale.ROOT);
            if (!known.contains(lower)) {
                if (strict) {
                    report.error(file, key(name), "unknown key (Polycrate's block.poly is read strictly and rejects "
                            + "it too)");
                } else {
                    report.note(file, key(name), "unknown key, not imported");
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> stringKeys(Object value) {
        Map<String, Object> result = new LinkedHashMap<>();
        ((Map<Object, Object>) value).forEach((k, v) -> result.put(String.valueOf(k), copy(v)));
        return result;
    }

    private static Object copy(Object value) {
        if (value instanceof Map<?, ?>) {
            return stringKeys(value);
        }
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>();
            list.forEach(item -> result.add(copy(item)));
            return result;
        }
        return value;
    }

    static String kind(Object value) {
        if (value == null) {
            return "empty";
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return "'" + value + "'";
    }

    private static String describe(Object value) {
        return kind(value);
    }
}
