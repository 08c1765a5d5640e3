package dev.signet.identity.ciprovider;

/**
 * A claim template that cannot be parsed (a configuration error) or cannot be executed against a
 * token's data (the token is refused). The message names keys, never claim values.
 */
public class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }
}
