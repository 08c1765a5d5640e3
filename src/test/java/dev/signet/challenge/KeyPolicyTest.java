package dev.signet.challenge;

import static dev.signet.challenge.ErrorAssertions.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.error.ErrorKind;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.jce.interfaces.ECPublicKey;
import org.junit.jupiter.api.Test;

/** The weak-key policy, exercised through the public verifier: each key must fail as insecure, not as a bad signature. */
class KeyPolicyTest {
    private static final String P256_SPKI_PREFIX = "3059301306072a8648ce3d020106082a8648ce3d030107034200";
    private static final String ED25519_SPKI_PREFIX = "302a300506032b6570032100";
    private static final BigInteger ED25519_P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    private final ProofVerifier verifier = new ProofVerifier(SigningAlgorithm.defaults());

    private void assertInsecure(byte[] key) {
        // Any signature: the key must be refused before the signature is looked at.
        assertFails(ErrorKind.INSECURE_PUBLIC_KEY,
                () -> verifier.verify(new SignedChallenge(key, new byte[64]), TestKeys.CHALLENGE));
    }

    private void assertUnparsable(byte[] key) {
        assertFails(ErrorKind.INVALID_PUBLIC_KEY,
                () -> verifier.verify(new SignedChallenge(key, new byte[64]), TestKeys.CHALLENGE));
    }

    @Test
    void refusesRsaOfTheWrongSize() {
        assertInsecure(TestKeys.generate("RSA", 1024).getPublic().getEncoded());
        RSAPublicKey good = (RSAPublicKey) TestKeys.rsa(2048).getPublic();
        BigInteger n2047 = good.getModulus().shiftRight(1).setBit(0);
        assertInsecure(TestKeys.rsaSpki(n2047, KeyPolicy.RSA_EXPONENT));
        BigInteger n4104 = good.getModulus().shiftLeft(2056).add(good.getModulus());
        assertInsecure(TestKeys.rsaSpki(n4104.setBit(4103), KeyPolicy.RSA_EXPONENT));
    }

    @Test
    void refusesRsaExponentsOtherThan65537() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F0), TestKeys.RANDOM);
        assertInsecure(generator.generateKeyPair().getPublic().getEncoded());

        BigInteger n = ((RSAPublicKey) TestKeys.rsa(2048).getPublic()).getModulus();
        for (long e : new long[] {1, 3, 65536, 65539}) {
            assertInsecure(TestKeys.rsaSpki(n, BigInteger.valueOf(e)));
        }
    }

    @Test
    void refusesAModulusWithASmallFactor() {
        BigInteger n;
        do {
            n = BigInteger.probablePrime(2038, TestKeys.RANDOM).multiply(BigInteger.valueOf(997));
        } while (n.bitLength() != 2048);
        assertInsecure(TestKeys.rsaSpki(n, KeyPolicy.RSA_EXPONENT));
    }

    @Test
    void refusesFermatClosePrimes() {
        BigInteger n;
        do {
            BigInteger p = BigInteger.probablePrime(1024, TestKeys.RANDOM);
            n = p.multiply(p.add(BigInteger.ONE.shiftLeft(500)).nextProbablePrime());
        } while (n.bitLength() != 2048);
        assertInsecure(TestKeys.rsaSpki(n, KeyPolicy.RSA_EXPONENT));
    }

    @Test
    void refusesARocaFingerprintedModulus() {
        assertInsecure(TestKeys.rsaSpki(RocaFingerprintTest.rocaStyleModulus(), KeyPolicy.RSA_EXPONENT));
    }

    @Test
    void refusesRsaWithoutNullParametersOrWithANegativeModulus() throws Exception {
        RSAPublicKey rsa = (RSAPublicKey) TestKeys.rsa(2048).getPublic();
        byte[] pkcs1 = new org.bouncycastle.asn1.pkcs.RSAPublicKey(rsa.getModulus(), rsa.getPublicExponent())
                .getEncoded();
        assertUnparsable(new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption),
                pkcs1).getEncoded());

        byte[] negative = new org.bouncycastle.asn1.pkcs.RSAPublicKey(rsa.getModulus(), rsa.getPublicExponent())
                .getEncoded();
        // Drop the 0x00 that keeps the modulus positive: 30 82 01 0a 02 82 01 01 00 <n> -> 02 82 01 00 <n>.
        byte[] stripped = TestKeys.concat(TestKeys.hex("30820109028201 00".replace(" ", "")),
                Arrays.copyOfRange(negative, 9, negative.length));
        assertUnparsable(TestKeys.pem("RSA PUBLIC KEY", stripped));
    }

    @Test
    void refusesAnOffCurveP256Point() {
        ECPublicKey valid = (ECPublicKey) TestKeys.ec("secp256r1").getPublic();
        byte[] point = valid.getQ().getEncoded(false);
        point[point.length - 1] ^= 0x01;
        assertInsecure(TestKeys.concat(TestKeys.hex(P256_SPKI_PREFIX), point));
    }

    @Test
    void refusesZeroInfinityAndOutOfRangeCoordinates() throws Exception {
        assertInsecure(TestKeys.concat(TestKeys.hex(P256_SPKI_PREFIX), new byte[] {4}, new byte[64]));

        byte[] infinity = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                SECObjectIdentifiers.secp256r1), new byte[] {0}).getEncoded();
        assertInsecure(infinity);

        X9ECParameters p256 = CustomNamedCurves.getByOID(SECObjectIdentifiers.secp256r1);
        byte[] p = BigIntegers32.unsigned(p256.getCurve().getField().getCharacteristic());
        byte[] gy = BigIntegers32.unsigned(p256.getG().getAffineYCoord().toBigInteger());
        assertInsecure(TestKeys.concat(TestKeys.hex(P256_SPKI_PREFIX), new byte[] {4}, p, gy));
    }

    @Test
    void refusesCompressedPointsAsUnparsable() {
        ECPublicKey valid = (ECPublicKey) TestKeys.ec("secp256r1").getPublic();
        byte[] compressed = valid.getQ().getEncoded(true);
        byte[] spki = TestKeys.concat(TestKeys.hex("3039301306072a8648ce3d020106082a8648ce3d030107032200"), compressed);
        assertUnparsable(spki);
    }

    @Test
    void refusesCurvesOtherThanTheNistThree() throws Exception {
        assertInsecure(TestKeys.ec("secp256k1").getPublic().getEncoded());
        assertInsecure(TestKeys.ec("secp224r1").getPublic().getEncoded());
        assertInsecure(TestKeys.ec("brainpoolP256r1").getPublic().getEncoded());

        ECPublicKey valid = (ECPublicKey) TestKeys.ec("secp256r1").getPublic();
        X9ECParameters explicit = CustomNamedCurves.getByOID(SECObjectIdentifiers.secp256r1);
        byte[] explicitSpki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                new X962Parameters(explicit)), valid.getQ().getEncoded(false)).getEncoded();
        assertInsecure(explicitSpki);
        byte[] implicitSpki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                DERNull.INSTANCE), valid.getQ().getEncoded(false)).getEncoded();
        assertInsecure(implicitSpki);
    }

    @Test
    void refusesOtherKeyTypes() {
        assertInsecure(TestKeys.generate("DSA", 2048).getPublic().getEncoded());
        assertInsecure(TestKeys.generate("X25519", 0).getPublic().getEncoded());
        assertInsecure(TestKeys.generate("Ed448", 0).getPublic().getEncoded());
        assertInsecure(TestKeys.generate("RSASSA-PSS", 2048).getPublic().getEncoded());
    }

    @Test
    void refusesEd25519KeysOfTheWrongLength() {
        byte[] valid = TestKeys.ed25519().getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(valid, valid.length - 32, valid.length);
        assertInsecure(TestKeys.concat(TestKeys.hex("3029300506032b6570032000"), Arrays.copyOf(raw, 31)));
        assertInsecure(TestKeys.concat(TestKeys.hex("302b300506032b6570032200"), raw, new byte[1]));
    }

    @Test
    void refusesSmallOrderEd25519Points() {
        BigInteger y8 = KeyPolicy.ED25519_ORDER8_Y;
        BigInteger[] smallOrderY = {BigInteger.ZERO, BigInteger.ONE, ED25519_P.subtract(BigInteger.ONE), y8,
                ED25519_P.subtract(y8), ED25519_P, ED25519_P.add(BigInteger.ONE)};
        for (BigInteger y : smallOrderY) {
            for (boolean signBit : new boolean[] {false, true}) {
                byte[] encoded = littleEndian(y);
                if (signBit) {
                    encoded[31] |= (byte) 0x80;
                }
                assertInsecure(TestKeys.concat(TestKeys.hex(ED25519_SPKI_PREFIX), encoded));
            }
        }
    }

    @Test
    void refusesEd25519EncodingsThatAreNotOnTheCurve() {
        BigInteger d = d();
        BigInteger y = BigInteger.TWO;
        while (true) {
            BigInteger y2 = y.multiply(y).mod(ED25519_P);
            BigInteger u = y2.subtract(BigInteger.ONE);
            BigInteger v = d.multiply(y2).add(BigInteger.ONE);
            BigInteger x2 = u.multiply(v.modInverse(ED25519_P)).mod(ED25519_P);
            boolean square = x2.modPow(ED25519_P.subtract(BigInteger.ONE).shiftRight(1), ED25519_P)
                    .equals(BigInteger.ONE);
            if (!square) {
                break;
            }
            y = y.add(BigInteger.ONE);
        }
        assertInsecure(TestKeys.concat(TestKeys.hex(ED25519_SPKI_PREFIX), littleEndian(y)));
    }

    @Test
    void theOrder8ConstantsSolveTheirEquation() {
        // A point of order 8 doubles to (+-sqrt(-1), 0), so x^2 = -y^2 and -x^2 + y^2 = 1 + d*x^2*y^2 gives
        // d*y^4 + 2*y^2 - 1 = 0.
        for (BigInteger y : new BigInteger[] {KeyPolicy.ED25519_ORDER8_Y,
                ED25519_P.subtract(KeyPolicy.ED25519_ORDER8_Y)}) {
            BigInteger y2 = y.multiply(y).mod(ED25519_P);
            assertEquals(BigInteger.ZERO, d().multiply(y2).multiply(y2).add(y2.shiftLeft(1)).subtract(BigInteger.ONE)
                    .mod(ED25519_P));
        }
    }

    @Test
    void validKeysOfEachFamilyPassThePolicy() {
        for (KeyPair pair : new KeyPair[] {TestKeys.ec("secp256r1"), TestKeys.rsa(2048), TestKeys.ed25519()}) {
            // They get as far as the signature check, which the all-zero signature fails.
            assertFails(ErrorKind.INVALID_SIGNATURE, () -> verifier.verify(
                    new SignedChallenge(pair.getPublic().getEncoded(), new byte[64]), TestKeys.CHALLENGE));
        }
    }

    private static BigInteger d() {
        return BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(ED25519_P)).mod(ED25519_P);
    }

    private static byte[] littleEndian(BigInteger value) {
        byte[] out = new byte[32];
        byte[] big = value.toByteArray();
        for (int i = 0; i < big.length && i < 32; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }

    /** Fixed-width big-endian encoding of P-256 field elements. */
    private static final class BigIntegers32 {
        static byte[] unsigned(BigInteger value) {
            return org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, value);
        }
    }
}
