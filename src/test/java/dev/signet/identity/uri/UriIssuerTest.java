package dev.signet.identity.uri;

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
import dev.signet.identity.IssuerFactory;
import dev.signet.identity.Principal;
import dev.signet.identity.oidc.VerifiedToken;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UriIssuerTest {
    /** Under co.uk only the exact host may vouch for itself (see multiLabelPublicSuffixMatchIsRefused). */
    static final String ISS = "https://good.co.uk";
    static final String WHERE = "file.yaml: issuer " + ISS;
    static final UriIssuer ISSUER = issuer(ISS, Optional.of("https://good.co.uk"));

    static IssuerConfig config(String issuerUrl, Optional<String> subjectDomain) {
        return new IssuerConfig(issuerUrl, "sigstore", "uri", Optional.empty(), Optional.empty(), subjectDomain,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false);
    }

    static UriIssuer issuer(String issuerUrl, Optional<String> subjectDomain) {
        return new UriIssuer(config(issuerUrl, subjectDomain), WHERE);
    }

    static VerifiedToken token(String sub) {
        return new VerifiedToken(ISS, sub, Map.of("sub", sub));
    }

    static String refused(UriIssuer issuer, String sub) {
        SignetException e = assertThrows(SignetException.class, () -> issuer.principal(token(sub)));
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
        return e.getMessage();
    }

    static String configError(String issuerUrl, Optional<String> subjectDomain) {
        return assertThrows(InvalidIdentityConfigException.class, () -> issuer(issuerUrl, subjectDomain)).getMessage();
    }

    @Test
    void subjectUriBecomesSanAndExtensions() {
        String sub = "https://good.co.uk/users/alice";
        Principal principal = ISSUER.principal(token(sub));
        assertEquals(sub, principal.name());
        CertificateIdentity identity = principal.embed();
        assertEquals(SubjectAltName.uri(sub), identity.subjectAltName());
        assertEquals(Map.of(SigstoreOid.ISSUER_V1, ISS, SigstoreOid.ISSUER_V2, ISS, SigstoreOid.TOKEN_SUBJECT, sub),
                identity.extensions());
    }

    @Test
    void hostIsComparedWithoutCaseAndQueryIsKept() {
        ISSUER.principal(token("https://GOOD.co.uk/a"));
        ISSUER.principal(token("https://good.co.uk/a?b=c"));
        ISSUER.principal(token("https://good.co.uk"));
    }

    @Test
    void factoryBuildsIt() {
        assertInstanceOf(UriIssuer.class, IssuerFactory.create(config(ISS, Optional.of("https://good.co.uk")), "t"));
    }

    @Test
    void configValidationMessages() {
        assertEquals(WHERE + ": uri issuer must have SubjectDomain set", configError(ISS, Optional.empty()));
        assertEquals(WHERE + ": SubjectDomain for uri must contain scheme",
                configError(ISS, Optional.of("good.co.uk")));
        assertEquals(WHERE + ": issuer for uri must contain scheme",
                configError("good.co.uk", Optional.of("https://good.co.uk")));
        assertEquals(WHERE + ": subject (http) and issuer (https) URI schemes do not match",
                configError(ISS, Optional.of("http://good.co.uk")));
        assertEquals(WHERE + ": URI hostname too short: localhost",
                configError(ISS, Optional.of("https://localhost")));
        assertEquals(WHERE + ": URI hostname too short: localhost",
                configError("https://localhost", Optional.of("https://good.co.uk")));
        assertEquals(WHERE + ": hostname top-level and second-level domains do not match: example.org, good.co.uk",
                configError(ISS, Optional.of("https://example.org")));
    }

    @Test
    void fulciosLastTwoLabelsRuleStillHolds() {
        issuer("https://oauth.example.com", Optional.of("https://users.example.com"));
        issuer("https://example.com", Optional.of("https://example.com"));
        issuer("http://127.0.0.1:8080", Optional.of("http://127.0.0.1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.co.uk", "https://evil.com.au", "https://x.org.br", "https://x.ac.jp",
            "https://x.gov.in", "https://x.edu.pl", "https://x.net.nz"})
    void multiLabelPublicSuffixMatchIsRefused(String subjectDomain) {
        String tail = subjectDomain.substring(subjectDomain.indexOf('.') + 1);
        String message = configError("https://good." + tail, Optional.of(subjectDomain));
        assertEquals(WHERE + ": hostname top-level and second-level domains do not match: "
                + subjectDomain.substring("https://".length()) + ", good." + tail + " (" + tail
                + " is a public suffix: the hostnames must be equal)", message);
    }

    @Test
    void subdomainUnderAPublicSuffixIsRefusedToo() {
        configError("https://oidc.good.co.uk", Optional.of("https://good.co.uk"));
    }

    @Test
    void ipAddressesMustBeEqual() {
        configError("http://10.0.0.1", Optional.of("http://192.168.0.1"));
    }

    @Test
    void subjectDomainWithUserInfoOrTrailingDotIsRefused() {
        configError(ISS, Optional.of("https://user@good.co.uk"));
        configError("https://good.co.uk.", Optional.of("https://good.co.uk."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@good.co.uk", "alice@localhost", "a.b+c@good.co.uk"})
    void emailShapedSubjectIsRefused(String sub) {
        assertEquals("uri subject should not be an email address", refused(ISSUER, sub));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.co.uk/users/alice", "https://good.co.uk.evil.com/a",
            "https://sub.good.co.uk/a",
            "https://co.uk/a", "https://good.co.uk./a", "https://alice@good.co.uk/a", "https://good.co.uk@evil.com/a",
            "https://good.co.uk:8443/a", "http://good.co.uk/a", "HTTPS://good.co.uk/a", "ftp://good.co.uk/a",
            "spiffe://good.co.uk/a", "//good.co.uk/a", "/users/alice", "https:good.co.uk", "https://g\u00f6od.co.uk/a",
            "https://good.co.uk/a b", "https://good.co.uk/\u00e4", "https://good%2eco.uk/a", "https://good_co.uk/a",
            "https://[::1]/a", "https://good.co.uk/a\n"})
    void subjectOutsideTheDomainIsRefused(String sub) {
        refused(ISSUER, sub);
    }

    @Test
    void portMustMatchTheSubjectDomain() {
        UriIssuer withPort = issuer(ISS, Optional.of("https://good.co.uk:8443"));
        withPort.principal(token("https://good.co.uk:8443/a"));
        refused(withPort, "https://good.co.uk/a");
    }

    @Test
    void customSchemeIsAllowedWhenConfigured() {
        UriIssuer custom = issuer("wss://oidc.example.com", Optional.of("wss://example.com"));
        custom.principal(token("wss://example.com/agent/1"));
        refused(custom, "https://example.com/agent/1");
    }
}
