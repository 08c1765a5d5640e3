package dev.signet.identity.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.config.IssuerConfig;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.IssuerFactory;
import dev.signet.identity.IssuerType;
import dev.signet.identity.Principal;
import dev.signet.identity.oidc.VerifiedToken;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesIssuerTest {
    static final String ISS = "https://kubernetes.default.svc.cluster.local";
    static final String SUB = "system:serviceaccount:prod:builder";
    static final KubernetesIssuer ISSUER = new KubernetesIssuer(IssuerConfig.of(ISS, "sigstore", "kubernetes"), "test");

    /** The shape of a real projected service-account token's private claim. */
    static Map<String, Object> claim(Object namespace, Object name) {
        Map<String, Object> serviceAccount = new HashMap<>();
        serviceAccount.put("name", name);
        serviceAccount.put("uid", "3b1e2d0a-59c4-4a5e-9c53-2d3f0c7b9a11");
        Map<String, Object> kubernetes = new HashMap<>();
        kubernetes.put("namespace", namespace);
        kubernetes.put("serviceaccount", serviceAccount);
        kubernetes.put("pod", Map.of("name", "builder-7d9f", "uid", "0f6c1b2e-1111-2222-3333-444455556666"));
        return kubernetes;
    }

    static VerifiedToken token(Object kubernetesClaim) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", SUB);
        if (kubernetesClaim != null) {
            claims.put("kubernetes.io", kubernetesClaim);
        }
        return new VerifiedToken(ISS, SUB, claims);
    }

    static SignetException refused(Object kubernetesClaim) {
        SignetException e = assertThrows(SignetException.class, () -> ISSUER.principal(token(kubernetesClaim)));
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
        return e;
    }

    @Test
    void serviceAccountBecomesUriSanAndExtensions() {
        Principal principal = ISSUER.principal(token(claim("prod", "builder")));
        assertEquals(SUB, principal.name(), "the client signs sub");
        CertificateIdentity identity = principal.embed();
        assertEquals(SubjectAltName.uri("https://kubernetes.io/namespaces/prod/serviceaccounts/builder"),
                identity.subjectAltName());
        assertEquals(Map.of(SigstoreOid.ISSUER_V1, ISS, SigstoreOid.ISSUER_V2, ISS, SigstoreOid.TOKEN_SUBJECT, SUB),
                identity.extensions());
    }

    @Test
    void dottedServiceAccountNameIsAccepted() {
        assertEquals(SubjectAltName.uri("https://kubernetes.io/namespaces/kube-system/serviceaccounts/a.b-c"),
                ISSUER.principal(token(claim("kube-system", "a.b-c"))).embed().subjectAltName());
    }

    @Test
    void factoryBuildsIt() {
        assertInstanceOf(KubernetesIssuer.class,
                IssuerFactory.create(IssuerConfig.of(ISS, "sigstore", "kubernetes"), "t"));
        assertEquals(IssuerType.KUBERNETES, ISSUER.type());
    }

    @Test
    void missingClaimsAreRefused() {
        assertEquals("missing kubernetes.io claim in ID token", refused(null).getMessage());
        assertEquals("missing kubernetes.io.namespace claim in ID token", refused(claim(null, "sa")).getMessage());
        assertEquals("missing kubernetes.io.namespace claim in ID token", refused(claim("", "sa")).getMessage());
        assertEquals("missing kubernetes.io.serviceaccount.name claim in ID token",
                refused(claim("ns", null)).getMessage());
        assertEquals("missing kubernetes.io.serviceaccount.name claim in ID token",
                refused(claim("ns", "")).getMessage());
        assertEquals("missing kubernetes.io.serviceaccount claim in ID token",
                refused(Map.of("namespace", "ns")).getMessage());
    }

    @Test
    void wrongClaimShapesAreRefused() {
        refused("flat-string");
        refused(List.of("ns"));
        refused(Map.of("namespace", "ns", "serviceaccount", "sa"));
        refused(claim(42L, "sa"));
        refused(claim("ns", Map.of("name", "sa")));
        refused(claim(List.of("ns"), "sa"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Prod", "a.b", "-ns", "ns-", "n_s", "ns/other", "..", "%2e%2e", "ns?x=1", "ns#f", "n s",
            "n\u00e9s", "ns\n", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void badNamespacesAreRefused(String namespace) {
        refused(claim(namespace, "builder"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Builder", ".", "..", "a..b", ".a", "a.", "-a", "a_b", "a/b", "../../x", "a%2Fb", "a?b",
            "a#b", "a@b", "b\u0000", "\u0431uilder"})
    void badServiceAccountNamesAreRefused(String name) {
        refused(claim("prod", name));
    }

    @Test
    void overlongServiceAccountNameIsRefused() {
        String label = "a".repeat(63);
        String name = String.join(".", label, label, label, label); // 255 characters
        refused(claim("prod", name));
        String longest = String.join(".", label, label, label, "a".repeat(61)); // 253 characters
        assertEquals("https://kubernetes.io/namespaces/prod/serviceaccounts/" + longest,
                ISSUER.principal(token(claim("prod", longest))).embed().subjectAltName().value());
    }
}
