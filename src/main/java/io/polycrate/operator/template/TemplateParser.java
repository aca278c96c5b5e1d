package io.polycrate.operator.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.polycrate.operator.template.TemplateLexer.Kind;
import io.polycrate.operator.template.TemplateLexer.Token;
import io.polycrate.operator.template.TemplateNode.Branch;
import io.polycrate.operator.template.TemplateNode.Expr;
import io.polycrate.operator.template.TemplateNode.Fields;
import io.polycrate.operator.template.TemplateNode.If;
import io.polycrate.operator.template.TemplateNode.Index;
import io.polycrate.operator.template.TemplateNode.IntConstant;
import io.polycrate.operator.template.TemplateNode.Print;
import io.polycrate.operator.template.TemplateNode.Range;
import io.polycrate.operator.template.TemplateNode.StringConstant;
import io.polycrate.operator.template.TemplateNode.Text;

/**
 * Parses the subset of Go's text/template this operator renders: field paths ({@code .Block.Config.x}, {@code $},
 * range variables), {@code index}, string constants, {@code if}/{@code else if}/{@code else} and {@code range}.
 * Go's other constructs are recognised and refused by name, so nothing passes through unrendered.
 */
final class TemplateParser {
    /** Go's predefined template functions: known to Go, refused here (except index). */
    private static final Set<String> GO_FUNCTIONS = Set.of("and", "call", "html", "index", "slice", "js", "len",
            "not", "or", "print", "printf", "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne");
    static final String SUBSET = "this operator renders field paths (.Block.Config.x), index, "
            + "if/else if/else and range, nothing else";

    private enum Ending { EOF, END, ELSE, ELSE_IF }

    private record Body(List<TemplateNode> nodes, Ending ending) {
    }

    /** An operand: an expression, or the name of a function (only valid first in a command). */
    private record Operand(Expr expr, String function, String source) {
    }

    private final List<Token> tokens;
    private final List<String> variables = new ArrayList<>(List.of("$"));
    private int at;

    private TemplateParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<TemplateNode> parse(String text) throws TemplateException {
        TemplateParser parser = new TemplateParser(TemplateLexer.lex(text));
        Body body = parser.list();
        return switch (body.ending()) {
            case EOF -> body.nodes();
            case END -> throw new TemplateException("unexpected {{end}}");
            default -> throw new TemplateException("unexpected {{else}}");
        };
    }

    private Body list() throws TemplateException {
        List<TemplateNode> nodes = new ArrayList<>();
        while (at < tokens.size()) {
            Token token = tokens.get(at++);
            if (token.kind() == Kind.TEXT) {
                nodes.add(new Text(token.value()));
                continue;
            }
            Token first = nextNonSpace();
            if (first.kind() == Kind.KEYWORD) {
                switch (first.text()) {
                    case "end" -> {
                        expectRightDelim("end");
                        return new Body(nodes, Ending.END);
                    }
                    case "else" -> {
                        Token next = nextNonSpace();
                        if (next.kind() == Kind.RIGHT_DELIM) {
                            return new Body(nodes, Ending.ELSE);
                        }
                        if (next.kind() == Kind.KEYWORD && next.text().equals("if")) {
                            return new Body(nodes, Ending.ELSE_IF);
                        }
                        throw unsupportedOr(next, "{{else " + next.text() + "}}", "unexpected " + next.text()
                                + " in else");
                    }
                    case "if" -> nodes.add(ifNode());
                    case "range" -> nodes.add(range());
                    default -> throw unsupported("{{" + first.text() + "}}");
                }
                continue;
            }
            at--;
            Expr expr = pipeline("command");
            expectRightDelim("command");
            nodes.add(new Print(expr));
        }
        return new Body(nodes, Ending.EOF);
    }

    private If ifNode() throws TemplateException {
        List<Branch> branches = new ArrayList<>();
        Expr condition = pipeline("if");
        expectRightDelim("if");
        while (true) {
            Body body = list();
            branches.add(new Branch(condition, body.nodes()));
            switch (body.ending()) {
                case END -> {
                    return new If(branches, List.of());
                }
                case ELSE_IF -> {
                    condition = pipeline("if");
                    expectRightDelim("if");
                }
                case ELSE -> {
                    Body otherwise = list();
                    if (otherwise.ending() != Ending.END) {
                        throw new TemplateException(otherwise.ending() == Ending.EOF ? "unexpected EOF"
                                : "expected end; found {{else}}");
                    }
                    return new If(branches, otherwise.nodes());
                }
                default -> throw new TemplateException("unexpected EOF");
            }
        }
    }

    private Range range() throws TemplateException {
        String key = null;
        String value = null;
        int start = at;
        Token first = nextNonSpace();
        if (first.kind() == Kind.VARIABLE) {
            Token next = nextNonSpace();
            if (next.kind() == Kind.DECLARE) {
                value = first.text();
            } else if (next.kind() == Kind.CHAR && next.text().equals(",")) {
                Token second = nextNonSpace();
                if (second.kind() != Kind.VARIABLE || nextNonSpace().kind() != Kind.DECLARE) {
                    throw new TemplateException("range can only initialize variables: {{range $i, $v := ...}}");
                }
                key = first.text();
                value = second.text();
            } else if (next.kind() == Kind.ASSIGN) {
                throw unsupported("assigning to a variable ({{range " + first.text() + " = ...}})");
            } else {
                at = start;
            }
        } else {
            at = start;
        }
        Expr expr = pipeline("range");
        expectRightDelim("range");
        int declared = variables.size();
        if (key != null) {
            variables.add(key);
        }
        if (value != null) {
            variables.add(value);
        }
        Body body = list();
        List<TemplateNode> otherwise = List.of();
        if (body.ending() == Ending.ELSE) {
            Body elseBody = list();
            if (elseBody.ending() != Ending.END) {
                throw new TemplateException(elseBody.ending() == Ending.EOF ? "unexpected EOF"
                        : "expected end; found {{else}}");
            }
            otherwise = elseBody.nodes();
        } else if (body.ending() == Ending.ELSE_IF) {
            throw unsupported("{{else if}} in a range");
        } else if (body.ending() == Ending.EOF) {
            throw new TemplateException("unexpected EOF");
        }
        variables.subList(declared, variables.size()).clear();
        return new Range(key, value, expr, body.nodes(), otherwise);
    }

    private Expr pipeline(String context) throws TemplateException {
        int start = at;
        Token first = nextNonSpace();
        if (first.kind() == Kind.VARIABLE) {
            Token next = nextNonSpace();
            if (next.kind() == Kind.DECLARE || next.kind() == Kind.ASSIGN
                    || (next.kind() == Kind.CHAR && next.text().equals(","))) {
                throw unsupported("declaring or assigning a variable outside range ({{" + first.text() + " "
                        + next.text() + " ...}})");
            }
        }
        at = start;
        Expr command = command(context);
        skipSpace();
        if (at < tokens.size() && tokens.get(at).kind() == Kind.PIPE) {
            throw unsupported("a pipeline with | (" + command.source() + " | ...)");
        }
        return command;
    }

    private Expr command(String context) throws TemplateException {
        List<Operand> operands = new ArrayList<>();
        while (true) {
            skipSpace();
            if (at >= tokens.size()) {
                throw new TemplateException("unclosed action");
            }
            Kind kind = tokens.get(at).kind();
            if (kind == Kind.RIGHT_DELIM || kind == Kind.PIPE) {
                break;
            }
            operands.add(operand());
        }
        if (operands.isEmpty()) {
            throw new TemplateException("missing value for " + context);
        }
        Operand first = operands.get(0);
        List<Operand> arguments = operands.subList(1, operands.size());
        if (first.function() != null) {
            if (!first.function().equals("index")) {
                throw GO_FUNCTIONS.contains(first.function()) ? unsupported("the function " + first.function())
                        : new TemplateException("function \"" + first.function() + "\" not defined");
            }
            if (arguments.isEmpty()) {
                throw new TemplateException("wrong number of args for index: want at least 1 got 0");
            }
            List<Expr> values = new ArrayList<>();
            for (Operand argument : arguments) {
                if (argument.function() != null) {
                    throw unsupported("a function as an argument (" + argument.function() + ")");
                }
                values.add(argument.expr());
            }
            String source = "index " + String.join(" ", arguments.stream().map(Operand::source).toList());
            return new Index(values.get(0), List.copyOf(values.subList(1, values.size())), source);
        }
        if (!arguments.isEmpty()) {
            throw new TemplateException("can't give argument to non-function " + first.source());
        }
        return first.expr();
    }

    private Operand operand() throws TemplateException {
        Token token = tokens.get(at++);
        switch (token.kind()) {
            case FIELD -> {
                return chain(".", new ArrayList<>(List.of(token.text().substring(1))));
            }
            case DOT -> {
                return chain(".", new ArrayList<>());
            }
            case VARIABLE -> {
                if (!variables.contains(token.text())) {
                    throw new TemplateException("undefined variable \"" + token.text() + "\"");
                }
                return chain(token.text(), new ArrayList<>());
            }
            case STRING -> {
                noFieldAfter(token);
                return new Operand(new StringConstant(token.value(), token.text()), null, token.text());
            }
            case NUMBER -> {
                noFieldAfter(token);
                if (!token.text().matches("[+-]?(0|[1-9][0-9]{0,17})")) {
                    throw unsupported("the number " + token.text() + " (only decimal integers are)");
                }
                return new Operand(new IntConstant(Long.parseLong(token.text()), token.text()), null, token.text());
            }
            case IDENTIFIER -> {
                return new Operand(null, token.text(), token.text());
            }
            case BOOL, NIL, CHAR_CONSTANT -> throw unsupported("the constant " + token.text());
            case LEFT_PAREN -> throw unsupported("a parenthesized pipeline");
            default -> throw new TemplateException("unexpected \"" + token.text() + "\" in operand");
        }
    }

    /** Adjacent fields after a base: {@code .A.B}, {@code $v.A}. */
    private Operand chain(String base, List<String> fields) throws TemplateException {
        while (at < tokens.size() && tokens.get(at).kind() == Kind.FIELD) {
            fields.add(tokens.get(at++).text().substring(1));
        }
        if (at < tokens.size() && tokens.get(at).kind() == Kind.DOT) {
            throw new TemplateException("unexpected . after term");
        }
        String source = base.equals(".") ? (fields.isEmpty() ? "." : "." + String.join(".", fields))
                : base + (fields.isEmpty() ? "" : "." + String.join(".", fields));
        return new Operand(new Fields(base, List.copyOf(fields), source), null, source);
    }

    private void noFieldAfter(Token token) throws TemplateException {
        if (at < tokens.size() && (tokens.get(at).kind() == Kind.FIELD || tokens.get(at).kind() == Kind.DOT)) {
            throw new TemplateException("unexpected " + tokens.get(at).text() + " after term " + token.text());
        }
    }

    private void expectRightDelim(String context) throws TemplateException {
        Token token = nextNonSpace();
        if (token.kind() != Kind.RIGHT_DELIM) {
            throw new TemplateException("unexpected \"" + token.text() + "\" in " + context);
        }
    }

    private Token nextNonSpace() throws TemplateException {
        skipSpace();
        if (at >= tokens.size()) {
            throw new TemplateException("unclosed action");
        }
        return tokens.get(at++);
    }

    private void skipSpace() {
        while (at < tokens.size() && tokens.get(at).kind() == Kind.SPACE) {
            at++;
        }
    }

    private static TemplateException unsupportedOr(Token token, String construct, String otherwise) {
        return token.kind() == Kind.KEYWORD ? unsupported(construct) : new TemplateException(otherwise);
    }

    static TemplateException unsupported(String what) {
        return new TemplateException(what + " is not supported: " + SUBSET);
    }
}
