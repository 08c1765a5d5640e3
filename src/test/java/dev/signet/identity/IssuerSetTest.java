package dev.signet.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.config.IdentityConfig;
import dev.signet.config.IdentityConfigLoader;
import dev.signet.config.InvalidIdentityConfigException;
import dev.signet.config.IssuerConfig;
import dev.signet.testing.SelfSignedTls;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IssuerSetTest {

    static final String EKS = "https://oidc.eks.*.amazonaws.com/id/*";
    static final String GKE = "https://container.googleapis.com/v1/projects/*/locations/*/clusters/*";

    private static IssuerSet load(String json) {
        return IssuerSet.of(IdentityConfigLoader.parse(json, "identity.json"), "identity.json", Optional.empty());
    }

    private static String meta(String pattern, String extra) {
        return "\"" + pattern + "\":{\"ClientID\":\"sigstore\",\"Type\":\"email\"" + extra + "}";
    }

    @Test
    void staticIssuersWinThenTheOneMatchingPattern() {
        String staticUrl = "https://oidc.eks.us-east-1.amazonaws.com/id/STATIC";
        IssuerSet set = load("{\"OIDCIssuers\":{\"" + staticUrl + "\":{\"IssuerURL\":\"" + staticUrl
                + "\",\"ClientID\":\"static-audience\",\"Type\":\"email\"}},\"MetaIssuers\":{"
                + meta(EKS, ",\"SkipEmailVerification\":true,\"ChallengeClaim\":\"email\"") + ","
                + meta(GKE, "") + "}}");

        IssuerSet.Match exact = set.match(staticUrl).orElseThrow();
        assertFalse(exact.meta());
        assertEquals("static-audience", exact.issuer().config().clientId());

        String iss = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC123";
        IssuerSet.Match synthesised = set.match(iss).orElseThrow();
        assertTrue(synthesised.meta());
        IssuerConfig config = synthesised.issuer().config();
        assertEquals(iss, config.issuerUrl(), "IssuerURL is the token's iss");
        assertEquals("sigstore", config.clientId());
        assertEquals("email", config.type());
        assertTrue(config.skipEmailVerification());
        assertEquals(IssuerType.EMAIL, synthesised.issuer().type());
        assertSame(synthesised.issuer(), set.match(iss).orElseThrow().issuer(), "built once, then cached");

        assertTrue(set.match("https://container.googleapis.com/v1/projects/p/locations/l/clusters/c").isPresent());
        assertEquals(List.of(EKS, GKE), set.metaIssuers().stream().map(m -> m.pattern().pattern()).toList(),
                "file order");
        assertEquals(EKS, set.metaIssuers().get(0).template().issuerUrl());
        assertEquals(List.of(staticUrl, EKS, GKE), set.urls());
    }

    @Test
    void bypassStringsMatchNothingAndCacheNothing() {
        IssuerSet set = load("{\"MetaIssuers\":{" + meta(EKS, "") + "}}");
        for (String iss : List.of(
                "https://attacker.example/x/https://oidc.eks.a.amazonaws.com/id/b",
                "https://attacker.example/?iss=https://oidc.eks.a.amazonaws.com/id/b",
                "https://oidc.eks.a.b.amazonaws.com/id/c",
                "https://oidc.eks.a.amazonaws.com/id/b/extra",
                "https://oidc.eks..amazonaws.com/id/b",
                "https://oidc.eks.a.amazonaws.com/id/",
                "https://oidc.eks.a.amazonaws.com/id/b/")) {
            assertTrue(set.match(iss).isEmpty(), iss);
        }
        assertEquals(0, set.cachedMetaIssuerCount());
    }

    @Test
    void thousandDistinctIssuersStayWithinTheCacheBound() {
        IssuerSet set = load("{\"MetaIssuers\":{" + meta(EKS, "") + "}}");
        for (int i = 0; i < 1000; i++) {
            assertTrue(set.match("https://bogus-" + i + ".example/id/x").isEmpty());
        }
        assertEquals(0, set.cachedMetaIssuerCount(), "unknown issuers create no entry");
        for (int i = 0; i < 1000; i++) {
            assertTrue(set.match("https://oidc.eks.region-" + i + ".amazonaws.com/id/x").isPresent());
        }
        assertEquals(IssuerSet.MAX_CACHED_META_ISSUERS, set.cachedMetaIssuerCount());
    }

    @Test
    void overlappingPatternsAreRefusedNamingBoth() {
        InvalidIdentityConfigException e = assertThrows(InvalidIdentityConfigException.class, () -> load(
                "{\"MetaIssuers\":{" + meta(EKS, "") + "," + meta("https://oidc.eks.us-*.amazonaws.com/id/*", "")
                        + "}}"));
        assertTrue(e.getMessage().contains(EKS), e.getMessage());
        assertTrue(e.getMessage().contains("https://oidc.eks.us-*.amazonaws.com/id/*"), e.getMessage());
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());

        assertThrows(InvalidIdentityConfigException.class, () -> load("{\"MetaIssuers\":{"
                + meta("https://token.actions.githubusercontent.com/*", "") + ","
                + meta("https://token.actions.githubusercontent.com/enterprise", "") + "}}"));
    }

    @Test
    void disjointPatternsAreAccepted() {
        IssuerSet set = load("{\"MetaIssuers\":{" + meta(EKS, "") + "," + meta(GKE, "") + ","
                + meta("https://oidc.eks.*.amazonaws.com/id/*/", "") + ","
                + meta("https://token.actions.githubusercontent.com/*", "") + ","
                + meta("https://token.actions.githubusercontent.com", "") + "}}");
        assertEquals(5, set.metaIssuers().size());
        assertTrue(set.match("https://oidc.eks.a.amazonaws.com/id/b/").isPresent(), "trailing-slash variant");
    }

    @Test
    void spiffeMetaIssuersAreRefused() {
        InvalidIdentityConfigException e = assertThrows(InvalidIdentityConfigException.class, () -> load(
                "{\"MetaIssuers\":{\"https://*.example.com\":{\"ClientID\":\"sigstore\",\"Type\":\"spiffe\","
                        + "\"SPIFFETrustDomain\":\"example.com\"}}}"));
        assertTrue(e.getMessage().contains("SPIFFE meta issuers not supported"), e.getMessage());
    }

    @Test
    void plainHttpPatternsAreRefused() {
        InvalidIdentityConfigException e = assertThrows(InvalidIdentityConfigException.class,
                () -> load("{\"MetaIssuers\":{" + meta("http://*.example.com", "") + "}}"));
        assertTrue(e.getMessage().contains("https://"), e.getMessage());
    }

    @Test
    void invalidCaCertIsAConfigError() {
        String bad = ",\"CACert\":\"-----BEGIN CERTIFICATE-----\\nnot base64\\n-----END CERTIFICATE-----\\n\"";
        InvalidIdentityConfigException meta = assertThrows(InvalidIdentityConfigException.class,
                () -> load("{\"MetaIssuers\":{" + meta(EKS, bad) + "}}"));
        assertTrue(meta.getMessage().contains("failed to parse CA certificate for issuer " + EKS), meta.getMessage());

        String url = "https://keycloak.internal/realms/x";
        InvalidIdentityConfigException stat = assertThrows(InvalidIdentityConfigException.class,
                () -> load("{\"OIDCIssuers\":{\"" + url + "\":{\"IssuerURL\":\"" + url
                        + "\",\"ClientID\":\"sigstore\",\"Type\":\"email\",\"CACert\":\"garbage\"}}}"));
        assertTrue(stat.getMessage().contains("failed to parse CA certificate for issuer " + url), stat.getMessage());
    }

    @Test
    void validCaCertIsKept() {
        String pem = SelfSignedTls.create().certificatePem();
        Map<String, IssuerConfig> metas = new LinkedHashMap<>();
        IssuerConfig template = new IssuerConfig(EKS, "sigstore", "email", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(pem), false);
        metas.put(EKS, template);
        IssuerSet set = IssuerSet.of(new IdentityConfig(Map.of(), metas), "test", Optional.empty());
        assertEquals(Optional.of(pem),
                set.match("https://oidc.eks.a.amazonaws.com/id/b").orElseThrow().issuer().config().caCert());
    }

    @Test
    void metaEntriesNeedNoIssuerUrlKey() {
        IdentityConfig config = IdentityConfigLoader.parse("meta-issuers:\n  " + EKS
                + ":\n    client-id: sigstore\n    type: email\n", "identity.yaml");
        assertEquals(EKS, config.metaIssuers().get(EKS).issuerUrl());
    }
}
