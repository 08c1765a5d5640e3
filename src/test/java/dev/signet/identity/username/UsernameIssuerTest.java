package dev.signet.identity.username;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.config.InvalidIdentityConfigException;
import dev.signet.config.IssuerConfig;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.Claims;
import dev.signet.identity.IssuerFactory;
import dev.signet.identity.Principal;
import dev.signet.identity.oidc.VerifiedToken;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsernameIssuerTest {
    static final String ISS = "https://oidc.example.com";
    static final String WHERE = "file.yaml: issuer " + ISS;
    static final UsernameIssuer ISSUER = issuer(ISS, Optional.of("example.com"));

    static IssuerConfig config(String issuerUrl, Optional<String> subjectDomain) {
        return new IssuerConfig(issuerUrl, "sigstore", "username", Optional.empty(), Optional.empty(), subjectDomain,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false);
    }

    static UsernameIssuer issuer(String issuerUrl, Optional<String> subjectDomain) {
        return new UsernameIssuer(config(issuerUrl, subjectDomain), WHERE);
    }

    static VerifiedToken token(String sub) {
        return new VerifiedToken(ISS, sub, Map.of("sub", sub));
    }

    static String refused(String sub) {
        SignetException e = assertThrows(SignetException.class, () -> ISSUER.principal(token(sub)));
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
        return e.getMessage();
    }

    static String configError(String issuerUrl, Optional<String> subjectDomain) {
        return assertThrows(InvalidIdentityConfigException.class, () -> issuer(issuerUrl, subjectDomain)).getMessage();
    }

    @Test
    void usernameBecomesOtherNameSanAndExtensions() {
        Principal principal = ISSUER.principal(token("alice"));
        assertEquals("alice", principal.name(), "the client signs the bare username");
        CertificateIdentity identity = principal.embed();
        assertEquals(new SubjectAltName(SubjectAltName.Type.USERNAME, "alice!example.com"), identity.subjectAltName());
        assertEquals(Map.of(SigstoreOid.ISSUER_V1, ISS, SigstoreOid.ISSUER_V2, ISS, SigstoreOid.TOKEN_SUBJECT, "alice"),
                identity.extensions());
    }

    @Test
    void factoryBuildsIt() {
        assertInstanceOf(UsernameIssuer.class, IssuerFactory.create(config(ISS, Optional.of("example.com")), "t"));
    }

    @Test
    void configValidationMessages() {
        assertEquals(WHERE + ": username issuer must have SubjectDomain set", configError(ISS, Optional.empty()));
        assertEquals(WHERE + ": SubjectDomain for username should not contain scheme",
                configError(ISS, Optional.of("https://example.com")));
        assertEquals(WHERE + ": SubjectDomain for username should not contain scheme",
                configError(ISS, Optional.of("localhost:8080")));
        assertEquals(WHERE + ": issuer for username must contain scheme",
                configError("oidc.example.com", Optional.of("example.com")));
        assertEquals(WHERE + ": URI hostname too short: localhost", configError(ISS, Optional.of("localhost")));
        assertEquals(
                WHERE + ": hostname top-level and second-level domains do not match: example.org, oidc.example.com",
                configError(ISS, Optional.of("example.org")));
        assertEquals(WHERE + ": hostname top-level and second-level domains do not match: evil.co.uk, good.co.uk"
                + " (co.uk is a public suffix: the hostnames must be equal)",
                configError("https://good.co.uk", Optional.of("evil.co.uk")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com/path", "exa mple.com", "example.com.", "-example.com", "ex!ample.com",
            "user@example.com", "example..com"})
    void subjectDomainMustBeAHostname(String domain) {
        configError(ISS, Optional.of(domain));
    }

    @Test
    void sameHostOrSameLastTwoLabelsIsAccepted() {
        issuer("https://example.com", Optional.of("example.com"));
        issuer("https://oidc.example.com", Optional.of("users.example.com"));
        issuer("https://good.co.uk", Optional.of("good.co.uk"));
        issuer("http://127.0.0.1:8080", Optional.of("127.0.0.1"));
    }

    @Test
    void bangIsRefused() {
        assertEquals("username cannot contain ! character", refused("alice!evil.com"));
        assertEquals("username cannot contain ! character", refused("!"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.com", "alice@localhost", "a@b@c", "@alice"})
    void emailShapedUsernameIsRefused(String sub) {
        assertEquals("username should not be an email address", refused(sub));
    }

    @Test
    void overlongOrControlCharacterUsernameIsRefused() {
        refused("a".repeat(Claims.MAX_VALUE_LENGTH + 1));
        refused("a".repeat(Claims.MAX_VALUE_LENGTH)); // with "!example.com" it exceeds the cap
        refused("ali\u0000ce");
        refused("alice\n");
    }
}
