package dev.signet.identity;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A MetaIssuers URL pattern: every character is literal except {@code *}, which stands for one or
 * more of {@code [-_a-zA-Z0-9]} (so it never spans {@code .}, {@code /}, {@code :}, {@code ?} or
 * {@code @}), and the whole issuer URL must match. Matching runs a small automaton in time linear in
 * the URL: the equivalent Java regex backtracks polynomially on patterns such as {@code *-*-*}.
 */
public final class MetaPattern {

    /** The regex Fulcio compiles a {@code *} to; documentation and test oracle only. */
    static final String WILDCARD_REGEX = "[-_a-zA-Z0-9]+";

    private final String pattern;
    // One token per pattern character; STAR is "one or more word characters".
    private final char[] literals;
    private final boolean[] stars;

    private MetaPattern(String pattern) {
        this.pattern = pattern;
        this.literals = pattern.toCharArray();
        this.stars = new boolean[literals.length];
        for (int i = 0; i < literals.length; i++) {
            stars[i] = literals[i] == '*';
        }
    }

    /** Compiles a pattern; any string is a valid pattern. */
    public static MetaPattern compile(String pattern) {
        return new MetaPattern(Objects.requireNonNull(pattern, "pattern"));
    }

    /** The pattern as written in the identity file. */
    public String pattern() {
        return pattern;
    }

    /** The anchored regex Fulcio would build for this pattern, for comparison in tests. */
    Pattern toRegex() {
        StringBuilder regex = new StringBuilder("^");
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < literals.length; i++) {
            if (stars[i]) {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(WILDCARD_REGEX);
            } else {
                literal.append(literals[i]);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.append('$').toString());
    }

    /** A URL this pattern matches: every {@code *} replaced by {@code x}. */
    public String sample() {
        return pattern.replace('*', 'x');
    }

    /** Whether the whole of {@code url} matches; never a partial match. */
    public boolean matches(String url) {
        int n = literals.length;
        // State i: tokens before i are consumed; "inside[i]" means star i has consumed at least one char.
        boolean[] at = new boolean[n + 1];
        boolean[] inside = new boolean[n];
        at[0] = true;
        for (int pos = 0; pos < url.length(); pos++) {
            char c = url.charAt(pos);
            boolean[] nextAt = new boolean[n + 1];
            boolean[] nextInside = new boolean[n];
            boolean any = false;
            for (int i = 0; i < n; i++) {
                boolean ready = at[i] || (stars[i] && inside[i]);
                if (!ready) {
                    continue;
                }
                if (stars[i]) {
                    if (isWordChar(c)) {
                        nextInside[i] = true;
                        any = true;
                    }
                } else if (at[i] && literals[i] == c) {
                    nextAt[i + 1] = true;
                    any = true;
                }
            }
            if (!any) {
                return false;
            }
            // A star that has consumed a character may end here: the next token is ready.
            for (int i = 0; i < n; i++) {
                if (nextInside[i]) {
                    nextAt[i + 1] = true;
                }
            }
            at = nextAt;
            inside = nextInside;
        }
        return at[n];
    }

    /**
     * Whether some URL matches both patterns. Exact: a breadth-first search over pairs of pattern
     * positions, stepping both on a character both accept.
     */
    public boolean overlaps(MetaPattern other) {
        List<Token> a = tokens();
        List<Token> b = other.tokens();
        boolean[][] seen = new boolean[a.size() + 1][b.size() + 1];
        Deque<int[]> queue = new ArrayDeque<>();
        visit(a, b, 0, 0, seen, queue);
        while (!queue.isEmpty()) {
            int[] state = queue.poll();
            int i = state[0];
            int j = state[1];
            if (i == a.size() && j == b.size()) {
                return true;
            }
            if (i == a.size() || j == b.size()) {
                continue;
            }
            Token ta = a.get(i);
            Token tb = b.get(j);
            if (ta.accepts(tb)) {
                visit(a, b, ta.repeats ? i : i + 1, tb.repeats ? j : j + 1, seen, queue);
            }
        }
        return false;
    }

    /** Adds a state and, since a repeating token may match nothing, the states reached by skipping it. */
    private static void visit(List<Token> a, List<Token> b, int i, int j, boolean[][] seen, Deque<int[]> queue) {
        if (seen[i][j]) {
            return;
        }
        seen[i][j] = true;
        queue.add(new int[] {i, j});
        if (i < a.size() && a.get(i).repeats) {
            visit(a, b, i + 1, j, seen, queue);
        }
        if (j < b.size() && b.get(j).repeats) {
            visit(a, b, i, j + 1, seen, queue);
        }
    }

    /** {@code *} becomes a word character followed by zero or more word characters. */
    private List<Token> tokens() {
        List<Token> tokens = new ArrayList<>(literals.length * 2);
        for (int i = 0; i < literals.length; i++) {
            if (stars[i]) {
                tokens.add(new Token(true, '\0', false));
                tokens.add(new Token(true, '\0', true));
            } else {
                tokens.add(new Token(false, literals[i], false));
            }
        }
        return tokens;
    }

    static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    @Override
    public String toString() {
        return pattern;
    }

    /** One character class: a literal or a word character; {@code repeats} means zero or more times. */
    private record Token(boolean word, char literal, boolean repeats) {
        boolean accepts(Token other) {
            if (word && other.word) {
                return true;
            }
            if (word) {
                return isWordChar(other.literal);
            }
            if (other.word) {
                return isWordChar(literal);
            }
            return literal == other.literal;
        }
    }
}
