package dev.signet.api.hostile;

import static dev.signet.api.hostile.Catalogue.EMAIL;
import static dev.signet.api.hostile.Catalogue.KEY;
import static dev.signet.api.hostile.Catalogue.TOKEN_ERROR;
import static dev.signet.api.hostile.Catalogue.refused;
import static dev.signet.api.hostile.Catalogue.tokenRefused;
import static dev.signet.api.hostile.Catalogue.treeSize;
import static dev.signet.api.hostile.Catalogue.v2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.testing.LeafAssertions;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.Test;

/**
 * Catalogue §2 B (claims), over the v2 REST API: each refused input gets 400 with Fulcio's token
 * message, no certificate and no log entry; the accepted forms the rows name are issued.
 */
@QuarkusTest
@WithTestResource(HostileIssuersTestResource.class)
class ClaimsCatalogueTest extends AgainstHostileIssuers {
    static final String WORKFLOW_NAME_OID = "1.3.6.1.4.1.57264.1.4";

    /** Issues and returns the leaf; the log grows by exactly one entry. */
    static X509Certificate issued(String token, String signed) {
        long before = treeSize();
        ValidatableResponse response = v2(token, KEY, signed).get().statusCode(200);
        assertEquals(before + 1, treeSize());
        String pem = response.extract().jsonPath().getString("signedCertificateEmbeddedSct.chain.certificates[0]");
        return LeafAssertions.parsePem(pem).get(0);
    }

    static void refusedFor(String token, String signed) {
        refused(v2(token, KEY, signed), 400, 3, TOKEN_ERROR);
    }

    static String san(X509Certificate leaf) throws Exception {
        byte[] value = ASN1OctetString.getInstance(leaf.getExtensionValue("2.5.29.17")).getOctets();
        GeneralName[] names = GeneralNames.getInstance(ASN1Primitive.fromByteArray(value)).getNames();
        assertEquals(1, names.length);
        return names[0].getName().toString();
    }

    @Test
    void b1_timesOutsideTheSkewAreRefused() {
        Instant now = Instant.now();
        tokenRefused(good().expiresAt(now.minusSeconds(61)).sign());
        tokenRefused(good().notBefore(now.plusSeconds(62)).sign());
        tokenRefused(good().issuedAt(now).expiresAt(now.minusSeconds(10)).sign());
        tokenRefused(good().expiresAt(null).sign());
        tokenRefused(good().issuedAt(now.plusSeconds(3600)).sign());
    }

    @Test
    void b2_audienceAndAuthorizedPartyMustBeOurs() {
        tokenRefused(good().audience("not-sigstore").sign());
        tokenRefused(good().audience().sign());
        tokenRefused(good().audience("a", "b").sign());
        tokenRefused(good().claim("azp", "another-client").sign());
        issued(good().audience("other", TestOidcIssuer.DEFAULT_AUDIENCE).sign(), EMAIL);
    }

    @Test
    void b3_issuerMustMatchTheConfigurationExactly() {
        String url = email.url();
        String port = url.substring(url.lastIndexOf(':') + 1);
        for (String iss : List.of(url + "/", url.toUpperCase(java.util.Locale.ROOT), "HTTP://127.0.0.1:" + port,
                "http://127.0.0.1:0" + port, "https://127.0.0.1:" + port, "http://localhost:" + port)) {
            tokenRefusedWithoutOutbound(good().issuer(iss).sign());
        }
    }

    @Test
    void b4_emailMustBeVerified() {
        tokenRefused(good().emailVerified(false).sign());
        tokenRefused(good().emailVerified(null).sign());
        tokenRefused(good().emailVerified(1).sign());
        tokenRefused(good().emailVerified("yes").sign());
        tokenRefused(good().emailVerified("false").sign());
        tokenRefused(good().emailVerified("true").sign());
        issued(good().emailVerified(true).sign(), EMAIL);
    }

    @Test
    void b5_nonAsciiEmailIsRefusedNeverTruncated() {
        for (String email : List.of("\u0161lice@example.com", "alice@examp\u016Ce.com", "alice@exam\u0440le.com",
                "alice\uFF20example.com")) {
            refusedFor(good().email(email).sign(), email);
            // The proof over the ASCII address the truncation would have produced does not help either.
            refusedFor(good().email(email).sign(), EMAIL);
        }
    }

    @Test
    void b6_emailOutsideTheStrictGrammarIsRefused() {
        for (String email : List.of("alice\u0000@example.com", "alice@example.com\r\n", "al\nice@example.com",
                "alice,bob@example.com", "<alice@example.com>", "alice @example.com", "alice@bob@example.com",
                "\"alice\"@example.com", "alice@example.com.")) {
            refusedFor(good().email(email).sign(), email);
        }
    }

    @Test
    void b7_overlongClaimsAreRefusedNotTruncated() {
        tokenRefused(good().subject("s".repeat(1024 * 1024)).sign());
        tokenRefused(good().subject("s".repeat(2048)).sign());
        String longUri = HostileIssuersTestResource.URI_DOMAIN + "/" + "a".repeat(5000);
        refusedFor(uri.token().subject(longUri).sign(), longUri);
    }

    @Test
    void b8_uriClaimsThatDoNotRoundTripAreRefusedAndCiPathsAreEscapedAsFulcioDoes() throws Exception {
        String domain = HostileIssuersTestResource.URI_DOMAIN;
        for (String subject : List.of(domain + "@evil.example/x", "http://evil.example#@127.0.0.1/",
                "http://evil.example?@127.0.0.1/", domain + "/a\nb", domain + "/a b", "http://127.0.0.\u0661/x",
                domain + "/\u00e9")) {
            refusedFor(uri.token().subject(subject).sign(), subject);
        }
        // What is accepted is embedded exactly as given, never normalised into another URI.
        for (String subject : List.of(domain + "/a/../b", domain + "/a%2Fb")) {
            ValidatableResponse response = v2(uri.token().subject(subject).sign(), KEY, subject).get();
            if (response.extract().statusCode() == 200) {
                X509Certificate leaf = LeafAssertions.parsePem(response.extract().jsonPath()
                        .getString("signedCertificateEmbeddedSct.chain.certificates[0]")).get(0);
                assertEquals(subject, san(leaf));
            } else {
                response.statusCode(400).body("message", org.hamcrest.Matchers.equalTo(TOKEN_ERROR));
            }
        }
        for (String ref : List.of("octo-org/octo-repo/.github/workflows/x.yml@refs/heads/main\nX",
                "octo-org/octo-repo/.github/workflows/x.yml@refs/heads/100%")) {
            refused(v2(github().claim("job_workflow_ref", ref).sign(), KEY, GITHUB_SUB), 400, 3, TOKEN_ERROR);
        }
        // Fulcio's JoinPath escapes what a path cannot hold; the host stays github.com.
        String workflow = "https://github.com/octo-org/octo-repo/.github/workflows/";
        for (Map.Entry<String, String> ref : Map.of(
                "octo-org/octo-repo/.github/workflows/x.yml@refs/heads/m\u00e4in",
                workflow + "x.yml@refs/heads/m%C3%A4in",
                "octo-org/octo-repo/.github/workflows/x y.yml@refs/heads/main", workflow + "x%20y.yml@refs/heads/main")
                .entrySet()) {
            String pem = v2(github().claim("job_workflow_ref", ref.getKey()).sign(), KEY, GITHUB_SUB).get()
                    .statusCode(200).extract().jsonPath()
                    .getString("signedCertificateEmbeddedSct.chain.certificates[0]");
            assertEquals(ref.getValue(), san(LeafAssertions.parsePem(pem).get(0)));
        }
    }

    @Test
    void b9_usernameWithBangOrThatIsAnEmailIsRefused() {
        for (String name : List.of("alice!evil.example", "bob@example.com")) {
            refusedFor(username.token().subject(name).sign(), name);
        }
    }

    @Test
    void b10_uriSubjectOnAnotherHostIsRefused() {
        for (String subject : List.of("http://127.0.0.2/users/alice", "http://127.0.0.1.evil.example/users/alice",
                "https://127.0.0.1/users/alice", "http://evil127.0.0.1/users/alice")) {
            refusedFor(uri.token().subject(subject).sign(), subject);
        }
    }

    @Test
    void b11_spiffeIdOfAnotherTrustDomainIsRefused() {
        for (String id : List.of("spiffe://other.org/ns/prod/sa/builder", "spiffe://example.org.evil/ns/x",
                "spiffe://evil.example.org/ns/x", "spiffe://EXAMPLE.ORG/ns/x")) {
            refusedFor(spiffe.token().subject(id).sign(), id);
        }
    }

    @Test
    void b12_htmlCharactersAreEmbeddedVerbatim() {
        String name = "Release <\"prod\"> & sign";
        X509Certificate leaf = issued(github().claim("workflow", name).sign(), GITHUB_SUB);
        byte[] value = ASN1OctetString.getInstance(leaf.getExtensionValue(WORKFLOW_NAME_OID)).getOctets();
        assertArrayEquals(name.getBytes(StandardCharsets.UTF_8), value);
    }

    /**
     * Characters that must never reach a certificate: a newline, a C1 control (NEL), a bidi override,
     * zero-width characters and the line and paragraph separators.
     */
    static final List<String> HIDDEN = List.of("a\nb", "a\u0085b", "a\u202Eb", "a\u200Bb", "a\uFEFFb", "a\u2028b",
            "a\u2029b");
    /** Stands for a lone surrogate in a token: written as the JSON escape a JSON library will not produce. */
    static final String LONE_SURROGATE = "LONE-SURROGATE";
    static final String ISSUER_V2_OID = "1.3.6.1.4.1.57264.1.8";

    /** The token as signed, with {@link #LONE_SURROGATE} in any claim turned into the JSON escape of U+D800. */
    static String withLoneSurrogate(TestOidcIssuer issuer, TestOidcIssuer.TokenBuilder token) {
        String claims = token.claimsJson().replace(LONE_SURROGATE, "x\\ud800x");
        return issuer.signRawRs256("{\"alg\":\"RS256\",\"kid\":\"" + issuer.rsaKid() + "\"}", claims);
    }

    TestOidcIssuer.TokenBuilder withIssuerClaim(String connector) {
        return emailClaim.token().email(EMAIL).emailVerified(true)
                .claim("federated_claims", java.util.Map.of("connector_id", connector));
    }

    /** The UTF8String of a Sigstore extension. */
    static String utf8Extension(X509Certificate leaf, String oid) throws Exception {
        byte[] value = ASN1OctetString.getInstance(leaf.getExtensionValue(oid)).getOctets();
        return org.bouncycastle.asn1.ASN1UTF8String.getInstance(ASN1Primitive.fromByteArray(value)).getString();
    }

    @Test
    void b13_hiddenCharactersAndLoneSurrogatesInTheIssuerClaimAreRefused() throws Exception {
        X509Certificate leaf = issued(withIssuerClaim("connector-1").sign(), EMAIL);
        assertEquals("connector-1", utf8Extension(leaf, ISSUER_V2_OID));
        for (String value : HIDDEN) {
            refusedFor(withIssuerClaim(value).sign(), EMAIL);
        }
        refusedFor(withLoneSurrogate(emailClaim, withIssuerClaim(LONE_SURROGATE)), EMAIL);
    }

    @Test
    void b13_hiddenCharactersAndLoneSurrogatesInOtherEmbeddedClaimsAreRefused() {
        TestOidcIssuer githubIssuer = github;
        for (String value : HIDDEN) {
            refusedFor(github().claim("workflow", value).sign(), GITHUB_SUB);
            refusedFor(github().claim("ref", "refs/heads/" + value).sign(), GITHUB_SUB);
            refusedFor(good().subject(value).sign(), EMAIL);
        }
        refusedFor(withLoneSurrogate(githubIssuer, github().claim("workflow", LONE_SURROGATE)), GITHUB_SUB);
        refusedFor(withLoneSurrogate(email, good().subject(LONE_SURROGATE)), EMAIL);
    }

    @Test
    void b13_decomposedTextIsEmbeddedAsNfcAndADecomposedIdentityIsRefused() throws Exception {
        X509Certificate leaf = issued(github().claim("workflow", "Cafe\u0301 release").sign(), GITHUB_SUB);
        byte[] workflow = ASN1OctetString.getInstance(leaf.getExtensionValue(WORKFLOW_NAME_OID)).getOctets();
        assertArrayEquals("Caf\u00e9 release".getBytes(StandardCharsets.UTF_8), workflow);
        leaf = issued(withIssuerClaim("conne\u0301ctor").sign(), EMAIL);
        assertEquals("conn\u00e9ctor", utf8Extension(leaf, ISSUER_V2_OID));
        // The subject names the identity and may be signed as the proof: never rewritten into another string.
        refusedFor(good().subject("ange\u0301le").sign(), EMAIL);
        refusedFor(good().subject("ange\u0301le").sign(), "ange\u0301le");
    }

    static final String GITHUB_SUB = "repo:octo-org/octo-repo:ref:refs/heads/main";

    TestOidcIssuer.TokenBuilder github() {
        return github.token().subject(GITHUB_SUB)
                .claim("job_workflow_ref", "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main")
                .claim("job_workflow_sha", "1111111111111111111111111111111111111111")
                .claim("sha", "3333333333333333333333333333333333333333")
                .claim("event_name", "push")
                .claim("repository", "octo-org/octo-repo")
                .claim("workflow", "Release")
                .claim("ref", "refs/heads/main")
                .claim("ref_type", "branch")
                .claim("runner_environment", "github-hosted")
                .claim("repository_id", "74")
                .claim("repository_owner", "octo-org")
                .claim("repository_owner_id", "65")
                .claim("repository_visibility", "public")
                .claim("workflow_ref", "octo-org/octo-repo/.github/workflows/release.yml@refs/heads/main")
                .claim("workflow_sha", "2222222222222222222222222222222222222222")
                .claim("run_id", "5264376442")
                .claim("run_attempt", "2");
    }
}
