package dev.signet.identity.ciprovider;

import java.util.List;

/** The parsed form of a claim template: text, printed expressions and conditionals. */
final class TemplateTree {

    private TemplateTree() {
    }

    /** A piece of a template body. */
    sealed interface Node permits Text, Print, If {
    }

    /** Literal text, already trimmed by any adjacent {@code {{-} / {@code -}}} markers. */
    record Text(String text) implements Node {
    }

    /** {@code {{ expression }}}: the expression's value is written out. */
    record Print(Expr expression) implements Node {
    }

    /** {@code {{ if condition }}…{{ else }}…{{ end }}}; {@code else if} nests another If in {@code otherwise}. */
    record If(Expr condition, List<Node> then, List<Node> otherwise) implements Node {
    }

    /** Something that has a value. */
    sealed interface Expr permits Root, Fields, Literal, Call {
    }

    /** {@code .} or {@code $}: the whole data map. */
    record Root() implements Expr {
    }

    /** {@code base.a.b}: field lookups in maps, each of which must exist. */
    record Fields(Expr base, List<String> names) implements Expr {
    }

    /** A string or boolean constant. */
    record Literal(Object value) implements Expr {
    }

    /** One of the allowed functions applied to its arguments. */
    record Call(TemplateFunction function, List<Expr> arguments) implements Expr {
    }
}
