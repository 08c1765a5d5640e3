package dev.signet.identity.ciprovider;

import dev.signet.identity.Claims;
import dev.signet.identity.ciprovider.TemplateTree.Call;
import dev.signet.identity.ciprovider.TemplateTree.Expr;
import dev.signet.identity.ciprovider.TemplateTree.Fields;
import dev.signet.identity.ciprovider.TemplateTree.If;
import dev.signet.identity.ciprovider.TemplateTree.Literal;
import dev.signet.identity.ciprovider.TemplateTree.Node;
import dev.signet.identity.ciprovider.TemplateTree.Print;
import dev.signet.identity.ciprovider.TemplateTree.Root;
import dev.signet.identity.ciprovider.TemplateTree.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Executes a parsed template with Go's {@code missingkey=error} rules: a field that is not in the
 * data fails, while {@code index} of an absent key gives the empty string, as Go's does for a
 * string map. Values are strings (claims stringified as Go prints them), booleans (from the
 * functions), or claim objects and arrays, which may be navigated but never printed.
 */
final class TemplateEvaluator {
    private final Map<String, Object> data;
    private final int maxLength;
    private final StringBuilder out = new StringBuilder();

    private TemplateEvaluator(Map<String, Object> data, int maxLength) {
        this.data = data;
        this.maxLength = maxLength;
    }

    static String run(List<Node> body, Map<String, Object> data, int maxLength) {
        TemplateEvaluator evaluator = new TemplateEvaluator(data, maxLength);
        evaluator.write(body);
        return evaluator.out.toString();
    }

    /** The value of a bare claim or default name, as the template {@code {{ .name }}} would print it. */
    static String lookup(String name, Map<String, Object> data, int maxLength) {
        Object value = data.get(name);
        if (value == null) {
            throw missing(name);
        }
        String text = text(normalize(value), name);
        if (text.length() > maxLength) {
            throw tooLong(maxLength);
        }
        return text;
    }

    private void write(List<Node> nodes) {
        for (Node node : nodes) {
            if (node instanceof Text text) {
                append(text.text());
            } else if (node instanceof Print print) {
                append(text(evaluate(print.expression()), describe(print.expression())));
            } else if (node instanceof If branch) {
                write(isTrue(evaluate(branch.condition())) ? branch.then() : branch.otherwise());
            }
        }
    }

    private void append(String text) {
        if (out.length() + text.length() > maxLength) {
            throw tooLong(maxLength);
        }
        out.append(text);
    }

    private Object evaluate(Expr expr) {
        if (expr instanceof Root) {
            return data;
        }
        if (expr instanceof Literal literal) {
            return literal.value();
        }
        if (expr instanceof Fields fields) {
            Object value = evaluate(fields.base());
            for (String name : fields.names()) {
                value = field(value, name);
            }
            return value;
        }
        Call call = (Call) expr;
        return switch (call.function()) {
            case INDEX -> index(call.arguments());
            case EQ -> equalsAny(call.arguments());
            case NE -> !same(evaluate(call.arguments().get(0)), evaluate(call.arguments().get(1)));
            case NOT -> !isTrue(evaluate(call.arguments().get(0)));
            case AND -> andOr(call.arguments(), false);
            case OR -> andOr(call.arguments(), true);
        };
    }

    private static Object field(Object value, String name) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new TemplateException("can't evaluate field " + name + " in " + kind(value));
        }
        Object found = map.get(name);
        if (found == null) {
            throw missing(name);
        }
        return normalize(found);
    }

    private Object index(List<Expr> arguments) {
        Object item = evaluate(arguments.get(0));
        for (Expr argument : arguments.subList(1, arguments.size())) {
            Object key = evaluate(argument);
            if (!(key instanceof String name)) {
                throw new TemplateException("index with a " + kind(key) + " key");
            }
            if (!(item instanceof Map<?, ?> map)) {
                throw new TemplateException("can't index item of type " + kind(item));
            }
            Object found = map.get(name);
            // Go's index gives the zero value for an absent map key, whatever missingkey says.
            item = found == null ? "" : normalize(found);
        }
        return item;
    }

    private boolean equalsAny(List<Expr> arguments) {
        List<Object> values = new ArrayList<>(arguments.size());
        for (Expr argument : arguments) {
            values.add(evaluate(argument));
        }
        for (Object candidate : values.subList(1, values.size())) {
            if (same(values.get(0), candidate)) {
                return true;
            }
        }
        return false;
    }

    /** Go's and/or: short-circuit, returning the deciding argument itself. */
    private Object andOr(List<Expr> arguments, boolean stopWhen) {
        Object value = null;
        for (Expr argument : arguments) {
            value = evaluate(argument);
            if (isTrue(value) == stopWhen) {
                return value;
            }
        }
        return value;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Map || a instanceof List || b instanceof Map || b instanceof List) {
            throw new TemplateException("non-comparable type " + kind(a instanceof Map || a instanceof List ? a : b));
        }
        if (a.getClass() != b.getClass()) {
            throw new TemplateException("incompatible types for comparison: " + kind(a) + " and " + kind(b));
        }
        return a.equals(b);
    }

    private static boolean isTrue(Object value) {
        if (value instanceof String text) {
            return !text.isEmpty();
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof Map<?, ?> map) {
            return !map.isEmpty();
        }
        return value instanceof List<?> list && !list.isEmpty();
    }

    /** Claim scalars become the strings Fulcio's claim map holds; objects and arrays stay navigable. */
    static Object normalize(Object value) {
        if (value instanceof String || value instanceof Map || value instanceof List) {
            return value;
        }
        return Claims.stringify(value)
                .orElseThrow(() -> new TemplateException("claim value of unsupported type " + kind(value)));
    }

    private static String text(Object value, String what) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Boolean bool) {
            return bool.toString();
        }
        // Go would print its map syntax here; a certificate value made of that is never intended.
        throw new TemplateException("value of " + what + " is a JSON " + kind(value) + ", not text");
    }

    private static String describe(Expr expr) {
        if (expr instanceof Fields fields) {
            return "." + String.join(".", fields.names());
        }
        if (expr instanceof Call call) {
            return call.function().templateName();
        }
        return ".";
    }

    private static String kind(Object value) {
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        return value == null ? "nil" : value.getClass().getSimpleName();
    }

    private static TemplateException missing(String name) {
        return new TemplateException("value <" + name + "> not present in either claims or defaults");
    }

    private static TemplateException tooLong(int maxLength) {
        return new TemplateException("result is longer than " + maxLength + " characters");
    }
}
