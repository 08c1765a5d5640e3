package dev.signet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.identity.IssuerFactory;
import dev.signet.identity.IssuerSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentityConfigLoaderTest {

    @Test
    void readsFulcioJsonKeysCaseInsensitively() {
        IdentityConfig config = IdentityConfigLoader.parse("""
                {"oidcissuers": {"https://a.example": {"issuerurl": "https://a.example", "ClientID": "sigstore",
                 "Type": "email", "SkipEmailVerification": true, "IssuerClaim": "$.x.y", "Unknown": 1}}}
                """, "test.json");
        IssuerConfig issuer = config.oidcIssuers().get("https://a.example");
        assertEquals("https://a.example", issuer.issuerUrl());
        assertEquals("sigstore", issuer.clientId());
        assertEquals("email", issuer.type());
        assertTrue(issuer.skipEmailVerification());
        assertEquals(Optional.of("$.x.y"), issuer.issuerClaim());
    }

    @Test
    void readsYamlKeysWithAnchorsAndDefineSection() {
        IdentityConfig config = IdentityConfigLoader.parse("""
                define:
                  - &common
                    client-id: sigstore
                    type: email
                oidc-issuers:
                  https://one.example:
                    <<: *common
                    issuer-url: https://one.example
                  https://two.example:
                    <<: *common
                    issuer-url: https://two.example
                    skip-email-verification: true
                """, "test.yaml");
        assertEquals(List.of("https://one.example", "https://two.example"),
                List.copyOf(config.oidcIssuers().keySet()));
        assertEquals("sigstore", config.oidcIssuers().get("https://two.example").clientId());
        assertTrue(config.oidcIssuers().get("https://two.example").skipEmailVerification());
        assertFalse(config.oidcIssuers().get("https://one.example").skipEmailVerification());
    }

    @Test
    void keyMustEqualIssuerUrl() {
        InvalidIdentityConfigException e = assertThrows(InvalidIdentityConfigException.class,
                () -> IdentityConfigLoader.parse("""
                        {"OIDCIssuers": {"https://a.example": {"IssuerURL": "https://b.example",
                         "ClientID": "sigstore", "Type": "email"}}}""", "x.json"));
        assertTrue(e.getMessage().contains("x.json"), e.getMessage());
        assertTrue(e.getMessage().contains("https://a.example"), e.getMessage());
    }

    @Test
    void missingClientIdIsNamed() {
        InvalidIdentityConfigException e = assertThrows(InvalidIdentityConfigException.class,
                () -> IdentityConfigLoader.parse("""
                        {"OIDCIssuers": {"https://a.example": {"IssuerURL": "https://a.example", "Type": "email"}}}""",
                        "x.json"));
        assertTrue(e.getMessage().contains("ClientID must be set"), e.getMessage());
    }

    @Test
    void duplicateYamlKeysAreRefused() {
        assertThrows(InvalidIdentityConfigException.class, () -> IdentityConfigLoader.parse("""
                oidc-issuers:
                  https://a.example:
                    issuer-url: https://a.example
                    client-id: sigstore
                    client-id: other
                    type: email
                """, "dup.yaml"));
    }

    @Test
    void garbageIsRefusedWithTheFileNamed() {
        InvalidIdentityConfigException e = assertThrows(InvalidIdentityConfigException.class,
                () -> IdentityConfigLoader.parse("{ not: [valid", "bad.yaml"));
        assertTrue(e.getMessage().startsWith("bad.yaml"), e.getMessage());
    }

    @Test
    void issuerClaimOnlyForEmailAndUnknownTypesRefused() {
        IssuerConfig k8s = new IssuerConfig("https://k.example", "sigstore", "kubernetes", Optional.empty(),
                Optional.of("$.a"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false);
        assertTrue(assertThrows(InvalidIdentityConfigException.class,
                () -> IssuerFactory.create(k8s, IdentityConfig.empty(), "here"))
                .getMessage().contains("only email issuers can use issuer claim mapping"));
        IssuerConfig bogus = IssuerConfig.of("https://x.example", "sigstore", "carrier-pigeon");
        assertTrue(assertThrows(InvalidIdentityConfigException.class,
                () -> IssuerFactory.create(bogus, IdentityConfig.empty(), "here"))
                .getMessage().contains("unknown issuer type carrier-pigeon"));
    }

    @Test
    void shippedSamplesLoadUnchangedAndBuildEveryIssuer() {
        for (String sample : List.of("config/identity.yaml", "config/identity.json", "config/fulcio-public-good.yaml",
                "config/forgejo-actions.yaml", "config/jenkins-oidc.yaml")) {
            IdentityConfig config = IdentityConfigLoader.load(Path.of(sample));
            assertFalse(config.oidcIssuers().isEmpty(), sample);
            IssuerSet issuers = IssuerSet.of(config, sample, Optional.empty());
            assertEquals(config.oidcIssuers().size(), issuers.all().size(), sample);
            assertEquals(config.metaIssuers().size(), issuers.metaIssuers().size(), sample);
        }
    }

    @Test
    void publicGoodSampleRoutesRealIssuers() {
        IssuerSet issuers = IssuerSet.of(IdentityConfigLoader.load(Path.of("config/fulcio-public-good.yaml")),
                "public-good", Optional.empty());
        assertEquals("ci-provider", issuers.match("https://token.actions.githubusercontent.com").orElseThrow()
                .issuer().type().configName());
        assertTrue(issuers.match("https://oidc.eks.us-west-2.amazonaws.com/id/ABCDEF0123").orElseThrow().meta());
        assertTrue(issuers.match("https://attacker.example/x/https://oidc.eks.us-west-2.amazonaws.com/id/A").isEmpty());
    }
}
