package dev.signet.identity.ciprovider;

import dev.signet.identity.ciprovider.TemplateTree.Node;
import java.util.List;
import java.util.Map;

/**
 * One value template of CI issuer metadata. A string containing {@code {{} is a template in a
 * small, safe subset of Go's text/template (see docs/identity.md); any other string is the bare
 * name of a claim or default whose value is used as it is.
 */
public final class ClaimTemplate {
    /** Longest template source accepted. */
    public static final int MAX_SOURCE_LENGTH = 4096;

    private final String source;
    private final List<Node> body;

    private ClaimTemplate(String source, List<Node> body) {
        this.source = source;
        this.body = body;
    }

    /**
     * Parses and validates {@code source}.
     *
     * @throws TemplateException on a syntax error or anything outside the supported subset
     */
    public static ClaimTemplate parse(String source) {
        if (source.length() > MAX_SOURCE_LENGTH) {
            throw new TemplateException("template is longer than " + MAX_SOURCE_LENGTH + " characters");
        }
        return new ClaimTemplate(source, source.contains("{{") ? TemplateParser.parse(source) : null);
    }

    /** The template as configured. */
    public String source() {
        return source;
    }

    /** True if this is a bare claim or default name rather than a template. */
    public boolean isBareName() {
        return body == null;
    }

    /**
     * The value for this data: template output, or the named entry.
     *
     * @param data      defaults overlaid by claims; values are strings, numbers, booleans, maps or lists
     * @param maxLength longest result allowed
     * @throws TemplateException when a key is missing, a value is not text, or the result is too long
     */
    public String render(Map<String, Object> data, int maxLength) {
        return body == null
                ? TemplateEvaluator.lookup(source, data, maxLength)
                : TemplateEvaluator.run(body, data, maxLength);
    }
}
