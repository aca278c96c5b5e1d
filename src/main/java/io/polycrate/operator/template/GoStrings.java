package io.polycrate.operator.template;

/** Go's string constants ({@code strconv.Unquote} of a double-quoted string), as far as Java strings hold them. */
final class GoStrings {
    private GoStrings() {
    }

    /** The value of {@code quoted} ("..." with Go's escapes). */
    static String unquote(String quoted) throws TemplateException {
        StringBuilder out = new StringBuilder();
        int i = 1;
        int end = quoted.length() - 1;
        while (i < end) {
            char c = quoted.charAt(i);
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            char e = quoted.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case '\\' -> out.append('\\');
                case '"' -> out.append('"');
                case 'x' -> {
                    out.appendCodePoint(byteValue(quoted, i, 2, 16));
                    i += 2;
                }
                case 'u' -> {
                    out.appendCodePoint(codePoint(quoted, i, 4));
                    i += 4;
                }
                case 'U' -> {
                    out.appendCodePoint(codePoint(quoted, i, 8));
                    i += 8;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        out.appendCodePoint(byteValue(quoted, i - 1, 3, 8));
                        i += 2;
                    } else {
                        throw new TemplateException("invalid syntax in string constant " + quoted
                                + " (unknown escape \\" + e + ")");
                    }
                }
            }
        }
        return out.toString();
    }

    /** A \x or octal escape: a byte; only ASCII ones are single characters here. */
    private static int byteValue(String quoted, int at, int digits, int radix) throws TemplateException {
        int value = parse(quoted, at, digits, radix);
        if (value > 0x7f) {
            throw new TemplateException("string constant " + quoted + " has a byte escape above 0x7f, "
                    + "which is not supported here (use \\u)");
        }
        return value;
    }

    private static int codePoint(String quoted, int at, int digits) throws TemplateException {
        int value = parse(quoted, at, digits, 16);
        if (value > Character.MAX_CODE_POINT || (value >= 0xd800 && value <= 0xdfff)) {
            throw new TemplateException("invalid syntax in string constant " + quoted + " (invalid code point)");
        }
        return value;
    }

    private static int parse(String quoted, int at, int digits, int radix) throws TemplateException {
        if (at + digits > quoted.length() - 1) {
            throw new TemplateException("invalid syntax in string constant " + quoted);
        }
        int value = 0;
        for (int k = at; k < at + digits; k++) {
            int digit = Character.digit(quoted.charAt(k), radix);
            if (digit < 0) {
                throw new TemplateException("invalid syntax in string constant " + quoted);
            }
            value = value * radix + digit;
        }
        return value;
    }
}
