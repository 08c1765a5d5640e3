package dev.signet.identity;

import dev.signet.config.IssuerConfig;

/**
 * A MetaIssuers entry: tokens whose {@code iss} matches {@code pattern} are verified with an issuer
 * built from {@code template} with {@code IssuerURL} set to that {@code iss}.
 *
 * @param pattern  the compiled URL pattern
 * @param template the entry's settings; its {@code issuerUrl} is the pattern itself
 * @param type     the issuer type every synthesised issuer has
 */
public record MetaIssuer(MetaPattern pattern, IssuerConfig template, IssuerType type) {
}
