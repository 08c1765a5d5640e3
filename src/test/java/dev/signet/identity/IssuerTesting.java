package dev.signet.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.config.IssuerConfig;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.oidc.VerifiedToken;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** Builds verified tokens by hand and checks refusals and URIs, for the issuer-type unit tests. */
public final class IssuerTesting {

    private IssuerTesting() {
    }

    /** An issuer of {@code type} through the one factory, as the identity file would build it. */
    public static Issuer issuer(String issuerUrl, String type) {
        return IssuerFactory.create(IssuerConfig.of(issuerUrl, "sigstore", type), "test");
    }

    /** A verified token; {@code sub} is taken from the claims. */
    public static VerifiedToken token(String issuerUrl, Map<String, Object> claims) {
        Object sub = claims.get("sub");
        return new VerifiedToken(issuerUrl, sub == null ? "" : (String) sub, claims);
    }

    /** A copy of {@code claims} with {@code name} set to {@code value}, or removed when value is null. */
    public static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        Map<String, Object> copy = new HashMap<>(claims);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, value);
        }
        return copy;
    }

    /** Asserts the issuer refuses the claims as an invalid identity token; returns the log detail. */
    public static String refused(Issuer issuer, Map<String, Object> claims) {
        SignetException e = assertThrows(SignetException.class,
                () -> issuer.principal(token(issuer.config().issuerUrl(), claims)).embed());
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
        return e.getMessage();
    }

    /** Asserts {@code uri} parses back to exactly itself, on {@code host}, with no query, fragment or userinfo. */
    public static URI assertRoundTrips(String uri, String host) {
        URI parsed = URI.create(uri);
        assertEquals(uri, parsed.toString());
        assertEquals(uri, parsed.toASCIIString());
        assertEquals(host, parsed.getHost());
        assertNull(parsed.getRawQuery(), uri);
        assertNull(parsed.getRawFragment(), uri);
        assertNull(parsed.getRawUserInfo(), uri);
        return parsed;
    }
}
