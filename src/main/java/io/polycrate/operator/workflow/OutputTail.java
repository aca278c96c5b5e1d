package io.polycrate.operator.workflow;

/**
 * The line of a step's output that says most about how it ended: its last non-empty line (scripts print the error
 * last), bounded so that a run's message stays one readable line. Pure code.
 */
final class OutputTail {
    /** Bound of the line taken into a run's message. */
    static final int MAX_LINE = 200;
    private static final String ELLIPSIS = "...";

    private OutputTail() {
    }

    /** The last non-blank line of {@code text}, stripped, cut to {@link #MAX_LINE} characters; null if none. */
    static String lastLine(String text) {
        if (text == null) {
            return null;
        }
        String line = text.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b)
                .orElse(null);
        if (line == null || line.length() <= MAX_LINE) {
            return line;
        }
        int end = MAX_LINE - ELLIPSIS.length();
        if (Character.isHighSurrogate(line.charAt(end - 1))) {
            end--; // never split a character (an emoji) in two
        }
        return line.substring(0, end) + ELLIPSIS;
    }
}
