package io.polycrate.operator.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Polycrate's merge (github.com/imdario/mergo 0.3.16 without overwrite, as {@code Block.MergeIn} and
 * {@code Action.MergeIn} call it): the source only fills the destination's gaps. A key the destination lacks, or
 * holds with an empty value (null, false, 0, "", an empty list or mapping), takes the source's value; where both
 * hold mappings they merge key by key; every other value of the destination stays. So a child's {@code false} or
 * {@code 0} is a gap its parent fills, unlike the operator's merge, where the child always wins.
 */
final class Mergo {
    private Mergo() {
    }

    /** A deep copy of {@code dst} with {@code src} merged in, Polycrate's way; {@code null} when both are. */
    static Map<String, Object> merge(Map<String, Object> dst, Map<String, Object> src) {
        if (dst == null && src == null) {
            return null;
        }
        Map<String, Object> result = copy(dst);
        mergeInto(result, src);
        return result;
    }

    @SuppressWarnings("unchecked")
    private static void mergeInto(Map<String, Object> dst, Map<String, Object> src) {
        if (src == null) {
            return;
        }
        src.forEach((key, srcValue) -> {
            if (srcValue == null) {
                return;
            }
            Object dstValue = dst.get(key);
            if (dstValue instanceof Map<?, ?> dstMap && srcValue instanceof Map<?, ?> srcMap) {
                mergeInto((Map<String, Object>) dstMap, (Map<String, Object>) srcMap);
            } else if (isEmpty(dstValue)) {
                dst.put(key, deepCopy(srcValue));
            }
        });
    }

    /** Mergo's isEmptyValue, dereferencing interfaces: what counts as a gap. */
    static boolean isEmpty(Object value) {
        if (value == null) {
            return true;
        }
        if (value instanceof Boolean b) {
            return !b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() == 0;
        }
        if (value instanceof String s) {
            return s.isEmpty();
        }
        if (value instanceof Map<?, ?> m) {
            return m.isEmpty();
        }
        if (value instanceof List<?> l) {
            return l.isEmpty();
        }
        return false;
    }

    /** {@code dst} if it is not empty, else {@code src}: a field of a struct merged the same way. */
    static <T> T fill(T dst, T src) {
        return isEmpty(dst) ? src : dst;
    }

    static Map<String, Object> copy(Map<String, Object> map) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((k, v) -> result.put(k, deepCopy(v)));
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            return copy((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>();
            list.forEach(item -> result.add(deepCopy(item)));
            return result;
        }
        return value;
    }
}
