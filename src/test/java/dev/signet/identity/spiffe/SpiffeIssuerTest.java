package dev.signet.identity.spiffe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.config.InvalidIdentityConfigException;
import dev.signet.config.IssuerConfig;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.IssuerFactory;
import dev.signet.identity.Principal;
import dev.signet.identity.oidc.VerifiedToken;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpiffeIssuerTest {
    static final String ISS = "https://spire.example.org";
    static final SpiffeIssuer ISSUER = issuer(Optional.of("example.org"));

    static IssuerConfig config(Optional<String> trustDomain) {
        return new IssuerConfig(ISS, "sigstore", "spiffe", Optional.empty(), Optional.empty(), Optional.empty(),
                trustDomain, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                false);
    }

    static SpiffeIssuer issuer(Optional<String> trustDomain) {
        return new SpiffeIssuer(config(trustDomain), "file.yaml: issuer " + ISS);
    }

    static VerifiedToken token(String sub) {
        return new VerifiedToken(ISS, sub, Map.of("sub", sub));
    }

    static String refused(String sub) {
        SignetException e = assertThrows(SignetException.class, () -> ISSUER.principal(token(sub)));
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
        return e.getMessage();
    }

    static String configError(Optional<String> trustDomain) {
        return assertThrows(InvalidIdentityConfigException.class, () -> issuer(trustDomain)).getMessage();
    }

    @Test
    void spiffeIdBecomesUriSanAndExtensions() {
        String id = "spiffe://example.org/ns/prod/sa/builder";
        Principal principal = ISSUER.principal(token(id));
        assertEquals(id, principal.name());
        CertificateIdentity identity = principal.embed();
        assertEquals(SubjectAltName.uri(id), identity.subjectAltName());
        assertEquals(Map.of(SigstoreOid.ISSUER_V1, ISS, SigstoreOid.ISSUER_V2, ISS, SigstoreOid.TOKEN_SUBJECT, id),
                identity.extensions());
    }

    @ParameterizedTest
    @ValueSource(strings = {"spiffe://example.org", "spiffe://example.org/a", "spiffe://example.org/A.b-C_d/..x/x..",
            "spiffe://example.org/.../e"})
    void validIdsAreAccepted(String id) {
        assertEquals(id, ISSUER.principal(token(id)).name());
    }

    @Test
    void trustDomainMayBeConfiguredAsAnId() {
        assertEquals("example.org", issuer(Optional.of("spiffe://example.org")).trustDomain());
        assertEquals("my_domain-1.test", issuer(Optional.of("my_domain-1.test")).trustDomain());
    }

    @Test
    void factoryBuildsIt() {
        assertInstanceOf(SpiffeIssuer.class, IssuerFactory.create(config(Optional.of("example.org")), "t"));
    }

    @Test
    void missingTrustDomainIsAConfigError() {
        assertEquals("file.yaml: issuer " + ISS + ": spiffe issuer must have SPIFFETrustDomain set",
                configError(Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Example.org", "example.org/path", "exa mple.org", "example.org:8080", "spiffe://",
            "spiffe://Example.org", "https://example.org", "spiffe://example.org/../x", "ex@mple.org"})
    void invalidTrustDomainIsAConfigError(String trustDomain) {
        assertEquals("file.yaml: issuer " + ISS + ": spiffe trust domain is invalid",
                configError(Optional.of(trustDomain)), trustDomain);
    }

    @Test
    void otherTrustDomainIsRefused() {
        assertEquals("spiffe ID trust domain other.org doesn't match configured trust domain example.org",
                refused("spiffe://other.org/workload"));
        assertEquals("spiffe ID trust domain example.org.evil doesn't match configured trust domain example.org",
                refused("spiffe://example.org.evil/workload"));
        refused("spiffe://sub.example.org/workload");
    }

    @ParameterizedTest
    @ValueSource(strings = {"spiffe://EXAMPLE.org/w", "spiffe://Example.org/w", "spiffe://example.org/a/../b",
            "spiffe://example.org/..", "spiffe://example.org/./a", "spiffe://example.org/a//b",
            "spiffe://example.org/", "spiffe://example.org/a/", "spiffe://example.org/w?x=1",
            "spiffe://example.org/w#frag", "spiffe://example.org:443/w", "spiffe://user@example.org/w",
            "spiffe://example.org/a%2Fb", "spiffe://example.org/a b", "spiffe://example.org/caf\u00e9",
            "SPIFFE://example.org/w", "spiffe:example.org/w", "spiffe:///w", "https://example.org/w",
            "example.org/w", "spiffe://exa$mple.org/w", "spiffe://example.org/w\u0000"})
    void invalidIdsAreRefused(String id) {
        String message = refused(id);
        assertTrue(message.startsWith("invalid spiffe ID provided: ")
                || message.startsWith("sub claim contains a control or format character"), message);
    }

    @Test
    void overlongIdIsRefused() {
        String id = "spiffe://example.org/" + "a".repeat(2100);
        refused(id);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpiffeId.parse(id)).getMessage()
                .contains("2048"));
    }

    @Test
    void parseSplitsTrustDomainAndPath() {
        assertEquals(new SpiffeId("example.org", "/a/b"), SpiffeId.parse("spiffe://example.org/a/b"));
        assertEquals(new SpiffeId("example.org", ""), SpiffeId.parse("spiffe://example.org"));
        assertEquals("spiffe://example.org/a/b", SpiffeId.parse("spiffe://example.org/a/b").toString());
    }
}
