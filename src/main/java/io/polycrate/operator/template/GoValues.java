package io.polycrate.operator.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Values as Go's text/template treats them: how one prints ({@code fmt}'s %v), whether it counts as true, and the
 * order a map's keys are ranged in. Config values are what JSON gives: strings, numbers, booleans, null, lists and
 * maps; structs are {@link GoStruct}s.
 */
final class GoValues {
    /** Go's invalid value: a missing map key (printed by Go as "&lt;no value&gt;"). */
    static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<no value>";
        }
    };

    /** Go sorts string map keys by their bytes: UTF-8 order, which differs from Java's UTF-16 order. */
    static final Comparator<String> KEY_ORDER = (a, b) -> {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Integer.compare(x[i] & 0xff, y[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    };

    private GoValues() {
    }

    /** Whether {@code value} is a scalar that prints as Go prints it. */
    static boolean printable(Object value) {
        return value instanceof String || value instanceof Boolean || isInteger(value) || isFloat(value);
    }

    /** {@code fmt.Sprint(value)} for a printable value. */
    static String print(Object value) {
        if (isFloat(value)) {
            return formatFloat(((Number) value).doubleValue());
        }
        return String.valueOf(value);
    }

    /** Go's truth: false, 0, empty strings, lists and maps, nil and missing values are false; structs are true. */
    static boolean truth(Object value) {
        if (value == MISSING || value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        if (value instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (value instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (isInteger(value)) {
            return value instanceof BigInteger big ? big.signum() != 0 : ((Number) value).longValue() != 0;
        }
        if (isFloat(value)) {
            return ((Number) value).doubleValue() != 0;
        }
        return true;
    }

    /** What a value is, for messages. */
    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof GoStruct s) {
            return "a struct (" + s.type() + ")";
        }
        if (value instanceof Map<?, ?>) {
            return "a map";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }

    static boolean isInteger(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger;
    }

    static boolean isFloat(Object value) {
        return value instanceof Double || value instanceof Float || value instanceof BigDecimal;
    }

    /**
     * A float64 as Go's %v prints it (strconv's 'g' format, shortest precision): the shortest decimal that reads back
     * as the same float64, in exponent form when its exponent is below -4 or at least 6 (1e+06, but 123456).
     */
    static String formatFloat(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        boolean negative = value < 0 || (value == 0 && 1 / value < 0);
        if (value == 0) {
            return negative ? "-0" : "0";
        }
        BigDecimal shortest = shortest(Math.abs(value));
        String digits = shortest.unscaledValue().toString();
        int pointAt = digits.length() - shortest.scale(); // digits d1 d2 ... with the point after pointAt of them
        int exponent = pointAt - 1;
        StringBuilder out = new StringBuilder(negative ? "-" : "");
        if (exponent < -4 || exponent >= 6) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int magnitude = Math.abs(exponent);
            out.append(magnitude < 10 ? "0" + magnitude : Integer.toString(magnitude));
            return out.toString();
        }
        if (pointAt <= 0) {
            out.append("0.").append("0".repeat(-pointAt)).append(digits);
        } else if (pointAt >= digits.length()) {
            out.append(digits).append("0".repeat(pointAt - digits.length()));
        } else {
            out.append(digits, 0, pointAt).append('.').append(digits, pointAt, digits.length());
        }
        return out.toString();
    }

    /** The decimal with the fewest digits that reads back as {@code value} (the nearest one of that length). */
    private static BigDecimal shortest(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == value) {
                return candidate.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }
}
