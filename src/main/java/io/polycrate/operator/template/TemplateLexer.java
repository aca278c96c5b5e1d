package io.polycrate.operator.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a template into text and the tokens of its actions as Go's text/template lexer does: {{ and }}
 * delimiters, the trim markers "{{- " and " -}}", comments, fields, variables, identifiers, strings, numbers.
 */
final class TemplateLexer {
    private static final String LEFT = "{{";
    private static final String RIGHT = "}}";
    private static final Set<String> KEYWORDS = Set.of("block", "break", "continue", "define", "else", "end", "if",
            "range", "template", "with");

    /** What a token is. */
    enum Kind {
        TEXT, LEFT_DELIM, RIGHT_DELIM, SPACE, FIELD, DOT, VARIABLE, IDENTIFIER, KEYWORD, BOOL, NIL, STRING, NUMBER,
        CHAR_CONSTANT, LEFT_PAREN, RIGHT_PAREN, PIPE, DECLARE, ASSIGN, CHAR
    }

    /** One token; {@code value} is the text's meaning (a string constant unquoted), else the text itself. */
    record Token(Kind kind, String text, String value) {
        Token(Kind kind, String text) {
            this(kind, text, text);
        }
    }

    private final String input;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private TemplateLexer(String input) {
        this.input = input;
    }

    static List<Token> lex(String input) throws TemplateException {
        TemplateLexer lexer = new TemplateLexer(input);
        lexer.run();
        return lexer.tokens;
    }

    private void run() throws TemplateException {
        boolean trimLeadingSpace = false;
        while (pos <= input.length()) {
            int start = input.indexOf(LEFT, pos);
            String text = input.substring(pos, start < 0 ? input.length() : start);
            if (trimLeadingSpace) {
                text = stripLeading(text);
            }
            if (start < 0) {
                addText(text);
                return;
            }
            int after = start + LEFT.length();
            if (hasLeftTrimMarker(after)) {
                text = stripTrailing(text);
                after += 2;
            }
            addText(text);
            if (input.startsWith("/*", after)) {
                trimLeadingSpace = comment(after);
                continue;
            }
            tokens.add(new Token(Kind.LEFT_DELIM, LEFT));
            pos = after;
            trimLeadingSpace = insideAction();
        }
    }

    /** Skips a comment starting at {@code at}; returns whether it ends with a trim marker. */
    private boolean comment(int at) throws TemplateException {
        int close = input.indexOf("*/", at + 2);
        if (close < 0) {
            throw new TemplateException("unclosed comment");
        }
        int end = close + 2;
        if (hasRightTrimMarker(end) && input.startsWith(RIGHT, end + 2)) {
            pos = end + 2 + RIGHT.length();
            return true;
        }
        if (input.startsWith(RIGHT, end)) {
            pos = end + RIGHT.length();
            return false;
        }
        throw new TemplateException("comment ends before closing delimiter");
    }

    /** Lexes one action up to and with its right delimiter; returns whether that has a trim marker. */
    private boolean insideAction() throws TemplateException {
        while (true) {
            if (hasRightTrimMarker(pos) && input.startsWith(RIGHT, pos + 2)) {
                tokens.add(new Token(Kind.RIGHT_DELIM, RIGHT));
                pos += 2 + RIGHT.length();
                return true;
            }
            if (input.startsWith(RIGHT, pos)) {
                tokens.add(new Token(Kind.RIGHT_DELIM, RIGHT));
                pos += RIGHT.length();
                return false;
            }
            if (pos >= input.length()) {
                throw new TemplateException("unclosed action");
            }
            char c = input.charAt(pos);
            if (isSpace(c)) {
                int start = pos;
                do {
                    pos++;
                } while (pos < input.length() && isSpace(input.charAt(pos))
                        && !(hasRightTrimMarker(pos) && input.startsWith(RIGHT, pos + 2)));
                tokens.add(new Token(Kind.SPACE, input.substring(start, pos)));
            } else if (c == '=') {
                single(Kind.ASSIGN);
            } else if (c == ':') {
                if (!input.startsWith(":=", pos)) {
                    throw new TemplateException("expected :=");
                }
                tokens.add(new Token(Kind.DECLARE, ":="));
                pos += 2;
            } else if (c == '|') {
                single(Kind.PIPE);
            } else if (c == '"') {
                quoted();
            } else if (c == '`') {
                raw();
            } else if (c == '\'') {
                charConstant();
            } else if (c == '$') {
                fieldOrVariable(Kind.VARIABLE);
            } else if (c == '.' && !(pos + 1 < input.length() && Character.isDigit(input.charAt(pos + 1)))) {
                fieldOrVariable(Kind.FIELD);
            } else if (c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9')) {
                number();
            } else if (isAlphaNumeric(c)) {
                identifier();
            } else if (c == '(') {
                single(Kind.LEFT_PAREN);
            } else if (c == ')') {
                single(Kind.RIGHT_PAREN);
            } else if (c <= 0x7f && c >= 0x20) {
                single(Kind.CHAR);
            } else {
                throw new TemplateException("unrecognized character in action: " + describe(input.codePointAt(pos)));
            }
        }
    }

    private void single(Kind kind) {
        tokens.add(new Token(kind, String.valueOf(input.charAt(pos))));
        pos++;
    }

    private void fieldOrVariable(Kind kind) throws TemplateException {
        int start = pos;
        pos++; // '.' or '$'
        if (atTerminator()) {
            tokens.add(new Token(kind == Kind.VARIABLE ? Kind.VARIABLE : Kind.DOT, input.substring(start, pos)));
            return;
        }
        while (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
            pos++;
        }
        if (!atTerminator()) {
            throw new TemplateException("bad character " + describe(input.codePointAt(pos)));
        }
        tokens.add(new Token(kind, input.substring(start, pos)));
    }

    private void identifier() throws TemplateException {
        int start = pos;
        while (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
            pos++;
        }
        if (!atTerminator()) {
            throw new TemplateException("bad character " + describe(input.codePointAt(pos)));
        }
        String word = input.substring(start, pos);
        Kind kind = KEYWORDS.contains(word) ? Kind.KEYWORD
                : word.equals("true") || word.equals("false") ? Kind.BOOL
                : word.equals("nil") ? Kind.NIL : Kind.IDENTIFIER;
        tokens.add(new Token(kind, word));
    }

    /** A number as Go would lex it (maximal run); the parser accepts only decimal integers of it. */
    private void number() {
        int start = pos;
        pos++;
        while (pos < input.length()) {
            char c = input.charAt(pos);
            char previous = input.charAt(pos - 1);
            boolean exponentSign = (c == '+' || c == '-') && "eEpP".indexOf(previous) >= 0;
            if (!(isAlphaNumeric(c) || c == '.' || exponentSign)) {
                break;
            }
            pos++;
        }
        tokens.add(new Token(Kind.NUMBER, input.substring(start, pos)));
    }

    private void quoted() throws TemplateException {
        int start = pos;
        pos++;
        while (true) {
            if (pos >= input.length() || input.charAt(pos) == '\n') {
                throw new TemplateException("unterminated quoted string");
            }
            char c = input.charAt(pos);
            if (c == '\\') {
                pos++;
                if (pos >= input.length() || input.charAt(pos) == '\n') {
                    throw new TemplateException("unterminated quoted string");
                }
            } else if (c == '"') {
                pos++;
                break;
            }
            pos++;
        }
        String text = input.substring(start, pos);
        tokens.add(new Token(Kind.STRING, text, GoStrings.unquote(text)));
    }

    private void raw() throws TemplateException {
        int close = input.indexOf('`', pos + 1);
        if (close < 0) {
            throw new TemplateException("unterminated raw quoted string");
        }
        String text = input.substring(pos, close + 1);
        // Go drops carriage returns from raw strings
        tokens.add(new Token(Kind.STRING, text, text.substring(1, text.length() - 1).replace("\r", "")));
        pos = close + 1;
    }

    private void charConstant() throws TemplateException {
        int start = pos;
        pos++;
        while (pos < input.length() && input.charAt(pos) != '\'' && input.charAt(pos) != '\n') {
            pos += input.charAt(pos) == '\\' ? 2 : 1;
        }
        if (pos >= input.length() || input.charAt(pos) != '\'') {
            throw new TemplateException("unterminated character constant");
        }
        pos++;
        tokens.add(new Token(Kind.CHAR_CONSTANT, input.substring(start, pos)));
    }

    private boolean atTerminator() {
        if (pos >= input.length()) {
            return true;
        }
        char c = input.charAt(pos);
        return isSpace(c) || ".,|:)(".indexOf(c) >= 0 || input.startsWith(RIGHT, pos);
    }

    private boolean hasLeftTrimMarker(int at) {
        return at + 1 < input.length() && input.charAt(at) == '-' && isSpace(input.charAt(at + 1));
    }

    private boolean hasRightTrimMarker(int at) {
        return at + 1 < input.length() && isSpace(input.charAt(at)) && input.charAt(at + 1) == '-';
    }

    private void addText(String text) {
        if (!text.isEmpty()) {
            tokens.add(new Token(Kind.TEXT, text));
        }
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** Go's isAlphaNumeric: '_', a Unicode letter or digit. */
    private static boolean isAlphaNumeric(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private static String stripLeading(String text) {
        int i = 0;
        while (i < text.length() && isSpace(text.charAt(i))) {
            i++;
        }
        return text.substring(i);
    }

    private static String stripTrailing(String text) {
        int i = text.length();
        while (i > 0 && isSpace(text.charAt(i - 1))) {
            i--;
        }
        return text.substring(0, i);
    }

    /** A character as Go's %#U shows it: U+002D '-'. */
    static String describe(int codePoint) {
        return String.format("U+%04X '%s'", codePoint, new String(Character.toChars(codePoint)));
    }
}
