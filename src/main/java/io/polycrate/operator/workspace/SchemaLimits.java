package io.polycrate.operator.workspace;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;

/**
 * The CRD schema's limits, read from the same annotations the CRD is generated from (required fields, sizes,
 * patterns, bounds), checked on a spec before it reaches an API server: what {@code kubectl apply} would reject,
 * said with the path of the field. The operator itself leaves this to the API server.
 */
public final class SchemaLimits {
    private static final String API_PACKAGE = WorkspaceSpec.class.getPackageName();

    private SchemaLimits() {
    }

    public static List<SpecProblem> check(WorkspaceSpec spec) {
        List<SpecProblem> problems = new ArrayList<>();
        walk(problems, "", spec);
        return problems;
    }

    private static void walk(List<SpecProblem> problems, String path, Object value) {
        if (value == null || !value.getClass().getPackageName().equals(API_PACKAGE)) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                String fieldPath = path.isEmpty() ? field.getName() : path + "." + field.getName();
                checkField(problems, fieldPath, field, fieldValue);
                if (fieldValue instanceof List<?> list) {
                    for (int i = 0; i < list.size(); i++) {
                        walk(problems, fieldPath + "[" + i + "]", list.get(i));
                    }
                } else {
                    walk(problems, fieldPath, fieldValue);
                }
            }
        }
    }

    private static void checkField(List<SpecProblem> problems, String path, Field field, Object value) {
        if (value == null) {
            if (field.isAnnotationPresent(Required.class)) {
                problems.add(new SpecProblem(path, "is required"));
            }
            return;
        }
        Size size = field.getAnnotation(Size.class);
        if (size != null) {
            long length = length(value);
            String unit = value instanceof String ? "characters" : "items";
            if (length >= 0 && length > size.max()) {
                problems.add(new SpecProblem(path, "has " + length + " " + unit + ", more than the CRD's limit of "
                        + size.max()));
            } else if (length >= 0 && length < size.min()) {
                problems.add(new SpecProblem(path, "has " + length + " " + unit + ", fewer than the CRD's minimum of "
                        + size.min()));
            }
        }
        Pattern pattern = field.getAnnotation(Pattern.class);
        if (pattern != null && value instanceof String text && !java.util.regex.Pattern.compile(pattern.value())
                .matcher(text).find()) {
            problems.add(new SpecProblem(path, "'" + text + "' does not match " + pattern.value()));
        }
        Min min = field.getAnnotation(Min.class);
        if (min != null && value instanceof Number number && number.doubleValue() < min.value()) {
            problems.add(new SpecProblem(path, number + " is less than the CRD's minimum of " + (long) min.value()));
        }
        Max max = field.getAnnotation(Max.class);
        if (max != null && value instanceof Number number && number.doubleValue() > max.value()) {
            problems.add(new SpecProblem(path, number + " is more than the CRD's maximum of " + (long) max.value()));
        }
    }

    private static long length(Object value) {
        if (value instanceof String text) {
            return text.codePointCount(0, text.length());
        }
        if (value instanceof Collection<?> collection) {
            return collection.size();
        }
        if (value instanceof Map<?, ?> map) {
            return map.size();
        }
        return -1;
    }
}
