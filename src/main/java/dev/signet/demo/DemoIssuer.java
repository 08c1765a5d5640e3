package dev.signet.demo;

import dev.signet.config.IssuerConfig;
import dev.signet.config.PublicUrl;
import dev.signet.config.SignetConfig;
import dev.signet.identity.BuiltInIssuer;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;
import org.jboss.logging.Logger;

/**
 * A local OIDC issuer that mints an email token for anyone who asks, so a newcomer can get a
 * certificate with no outside service. It is a hole in any real deployment: Signet refuses to start
 * with it enabled in the prod profile. Trusted as a {@link BuiltInIssuer}: the issuer sets pick it
 * up while it is enabled.
 */
@ApplicationScoped
public class DemoIssuer implements BuiltInIssuer {
    /** Audience of demo tokens; Sigstore clients use {@code sigstore}. */
    public static final String CLIENT_ID = "sigstore";
    private static final Logger LOG = Logger.getLogger(DemoIssuer.class);
    private static final String KEY_ID = "demo-1";
    private static final long TOKEN_LIFETIME_MINUTES = 10;

    private final boolean enabled;
    private volatile KeyPair keyPair;

    @Inject
    public DemoIssuer(SignetConfig config) {
        this(config.demo().enabled(), ConfigUtils.getProfiles());
    }

    DemoIssuer(boolean enabled, List<String> activeProfiles) {
        if (enabled && activeProfiles.contains("prod")) {
            throw new IllegalStateException("signet.demo.enabled=true is refused in the prod profile: "
                    + "the demo issuer mints a token for any email address");
        }
        this.enabled = enabled;
        if (enabled) {
            LOG.warnf("Demo OIDC issuer enabled at %s: it mints tokens for any email; never use it in production",
                    issuerUrl());
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** The issuer URL, on this server's own HTTP port. */
    public String issuerUrl() {
        return "http://localhost:" + PublicUrl.httpPort() + "/demo-issuer";
    }

    /** While enabled, an email issuer with audience {@value #CLIENT_ID}. */
    @Override
    public Optional<IssuerConfig> issuerConfig() {
        return enabled ? Optional.of(IssuerConfig.of(issuerUrl(), CLIENT_ID, "email")) : Optional.empty();
    }

    /** The OpenID discovery document. */
    public Map<String, Object> discovery() {
        String url = issuerUrl();
        return Map.of(
                "issuer", url,
                "jwks_uri", url + "/jwks",
                "token_endpoint", url + "/token",
                "response_types_supported", List.of("id_token"),
                "subject_types_supported", List.of("public"),
                "id_token_signing_alg_values_supported",
                List.of(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256));
    }

    /** The JWKS holding the one signing key, as JSON text. */
    public String jwks() {
        EllipticCurveJsonWebKey jwk = new EllipticCurveJsonWebKey((ECPublicKey) keys().getPublic());
        jwk.setKeyId(KEY_ID);
        jwk.setUse("sig");
        jwk.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        return new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** An ES256 ID token for {@code email}, with {@code email_verified} true and a ten-minute lifetime. */
    public String mint(String email) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuerUrl());
        claims.setAudience(CLIENT_ID);
        claims.setSubject(email);
        claims.setClaim("email", email);
        claims.setClaim("email_verified", true);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(TOKEN_LIFETIME_MINUTES);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys().getPrivate());
        jws.setKeyIdHeaderValue(KEY_ID);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("demo issuer could not sign a token", e);
        }
    }

    private KeyPair keys() {
        KeyPair current = keyPair;
        if (current == null) {
            synchronized (this) {
                if (keyPair == null) {
                    keyPair = generate();
                }
                current = keyPair;
            }
        }
        return current;
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("demo issuer could not generate its key", e);
        }
    }
}
