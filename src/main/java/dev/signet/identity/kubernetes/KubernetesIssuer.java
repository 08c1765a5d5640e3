package dev.signet.identity.kubernetes;

import dev.signet.config.IssuerConfig;
import dev.signet.identity.Claims;
import dev.signet.identity.Issuer;
import dev.signet.identity.IssuerProvider;
import dev.signet.identity.IssuerType;
import dev.signet.identity.Principal;
import dev.signet.identity.Uris;
import dev.signet.identity.oidc.VerifiedToken;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Kubernetes cluster's service-account token issuer. The identity is the pod's service account,
 * read from the projected token's {@code kubernetes.io} claim. Unlike Fulcio, both the namespace and
 * the service account name must be present and be valid Kubernetes names, so the SAN URI is always
 * {@code https://kubernetes.io/namespaces/<ns>/serviceaccounts/<sa>} and cannot be bent by the claims.
 */
public final class KubernetesIssuer implements Issuer {
    static final String CLAIM = "kubernetes.io";
    /** RFC 1123 label, as Kubernetes validates namespace names. */
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_LABEL_LENGTH = 63;
    /** RFC 1123 subdomain, as Kubernetes validates service account names. */
    private static final Pattern DNS_1123_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int MAX_SUBDOMAIN_LENGTH = 253;

    private final IssuerConfig config;

    public KubernetesIssuer(IssuerConfig config, String where) {
        this.config = config;
    }

    @Override
    public IssuerConfig config() {
        return config;
    }

    @Override
    public IssuerType type() {
        return IssuerType.KUBERNETES;
    }

    @Override
    public Principal principal(VerifiedToken token) {
        Claims claims = new Claims(token);
        Map<?, ?> kubernetes = object(token.claims().get(CLAIM), CLAIM);
        String namespace = text(kubernetes.get("namespace"), CLAIM + ".namespace");
        Map<?, ?> serviceAccount = object(kubernetes.get("serviceaccount"), CLAIM + ".serviceaccount");
        String name = text(serviceAccount.get("name"), CLAIM + ".serviceaccount.name");
        if (namespace.length() > MAX_LABEL_LENGTH || !DNS_1123_LABEL.matcher(namespace).matches()) {
            throw Claims.invalid(CLAIM + ".namespace claim is not a valid Kubernetes namespace name");
        }
        if (name.length() > MAX_SUBDOMAIN_LENGTH || !DNS_1123_SUBDOMAIN.matcher(name).matches()) {
            throw Claims.invalid(CLAIM + ".serviceaccount.name claim is not a valid Kubernetes service account name");
        }
        // The names are already limited to [a-z0-9.-]; encoding and re-parsing guard the invariant anyway.
        String uri = Uris.checked("kubernetes service account URI", "https://kubernetes.io/namespaces/"
                + Uris.segment(namespace) + "/serviceaccounts/" + Uris.segment(name), "https");
        return new KubernetesPrincipal(uri, token.issuer(), claims.subject());
    }

    private static Map<?, ?> object(Object value, String name) {
        if (value == null) {
            throw Claims.invalid("missing " + name + " claim in ID token");
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw Claims.invalid(name + " claim is not an object");
        }
        return map;
    }

    private static String text(Object value, String name) {
        if (value == null || "".equals(value)) {
            throw Claims.invalid("missing " + name + " claim in ID token");
        }
        if (!(value instanceof String string)) {
            throw Claims.invalid(name + " claim is not a string");
        }
        return Claims.exact(name, string);
    }

    /** Builds this type's issuers for the identity package's {@code IssuerFactory} (listed in META-INF/services). */
    public static final class Provider extends IssuerProvider.ForType {
        public Provider() {
            super(IssuerType.KUBERNETES, KubernetesIssuer::new);
        }
    }
}
