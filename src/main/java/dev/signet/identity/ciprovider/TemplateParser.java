package dev.signet.identity.ciprovider;

import dev.signet.identity.ciprovider.TemplateTree.Call;
import dev.signet.identity.ciprovider.TemplateTree.Expr;
import dev.signet.identity.ciprovider.TemplateTree.Fields;
import dev.signet.identity.ciprovider.TemplateTree.If;
import dev.signet.identity.ciprovider.TemplateTree.Literal;
import dev.signet.identity.ciprovider.TemplateTree.Node;
import dev.signet.identity.ciprovider.TemplateTree.Print;
import dev.signet.identity.ciprovider.TemplateTree.Root;
import dev.signet.identity.ciprovider.TemplateTree.Text;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the subset of Go's text/template that CI issuer metadata uses: text, {@code {{ .a.b }}},
 * {@code $}, string and boolean literals, parentheses, the functions of {@link TemplateFunction},
 * {@code if}/{@code else if}/{@code else}/{@code end}, comments and the {@code {{-}/{@code -}}}
 * trim markers. Anything else (pipelines, variables, range, with, numbers, other functions) is a
 * parse error, so a configuration that relies on it fails at load rather than per request.
 */
final class TemplateParser {
    /** Deepest nesting of {@code if}s and parentheses together. */
    static final int MAX_DEPTH = 16;
    /** Most nodes and expressions in one template. */
    static final int MAX_ELEMENTS = 512;

    private static final Set<String> UNSUPPORTED_KEYWORDS = Set.of(
            "range", "with", "define", "template", "block", "break", "continue", "nil");

    private final String source;
    private int pos;
    private int elements;

    private TemplateParser(String source) {
        this.source = source;
    }

    /** The parsed body of {@code source}. */
    static List<Node> parse(String source) {
        return new TemplateParser(source).body();
    }

    // ---- body: text and actions --------------------------------------------------------

    /** An {@code if} still waiting for its {@code end}. */
    private static final class OpenIf {
        final If node;
        final boolean chainedFromElse;
        boolean inElse;

        OpenIf(If node, boolean chainedFromElse) {
            this.node = node;
            this.chainedFromElse = chainedFromElse;
        }

        List<Node> target() {
            return inElse ? node.otherwise() : node.then();
        }
    }

    private List<Node> body() {
        List<Node> root = new ArrayList<>();
        Deque<OpenIf> open = new ArrayDeque<>();
        boolean trimLeading = false;
        while (pos <= source.length()) {
            int delimiter = source.indexOf("{{", pos);
            String text = delimiter < 0 ? source.substring(pos) : source.substring(pos, delimiter);
            if (trimLeading) {
                text = stripLeadingSpace(text);
            }
            boolean trimTrailing = delimiter >= 0 && delimiter + 3 < source.length()
                    && source.charAt(delimiter + 2) == '-' && isSpace(source.charAt(delimiter + 3));
            if (trimTrailing) {
                text = stripTrailingSpace(text);
            }
            List<Node> target = open.isEmpty() ? root : open.peek().target();
            if (!text.isEmpty()) {
                add(target, new Text(text));
            }
            if (delimiter < 0) {
                break;
            }
            // Like Go, the trim marker takes its one space with it, so "{{- /*" opens a comment.
            pos = delimiter + (trimTrailing ? 4 : 2);
            trimLeading = action(open, root);
        }
        if (!open.isEmpty()) {
            throw error("unexpected end of template: {{if}} without {{end}}");
        }
        return root;
    }

    /** Handles one action after its opening delimiter; returns whether it ended with a trim marker. */
    private boolean action(Deque<OpenIf> open, List<Node> root) {
        if (source.startsWith("/*", pos)) {
            return comment();
        }
        int start = pos;
        Tokens tokens = lex();
        if (tokens.list.isEmpty()) {
            throw error("missing value for command", start);
        }
        Token first = tokens.list.get(0);
        List<Node> target = open.isEmpty() ? root : open.peek().target();
        if (first.kind == Kind.IDENT) {
            switch (first.text) {
                case "if" -> {
                    if (open.size() >= MAX_DEPTH) {
                        throw error("too deeply nested", first.offset);
                    }
                    Expr condition = new ExprParser(tokens.list, 1, open.size()).whole("if");
                    If node = new If(condition, new ArrayList<>(), new ArrayList<>());
                    add(target, node);
                    open.push(new OpenIf(node, false));
                    return tokens.trimRight;
                }
                case "else" -> {
                    OpenIf current = open.peek();
                    if (current == null || current.inElse) {
                        throw error("unexpected {{else}}", first.offset);
                    }
                    current.inElse = true;
                    if (tokens.list.size() == 1) {
                        return tokens.trimRight;
                    }
                    Token second = tokens.list.get(1);
                    if (second.kind != Kind.IDENT || !second.text.equals("if")) {
                        throw error("unexpected token after else", second.offset);
                    }
                    if (open.size() >= MAX_DEPTH) {
                        throw error("too deeply nested", second.offset);
                    }
                    Expr condition = new ExprParser(tokens.list, 2, open.size()).whole("if");
                    If node = new If(condition, new ArrayList<>(), new ArrayList<>());
                    add(current.node.otherwise(), node);
                    open.push(new OpenIf(node, true));
                    return tokens.trimRight;
                }
                case "end" -> {
                    if (open.isEmpty()) {
                        throw error("unexpected {{end}}", first.offset);
                    }
                    if (tokens.list.size() != 1) {
                        throw error("unexpected token after end", tokens.list.get(1).offset);
                    }
                    // An {{else if}} opened an If that the same {{end}} closes.
                    while (open.pop().chainedFromElse) {
                        // keep closing the chain
                    }
                    return tokens.trimRight;
                }
                default -> {
                    if (UNSUPPORTED_KEYWORDS.contains(first.text)) {
                        throw error("{{" + first.text + "}} is not supported in claim templates", first.offset);
                    }
                }
            }
        }
        add(target, new Print(new ExprParser(tokens.list, 0, open.size()).whole("command")));
        return tokens.trimRight;
    }

    private boolean comment() {
        int end = source.indexOf("*/", pos + 2);
        if (end < 0) {
            throw error("unclosed comment");
        }
        pos = end + 2;
        if (source.startsWith(" -}}", pos)) {
            pos += 4;
            return true;
        }
        if (source.startsWith("}}", pos)) {
            pos += 2;
            return false;
        }
        throw error("comment ends before closing delimiter");
    }

    private void add(List<Node> target, Node node) {
        count();
        target.add(node);
    }

    private void count() {
        if (++elements > MAX_ELEMENTS) {
            throw error("template is too complex (more than " + MAX_ELEMENTS + " elements)");
        }
    }

    // ---- lexer: the tokens of one action ----------------------------------------------

    private enum Kind {
        DOT, FIELD, VARIABLE, STRING, IDENT, LPAREN, RPAREN, PIPE
    }

    /** One token; {@code fields} for FIELD ({@code .a.b} gives [a, b]); {@code spaced} if whitespace preceded it. */
    private record Token(Kind kind, String text, List<String> fields, boolean spaced, int offset) {
    }

    private record Tokens(List<Token> list, boolean trimRight) {
    }

    private Tokens lex() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            boolean spaced = false;
            while (pos < source.length() && isSpace(source.charAt(pos))) {
                pos++;
                spaced = true;
            }
            if (pos >= source.length()) {
                throw error("unclosed action");
            }
            if (spaced && source.startsWith("-}}", pos)) {
                pos += 3;
                return new Tokens(tokens, true);
            }
            if (source.startsWith("}}", pos)) {
                pos += 2;
                return new Tokens(tokens, false);
            }
            if (tokens.size() >= MAX_ELEMENTS) {
                throw error("action is too long");
            }
            int start = pos;
            char c = source.charAt(pos);
            if (c == '.') {
                if (pos + 1 < source.length() && isIdentStart(source.charAt(pos + 1))) {
                    List<String> names = new ArrayList<>();
                    while (pos + 1 < source.length() && source.charAt(pos) == '.'
                            && isIdentStart(source.charAt(pos + 1))) {
                        pos++;
                        names.add(identifier());
                    }
                    tokens.add(new Token(Kind.FIELD, null, List.copyOf(names), spaced, start));
                } else if (pos + 1 < source.length() && Character.isDigit(source.charAt(pos + 1))) {
                    throw error("number literals are not supported", start);
                } else {
                    pos++;
                    tokens.add(new Token(Kind.DOT, ".", null, spaced, start));
                }
            } else if (c == '$') {
                pos++;
                if (pos < source.length() && isIdentStart(source.charAt(pos))) {
                    throw error("variables other than $ are not supported", start);
                }
                tokens.add(new Token(Kind.VARIABLE, "$", null, spaced, start));
            } else if (c == '"') {
                tokens.add(new Token(Kind.STRING, quoted(), null, spaced, start));
            } else if (c == '`') {
                tokens.add(new Token(Kind.STRING, raw(), null, spaced, start));
            } else if (c == '(') {
                pos++;
                tokens.add(new Token(Kind.LPAREN, "(", null, spaced, start));
            } else if (c == ')') {
                pos++;
                tokens.add(new Token(Kind.RPAREN, ")", null, spaced, start));
            } else if (c == '|') {
                pos++;
                tokens.add(new Token(Kind.PIPE, "|", null, spaced, start));
            } else if (isIdentStart(c)) {
                tokens.add(new Token(Kind.IDENT, identifier(), null, spaced, start));
            } else if (c == '-' || c == '+' || Character.isDigit(c) || c == '\'') {
                throw error("number and character literals are not supported", start);
            } else if (c == ':' || c == '=') {
                throw error("variable declarations are not supported", start);
            } else {
                throw error("unexpected character '" + printable(c) + "' in action", start);
            }
        }
    }

    private String identifier() {
        int start = pos;
        while (pos < source.length() && isIdentPart(source.charAt(pos))) {
            pos++;
        }
        return source.substring(start, pos);
    }

    /** A Go interpreted string literal, with Go's escapes. */
    private String quoted() {
        int start = pos;
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= source.length() || source.charAt(pos) == '\n') {
                throw error("unterminated quoted string", start);
            }
            char c = source.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= source.length()) {
                throw error("unterminated quoted string", start);
            }
            char e = source.charAt(pos++);
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
                case 'x' -> out.append((char) hex(2, start));
                case 'u' -> out.appendCodePoint(codePoint(hex(4, start), start));
                case 'U' -> out.appendCodePoint(codePoint(hex(8, start), start));
                default -> {
                    if (e >= '0' && e <= '7') {
                        pos--;
                        int value = 0;
                        for (int i = 0; i < 3; i++) {
                            char d = pos < source.length() ? source.charAt(pos) : 'x';
                            if (d < '0' || d > '7') {
                                throw error("invalid octal escape in string", start);
                            }
                            value = value * 8 + (d - '0');
                            pos++;
                        }
                        if (value > 255) {
                            throw error("octal escape value > 255", start);
                        }
                        out.append((char) value);
                    } else {
                        throw error("unknown escape sequence \\" + printable(e), start);
                    }
                }
            }
        }
    }

    private int hex(int digits, int start) {
        if (pos + digits > source.length()) {
            throw error("invalid hex escape in string", start);
        }
        long value = 0;
        for (int i = 0; i < digits; i++) {
            int d = Character.digit(source.charAt(pos++), 16);
            if (d < 0) {
                throw error("invalid hex escape in string", start);
            }
            value = value * 16 + d;
        }
        return value > Integer.MAX_VALUE ? -1 : (int) value;
    }

    private int codePoint(int value, int start) {
        if (value < 0 || value > Character.MAX_CODE_POINT || (value >= 0xD800 && value <= 0xDFFF)) {
            throw error("invalid Unicode escape in string", start);
        }
        return value;
    }

    /** A Go raw string literal; as in Go, carriage returns inside it are dropped. */
    private String raw() {
        int start = pos;
        int end = source.indexOf('`', pos + 1);
        if (end < 0) {
            throw error("unterminated raw quoted string", start);
        }
        pos = end + 1;
        return source.substring(start + 1, end).replace("\r", "");
    }

    // ---- expressions ----------------------------------------------------------------------

    /** Parses the tokens of one action from {@code index} on. */
    private final class ExprParser {
        private final List<Token> tokens;
        private final int baseDepth;
        private int index;
        private int depth;

        ExprParser(List<Token> tokens, int index, int baseDepth) {
            this.tokens = tokens;
            this.index = index;
            this.baseDepth = baseDepth;
        }

        /** The expression filling the rest of the action. */
        Expr whole(String what) {
            if (index >= tokens.size()) {
                throw error("missing value for " + what, tokens.get(tokens.size() - 1).offset);
            }
            Expr expr = pipeline();
            if (index < tokens.size()) {
                throw error("unexpected " + tokens.get(index).kind.name().toLowerCase() + " in " + what,
                        tokens.get(index).offset);
            }
            return expr;
        }

        private Expr pipeline() {
            Expr expr = command();
            if (index < tokens.size() && tokens.get(index).kind == Kind.PIPE) {
                throw error("pipelines (|) are not supported in claim templates", tokens.get(index).offset);
            }
            return expr;
        }

        private boolean atCommandEnd() {
            return index >= tokens.size() || tokens.get(index).kind == Kind.RPAREN
                    || tokens.get(index).kind == Kind.PIPE;
        }

        private Expr command() {
            if (atCommandEnd()) {
                throw error("missing value for command", offsetHere());
            }
            Token first = tokens.get(index);
            if (first.kind == Kind.IDENT && !isBoolean(first.text)) {
                TemplateFunction function = function(first);
                index++;
                List<Expr> arguments = new ArrayList<>();
                while (!atCommandEnd()) {
                    arguments.add(operand());
                }
                if (!function.accepts(arguments.size())) {
                    throw error("wrong number of arguments for " + function.templateName() + ": got "
                            + arguments.size(), first.offset);
                }
                count();
                return new Call(function, List.copyOf(arguments));
            }
            Expr single = operand();
            if (!atCommandEnd()) {
                throw error("can't give argument to non-function", tokens.get(index).offset);
            }
            return single;
        }

        private TemplateFunction function(Token token) {
            Optional<TemplateFunction> function = TemplateFunction.named(token.text);
            if (function.isEmpty()) {
                if (UNSUPPORTED_KEYWORDS.contains(token.text) || token.text.equals("if")
                        || token.text.equals("else") || token.text.equals("end")) {
                    throw error("unexpected keyword " + token.text, token.offset);
                }
                throw error("function \"" + token.text + "\" not defined", token.offset);
            }
            return function.get();
        }

        private Expr operand() {
            Token token = tokens.get(index++);
            count();
            Expr term;
            boolean chainable = false;
            switch (token.kind) {
                case DOT -> term = new Root();
                case FIELD -> term = new Fields(new Root(), token.fields);
                case VARIABLE -> {
                    term = new Root();
                    chainable = true;
                }
                case STRING -> term = new Literal(token.text);
                case IDENT -> {
                    if (!isBoolean(token.text)) {
                        TemplateFunction function = function(token);
                        throw error("function " + function.templateName()
                                + " must be in parentheses when used as an argument", token.offset);
                    }
                    term = new Literal(Boolean.parseBoolean(token.text));
                }
                case LPAREN -> {
                    if (baseDepth + depth + 1 > MAX_DEPTH) {
                        throw error("too deeply nested", token.offset);
                    }
                    depth++;
                    term = pipeline();
                    if (index >= tokens.size() || tokens.get(index).kind != Kind.RPAREN) {
                        throw error("unclosed left paren", token.offset);
                    }
                    index++;
                    depth--;
                    chainable = true;
                }
                default -> throw error("unexpected " + token.text, token.offset);
            }
            if (index < tokens.size() && tokens.get(index).kind == Kind.FIELD && !tokens.get(index).spaced) {
                if (!chainable) {
                    throw error("unexpected field after " + describe(token), tokens.get(index).offset);
                }
                term = new Fields(term, tokens.get(index++).fields);
            }
            return term;
        }

        private int offsetHere() {
            return index < tokens.size() ? tokens.get(index).offset : pos;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static boolean isBoolean(String text) {
        return text.equals("true") || text.equals("false");
    }

    private static String describe(Token token) {
        return token.kind == Kind.FIELD ? "field" : token.kind == Kind.STRING ? "string" : token.text;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isIdentStart(char c) {
        return c == '_' || Character.isLetter(c);
    }

    private static boolean isIdentPart(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private static String stripLeadingSpace(String text) {
        int start = 0;
        while (start < text.length() && isSpace(text.charAt(start))) {
            start++;
        }
        return text.substring(start);
    }

    private static String stripTrailingSpace(String text) {
        int end = text.length();
        while (end > 0 && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private TemplateException error(String message) {
        return error(message, pos);
    }

    private TemplateException error(String message, int offset) {
        return new TemplateException("template error at offset " + offset + ": " + message);
    }
}
