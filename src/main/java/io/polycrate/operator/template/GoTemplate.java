package io.polycrate.operator.template;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * Renders Go text/template text as Go does, for the subset Polycrate's workspaces use: field paths into structs
 * ({@link GoStruct}) and free-form maps, {@code index}, string constants, {@code if}/{@code else if}/{@code else} and
 * {@code range}, with trim markers and comments. Everything else is refused with a {@link TemplateException}, and so
 * is what Go would print as a placeholder ("&lt;no value&gt;" for a missing key or null, a whole map): a
 * template either renders as Polycrate renders it or says why not. Text without "{{" is returned unchanged. Pure code.
 */
public final class GoTemplate {
    private final List<TemplateNode> nodes;

    private GoTemplate(List<TemplateNode> nodes) {
        this.nodes = nodes;
    }

    /** Parses {@code text}. */
    public static GoTemplate parse(String text) throws TemplateException {
        return new GoTemplate(TemplateParser.parse(text));
    }

    /** Renders {@code text} with {@code data} as dot; text without an action is returned as it is. */
    public static String render(String text, Object data) throws TemplateException {
        if (!text.contains("{{")) {
            return text;
        }
        return parse(text).execute(data);
    }

    public String execute(Object data) throws TemplateException {
        StringBuilder out = new StringBuilder();
        new Execution(data, out).walk(data, nodes);
        return out.toString();
    }

    /** One execution: the output and the variables in scope ($ first). */
    private static final class Execution {
        private final StringBuilder out;
        private final List<Map.Entry<String, Object>> variables = new ArrayList<>();

        Execution(Object data, StringBuilder out) {
            this.out = out;
            variables.add(new SimpleImmutableEntry<>("$", data));
        }

        void walk(Object dot, List<TemplateNode> list) throws TemplateException {
            for (TemplateNode node : list) {
                if (node instanceof Text text) {
                    out.append(text.text());
                } else if (node instanceof Print print) {
                    out.append(printed(print.expr(), eval(dot, print.expr())));
                } else if (node instanceof If ifNode) {
                    walkIf(dot, ifNode);
                } else if (node instanceof Range range) {
                    walkRange(dot, range);
                }
            }
        }

        private void walkIf(Object dot, If node) throws TemplateException {
            for (Branch branch : node.branches()) {
                if (GoValues.truth(eval(dot, branch.condition()))) {
                    walk(dot, branch.body());
                    return;
                }
            }
            walk(dot, node.elseList());
        }

        private void walkRange(Object dot, Range range) throws TemplateException {
            Object value = eval(dot, range.expr());
            int mark = variables.size();
            // as Go does, the declared variables hold the ranged value itself until an iteration sets them; ranging
            // over a missing or null value renders the else branch
            declare(range, value, value);
            boolean iterated = false;
            if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    iterated = true;
                    iterate(range, i, list.get(i));
                }
            } else if (value instanceof Map<?, ?> map) {
                List<String> keys = new ArrayList<>();
                map.keySet().forEach(key -> keys.add(String.valueOf(key)));
                keys.sort(GoValues.KEY_ORDER);
                for (String key : keys) {
                    iterated = true;
                    iterate(range, key, map.get(key));
                }
            } else if (value != GoValues.MISSING && value != null) {
                throw new TemplateException("range can't iterate over " + range.expr().source() + ": it is "
                        + GoValues.describe(value) + (GoValues.isInteger(value) ? " (ranging over a number is "
                                + "not supported: " + TemplateParser.SUBSET + ")" : ""));
            }
            if (!iterated) {
                walk(dot, range.elseList());
            }
            variables.subList(mark, variables.size()).clear();
        }

        private void iterate(Range range, Object key, Object element) throws TemplateException {
            int mark = variables.size();
            declare(range, key, element);
            walk(element, range.body());
            variables.subList(mark, variables.size()).clear();
        }

        private void declare(Range range, Object key, Object element) {
            if (range.keyVariable() != null) {
                variables.add(new SimpleImmutableEntry<>(range.keyVariable(), key));
            }
            if (range.valueVariable() != null) {
                variables.add(new SimpleImmutableEntry<>(range.valueVariable(), element));
            }
        }

        private Object eval(Object dot, Expr expr) throws TemplateException {
            if (expr instanceof StringConstant constant) {
                return constant.value();
            }
            if (expr instanceof IntConstant constant) {
                return constant.value();
            }
            if (expr instanceof Index index) {
                return index(dot, index);
            }
            Fields fields = (Fields) expr;
            Object value = fields.base().equals(".") ? dot : variable(fields.base());
            String path = fields.base().equals(".") ? "" : fields.base();
            for (String field : fields.fields()) {
                value = field(value, path, field);
                path = path + "." + field;
            }
            return value;
        }

        private Object variable(String name) {
            for (int i = variables.size() - 1; i >= 0; i--) {
                if (variables.get(i).getKey().equals(name)) {
                    return variables.get(i).getValue();
                }
            }
            return GoValues.MISSING; // the parser refuses undeclared variables
        }

        /** {@code receiver.name}, where {@code path} says how the receiver was reached. */
        private Object field(Object receiver, String path, String name) throws TemplateException {
            String where = path.isEmpty() ? "." : path;
            if (receiver == GoValues.MISSING) {
                return GoValues.MISSING; // Go: a field of a missing value is missing too
            }
            if (receiver instanceof GoStruct struct) {
                if (struct.fields().containsKey(name)) {
                    return struct.fields().get(name);
                }
                String why = struct.unavailable().get(name);
                if (why != null) {
                    throw new TemplateException(path + "." + name + ": " + why);
                }
                throw new TemplateException("can't evaluate field " + name + " in type " + struct.type()
                        + " (" + where + ")");
            }
            if (receiver instanceof Map<?, ?> map) {
                return map.containsKey(name) ? map.get(name) : GoValues.MISSING;
            }
            if (receiver == null) {
                throw new TemplateException("nil pointer evaluating " + path + "." + name + " (" + where
                        + " is null)");
            }
            throw new TemplateException("can't evaluate field " + name + " of " + where + ": it is "
                    + GoValues.describe(receiver) + (receiver instanceof List<?> ? " (use index for its elements)" : ""));
        }

        private Object index(Object dot, Index index) throws TemplateException {
            Object item = eval(dot, index.item());
            String where = index.item().source();
            for (Expr keyExpr : index.keys()) {
                Object key = eval(dot, keyExpr);
                if (item == null || item == GoValues.MISSING) {
                    throw new TemplateException("error calling index: index of untyped nil (" + where
                            + (item == null ? " is null)" : " has no value)"));
                }
                if (item instanceof List<?> list) {
                    if (!GoValues.isInteger(key)) {
                        throw new TemplateException("error calling index: cannot index " + where
                                + " (a list) with " + keyExpr.source() + " (" + GoValues.describe(key) + ")");
                    }
                    long i = ((Number) key).longValue();
                    if (i < 0 || i >= list.size()) {
                        throw new TemplateException("error calling index: index out of range: " + i + " (" + where
                                + " has " + list.size() + " elements)");
                    }
                    item = list.get((int) i);
                } else if (item instanceof Map<?, ?> map) {
                    if (!(key instanceof String name)) {
                        throw TemplateParser.unsupported("indexing a map (" + where + ") with "
                                + GoValues.describe(key));
                    }
                    // Go: a missing key gives the map's zero element, nil
                    item = map.get(name);
                } else {
                    throw new TemplateException("error calling index: can't index item of type "
                            + (item instanceof GoStruct s ? s.type() : GoValues.describe(item)) + " (" + where + ")"
                            + (item instanceof String ? ": indexing a string is not supported" : ""));
                }
                where = where + "[" + keyExpr.source() + "]";
            }
            return item;
        }

        private static String printed(Expr expr, Object value) throws TemplateException {
            if (GoValues.printable(value)) {
                return GoValues.print(value);
            }
            if (value == GoValues.MISSING) {
                throw new TemplateException(expr.source() + " has no value: a key on its path is missing "
                        + "(Go would print \"<no value>\")");
            }
            if (value == null) {
                throw new TemplateException(expr.source() + " is null or a missing key (Go would print \"<no value>\")");
            }
            throw new TemplateException(expr.source() + " is " + GoValues.describe(value)
                    + ", not a value to print; print one of its values");
        }
    }
}
