package dev.signet.identity.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.net.URI;

/**
 * Fuzzes discovery document parsing, for an https issuer. Property: a jwks_uri or
 * INVALID_IDENTITY_TOKEN, nothing else; an accepted jwks_uri is https with a host and no
 * credentials, and it is the document's own string, unchanged.
 */
class ProviderKeysLoaderFuzzTest {

    static final String ISSUER = "https://accounts.example.com";

    @FuzzTest(maxDuration = "2m")
    void discovery(byte[] document) {
        URI jwks;
        try {
            jwks = ProviderKeysLoader.jwksUri(document, ISSUER);
        } catch (SignetException e) {
            assertSame(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
            return;
        }
        assertTrue(jwks.getScheme().equalsIgnoreCase("https"), jwks.toString());
        assertFalse(jwks.getHost() == null || jwks.getHost().isEmpty(), jwks.toString());
        assertNull(jwks.getRawUserInfo());
        assertEquals(jwks, URI.create(jwks.toString()));
    }
}
