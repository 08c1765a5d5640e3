package dev.signet.identity.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.oidc.TokenAlgorithm.KeyFamily;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;

class JwksParserTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static ProviderKeys parse(String json) {
        return JwksParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String set(List<? extends JsonWebKey> keys) {
        return new JsonWebKeySet(new ArrayList<>(keys)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private static <K extends PublicJsonWebKey> K withKid(K key, String kid) {
        key.setKeyId(kid);
        return key;
    }

    @Test
    void readsRsaEcAndEd25519Keys() throws Exception {
        ProviderKeys keys = parse(set(List.of(
                withKid(RsaJwkGenerator.generateJwk(2048), "r"),
                withKid(EcJwkGenerator.generateJwk(EllipticCurves.P256), "p256"),
                withKid(EcJwkGenerator.generateJwk(EllipticCurves.P384), "p384"),
                withKid(EcJwkGenerator.generateJwk(EllipticCurves.P521), "p521"),
                withKid(OkpJwkGenerator.generateJwk("Ed25519"), "ed"))));
        assertEquals(List.of(KeyFamily.RSA, KeyFamily.EC_P256, KeyFamily.EC_P384, KeyFamily.EC_P521, KeyFamily.ED25519),
                keys.keys().stream().map(ProviderKey::family).toList());
        assertEquals(1, keys.candidates("p384", TokenAlgorithm.ES384).size());
        assertEquals(0, keys.candidates("p384", TokenAlgorithm.ES256).size());
        assertEquals(1, keys.candidates(null, TokenAlgorithm.PS512).size());
    }

    @Test
    void skipsWeakHugeAndNonSigningKeys() throws Exception {
        PublicJsonWebKey encryption = withKid(RsaJwkGenerator.generateJwk(2048), "enc");
        encryption.setUse("enc");
        PublicJsonWebKey pinnedToHmac = withKid(RsaJwkGenerator.generateJwk(2048), "hs");
        pinnedToHmac.setAlgorithm("HS256");
        PublicJsonWebKey pinnedToOtherFamily = withKid(RsaJwkGenerator.generateJwk(2048), "es");
        pinnedToOtherFamily.setAlgorithm("ES256");
        PublicJsonWebKey good = withKid(RsaJwkGenerator.generateJwk(2048), "good");
        good.setAlgorithm("RS256");
        ProviderKeys keys = parse(set(List.of(withKid(RsaJwkGenerator.generateJwk(1024), "weak"), encryption,
                pinnedToHmac, pinnedToOtherFamily, good)));
        assertEquals(List.of("good"), keys.keys().stream().map(ProviderKey::kid).toList());
        assertEquals(0, keys.candidates("good", TokenAlgorithm.PS256).size(), "pinned to RS256 by the JWK");
    }

    @Test
    void rejectsSetWithoutUsableKeys() throws Exception {
        SignetException e = assertThrows(SignetException.class,
                () -> parse(set(List.of(withKid(RsaJwkGenerator.generateJwk(1024), "weak")))));
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
        for (String bad : List.of("[]", "{}", "{\"keys\":{}}", "{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}",
                "{\"keys\":[]} x", "not json")) {
            assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN,
                    assertThrows(SignetException.class, () -> parse(bad)).kind());
        }
    }

    @Test
    void rejectsOffCurveEcPoint() throws Exception {
        EllipticCurveJsonWebKey real = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        BigInteger y = real.getECPublicKey().getW().getAffineY().add(BigInteger.ONE);
        String x = B64.encodeToString(fixed(real.getECPublicKey().getW().getAffineX(), 32));
        String offCurve = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"off\",\"x\":\"" + x + "\",\"y\":\""
                + B64.encodeToString(fixed(y, 32)) + "\"}]}";
        assertThrows(SignetException.class, () -> parse(offCurve));
        String zero = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + B64.encodeToString(new byte[32])
                + "\",\"y\":\"" + B64.encodeToString(new byte[32]) + "\"}]}";
        assertThrows(SignetException.class, () -> parse(zero));
    }

    @Test
    void usesAtMostFiftyKeys() throws Exception {
        String one = set(List.of(withKid(EcJwkGenerator.generateJwk(EllipticCurves.P256), "k")));
        String key = one.substring(one.indexOf('[') + 1, one.lastIndexOf(']'));
        StringBuilder many = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < 500; i++) {
            many.append(i == 0 ? "" : ",").append(key);
        }
        ProviderKeys keys = parse(many.append("]}").toString());
        assertEquals(JwksParser.MAX_KEYS, keys.keys().size());
        assertTrue(keys.hasKid("k"));
    }

    private static byte[] fixed(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }
}
