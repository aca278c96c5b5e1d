package io.polycrate.operator.template;

import java.util.List;

/** The parsed subset of Go's text/template: text, printed pipelines, if/else if/else and range. */
sealed interface TemplateNode {

    /** Text outside actions, printed as it is. */
    record Text(String text) implements TemplateNode {
    }

    /** {@code {{ expr }}}: the value printed. */
    record Print(Expr expr) implements TemplateNode {
    }

    /** {@code {{ if a }}...{{ else if b }}...{{ else }}...{{ end }}}. */
    record If(List<Branch> branches, List<TemplateNode> elseList) implements TemplateNode {
    }

    /** One condition of an if and what it renders. */
    record Branch(Expr condition, List<TemplateNode> body) {
    }

    /**
     * {@code {{ range [$k, ]$v := expr }}...{{ else }}...{{ end }}}; {@code keyVariable} and {@code valueVariable}
     * are null when not declared.
     */
    record Range(String keyVariable, String valueVariable, Expr expr, List<TemplateNode> body,
            List<TemplateNode> elseList) implements TemplateNode {
    }

    /** An expression; {@code source} is how it was written, for messages. */
    sealed interface Expr {
        String source();
    }

    /**
     * A field chain from a base: {@code .A.B} (base "."), {@code $.A} (base "$"), {@code $v.A} (base "$v"); an empty
     * chain is the base itself.
     */
    record Fields(String base, List<String> fields, String source) implements Expr {
    }

    /** {@code index item key...}. */
    record Index(Expr item, List<Expr> keys, String source) implements Expr {
    }

    /** A string constant ("..." or a raw `...`). */
    record StringConstant(String value, String source) implements Expr {
    }

    /** An integer constant (decimal). */
    record IntConstant(long value, String source) implements Expr {
    }
}
