package dev.signet.identity.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.codec.BouncyCastle;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.oidc.TokenAlgorithm.KeyFamily;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.math.ec.ECPoint;
import org.jboss.logging.Logger;

/**
 * Reads a JWK Set into validated public keys. Keys that are not for signatures, of an unsupported
 * type, or too weak are skipped, not fatal: providers publish encryption keys alongside signing keys.
 */
final class JwksParser {

    static final int MAX_KEYS = 50;
    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 8192;
    private static final int MAX_KID_LENGTH = 256;
    private static final Logger LOG = Logger.getLogger(JwksParser.class);
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private JwksParser() {
    }

    /**
     * @throws SignetException {@link ErrorKind#INVALID_IDENTITY_TOKEN} when the document is not a key
     *     set or holds no usable key
     */
    static ProviderKeys parse(byte[] document) {
        JsonNode root;
        try {
            root = BoundedJson.DOCUMENT.readObject(document);
        } catch (IOException | RuntimeException e) {
            throw invalid("JWKS is not an acceptable JSON object: " + e.getClass().getSimpleName());
        }
        JsonNode keys = root.get("keys");
        if (keys == null || !keys.isArray()) {
            throw invalid("JWKS has no keys array");
        }
        List<ProviderKey> usable = new ArrayList<>();
        int skipped = 0;
        for (JsonNode jwk : keys) {
            if (usable.size() == MAX_KEYS) {
                skipped++;
                continue;
            }
            Optional<ProviderKey> key = toKey(jwk);
            if (key.isPresent()) {
                usable.add(key.get());
            } else {
                skipped++;
            }
        }
        if (skipped > 0) {
            LOG.debugf("JWKS: %d usable keys, %d skipped", usable.size(), skipped);
        }
        if (usable.isEmpty()) {
            throw invalid("JWKS holds no usable signing key");
        }
        return new ProviderKeys(usable);
    }

    private static Optional<ProviderKey> toKey(JsonNode jwk) {
        if (!jwk.isObject()) {
            return Optional.empty();
        }
        String use = text(jwk, "use");
        if (use != null && !use.equals("sig")) {
            return Optional.empty();
        }
        String kid = text(jwk, "kid");
        if (jwk.has("kid") && (kid == null || kid.length() > MAX_KID_LENGTH)) {
            return Optional.empty();
        }
        TokenAlgorithm alg = null;
        if (jwk.has("alg")) {
            Optional<TokenAlgorithm> pinned = TokenAlgorithm.fromJoseName(text(jwk, "alg"));
            if (pinned.isEmpty()) {
                return Optional.empty();
            }
            alg = pinned.get();
        }
        String kty = text(jwk, "kty");
        if (kty == null) {
            return Optional.empty();
        }
        try {
            Optional<ProviderKey> key = switch (kty) {
                case "RSA" -> rsa(jwk, kid, alg);
                case "EC" -> ec(jwk, kid, alg);
                case "OKP" -> okp(jwk, kid, alg);
                default -> Optional.empty();
            };
            return key.filter(k -> k.algorithm() == null || k.algorithm().keyFamily() == k.family());
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.debugf("JWKS: skipped an undecodable %s key: %s", kty, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static Optional<ProviderKey> rsa(JsonNode jwk, String kid, TokenAlgorithm alg)
            throws GeneralSecurityException {
        BigInteger n = unsigned(jwk, "n");
        BigInteger e = unsigned(jwk, "e");
        if (n == null || e == null) {
            return Optional.empty();
        }
        int bits = n.bitLength();
        if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
            LOG.debugf("JWKS: skipped an RSA key of %d bits", bits);
            return Optional.empty();
        }
        if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0 || e.bitLength() > 32) {
            return Optional.empty();
        }
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        return Optional.of(new ProviderKey(kid, KeyFamily.RSA, alg, key));
    }

    private static Optional<ProviderKey> ec(JsonNode jwk, String kid, TokenAlgorithm alg)
            throws GeneralSecurityException {
        String crv = text(jwk, "crv");
        KeyFamily family;
        int fieldBytes;
        if ("P-256".equals(crv)) {
            family = KeyFamily.EC_P256;
            fieldBytes = 32;
        } else if ("P-384".equals(crv)) {
            family = KeyFamily.EC_P384;
            fieldBytes = 48;
        } else if ("P-521".equals(crv)) {
            family = KeyFamily.EC_P521;
            fieldBytes = 66;
        } else {
            return Optional.empty();
        }
        byte[] x = bytes(jwk, "x");
        byte[] y = bytes(jwk, "y");
        if (x == null || y == null || x.length != fieldBytes || y.length != fieldBytes) {
            return Optional.empty();
        }
        ECNamedCurveParameterSpec curve = ECNamedCurveTable.getParameterSpec(crv);
        // validatePoint throws for a point that is not on the curve.
        ECPoint point = curve.getCurve().validatePoint(new BigInteger(1, x), new BigInteger(1, y));
        // Bouncy Castle's EC decoding, not the default provider's: it rejects off-curve points; SunEC does not.
        PublicKey key = KeyFactory.getInstance("EC", BouncyCastle.PROVIDER)
                .generatePublic(new ECPublicKeySpec(point, curve));
        return Optional.of(new ProviderKey(kid, family, alg, key));
    }

    private static Optional<ProviderKey> okp(JsonNode jwk, String kid, TokenAlgorithm alg)
            throws GeneralSecurityException {
        if (!"Ed25519".equals(text(jwk, "crv"))) {
            return Optional.empty();
        }
        byte[] x = bytes(jwk, "x");
        if (x == null || x.length != 32) {
            return Optional.empty();
        }
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + x.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, x.length);
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        return Optional.of(new ProviderKey(kid, KeyFamily.ED25519, alg, key));
    }

    private static String text(JsonNode jwk, String name) {
        JsonNode value = jwk.get(name);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static byte[] bytes(JsonNode jwk, String name) {
        String value = text(jwk, name);
        if (value == null || value.isEmpty() || value.indexOf('=') >= 0) {
            return null;
        }
        return Base64.getUrlDecoder().decode(value);
    }

    private static BigInteger unsigned(JsonNode jwk, String name) {
        byte[] value = bytes(jwk, name);
        return value == null ? null : new BigInteger(1, value);
    }

    private static SignetException invalid(String detail) {
        return new SignetException(ErrorKind.INVALID_IDENTITY_TOKEN, detail);
    }
}
