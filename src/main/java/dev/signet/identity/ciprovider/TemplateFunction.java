package dev.signet.identity.ciprovider;

import java.util.Arrays;
import java.util.Optional;

/** The only functions a claim template may call, with the argument counts Signet allows. */
enum TemplateFunction {
    INDEX("index", 1, Integer.MAX_VALUE),
    EQ("eq", 2, Integer.MAX_VALUE),
    NE("ne", 2, 2),
    AND("and", 1, Integer.MAX_VALUE),
    OR("or", 1, Integer.MAX_VALUE),
    NOT("not", 1, 1);

    private final String templateName;
    private final int minArguments;
    private final int maxArguments;

    TemplateFunction(String templateName, int minArguments, int maxArguments) {
        this.templateName = templateName;
        this.minArguments = minArguments;
        this.maxArguments = maxArguments;
    }

    String templateName() {
        return templateName;
    }

    boolean accepts(int arguments) {
        return arguments >= minArguments && arguments <= maxArguments;
    }

    static Optional<TemplateFunction> named(String name) {
        return Arrays.stream(values()).filter(f -> f.templateName.equals(name)).findFirst();
    }
}
