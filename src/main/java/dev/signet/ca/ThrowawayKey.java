package dev.signet.ca;

import dev.signet.codec.BouncyCastle;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * A key of the CA key's type that signs only lint certificates: certificates that are linted and
 * then dropped, never leaving the process. It is made in memory when a CA key of its type is first
 * loaded, never stored, and shared by every CA of that type in the process.
 *
 * <p>Its signatures are genuine (they verify with {@link #publicKey()}) but made to be nearly free,
 * because the issuance budget counts only the real CA signatures: ECDSA reuses one nonce for every
 * signature, RSA uses the private exponent 65537, Ed25519 signs normally (it is cheap already).
 * Both shortcuts give the private key away to anyone holding two signatures; that is harmless here,
 * since this key protects nothing: no verifier trusts it and nothing it signs is ever published.
 */
abstract class ThrowawayKey {

    private static final Map<String, ThrowawayKey> KEYS = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PublicKey publicKey;

    private ThrowawayKey(PublicKey publicKey) {
        this.publicKey = publicKey;
    }

    /** The throwaway key for the CA key in {@code material}, made on first use of its type and size. */
    static ThrowawayKey forCa(CaMaterial material) {
        PublicKey caKey = material.issuingCertificate().getPublicKey();
        CaSignatureAlgorithm algorithm = material.algorithm();
        return switch (algorithm) {
            case ECDSA_P256 -> KEYS.computeIfAbsent("P-256", name -> new FixedNonceEcdsa(name, "SHA-256"));
            case ECDSA_P384 -> KEYS.computeIfAbsent("P-384", name -> new FixedNonceEcdsa(name, "SHA-384"));
            case ECDSA_P521 -> KEYS.computeIfAbsent("P-521", name -> new FixedNonceEcdsa(name, "SHA-512"));
            case RSA -> {
                int bits = ((RSAPublicKey) caKey).getModulus().bitLength();
                yield KEYS.computeIfAbsent("RSA-" + bits, name -> new SmallExponentRsa(bits, algorithm));
            }
            case ED25519 -> KEYS.computeIfAbsent("Ed25519", name -> new Ed25519());
        };
    }

    /** The key that verifies this key's signatures. */
    public PublicKey publicKey() {
        return publicKey;
    }

    /** Signs {@code message} with the algorithm its CA key type uses. */
    public abstract byte[] sign(byte[] message);

    /**
     * ECDSA with one nonce k chosen with the key: r = (kG).x mod n is computed once, and each
     * signature is s = k⁻¹(e + r·d) mod n, a few modular multiplications instead of a point
     * multiplication. Reusing k reveals d from any two signatures, which is acceptable only because
     * this key protects nothing (see the class comment).
     */
    static final class FixedNonceEcdsa extends ThrowawayKey {
        private final String digest;
        private final BigInteger n;
        private final BigInteger r;
        private final BigInteger kInverse;
        private final BigInteger rTimesD;

        private FixedNonceEcdsa(String curveName, String digest) {
            this(curveName, digest, ECNamedCurveTable.getParameterSpec(curveName), new BigInteger[3]);
        }

        private FixedNonceEcdsa(String curveName, String digest, ECNamedCurveParameterSpec curve, BigInteger[] drk) {
            super(generate(curve, drk));
            this.digest = digest;
            this.n = curve.getN();
            this.r = drk[1];
            this.kInverse = drk[2].modInverse(n);
            this.rTimesD = r.multiply(drk[0]).mod(n);
        }

        /** Fills {@code drk} with d, r, k and returns the public key dG. */
        private static PublicKey generate(ECNamedCurveParameterSpec curve, BigInteger[] drk) {
            BigInteger n = curve.getN();
            FixedPointCombMultiplier multiplier = new FixedPointCombMultiplier();
            BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE), RANDOM);
            BigInteger k;
            BigInteger r;
            do {
                k = BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE), RANDOM);
                r = multiplier.multiply(curve.getG(), k).normalize().getAffineXCoord().toBigInteger().mod(n);
            } while (r.signum() == 0);
            drk[0] = d;
            drk[1] = r;
            drk[2] = k;
            ECPoint q = multiplier.multiply(curve.getG(), d).normalize();
            try {
                return KeyFactory.getInstance("EC", BouncyCastle.PROVIDER)
                        .generatePublic(new ECPublicKeySpec(q, curve));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("throwaway EC key cannot be built", e);
            }
        }

        @Override
        public byte[] sign(byte[] message) {
            BigInteger e = truncatedHash(message);
            BigInteger s = kInverse.multiply(e.add(rTimesD)).mod(n);
            if (s.signum() == 0) {
                // Probability about 2^-256; the lint simply fails rather than signing with another k.
                throw new IllegalStateException("throwaway ECDSA signature is zero");
            }
            try {
                return new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)})
                        .getEncoded(ASN1Encoding.DER);
            } catch (java.io.IOException ex) {
                throw new IllegalStateException("ECDSA signature cannot be encoded", ex);
            }
        }

        /** The hash as an integer, cut to the bit length of n as ECDSA prescribes. */
        private BigInteger truncatedHash(byte[] message) {
            byte[] hash;
            try {
                hash = MessageDigest.getInstance(digest).digest(message);
            } catch (GeneralSecurityException ex) {
                throw new IllegalStateException(digest + " is not available", ex);
            }
            BigInteger e = new BigInteger(1, hash);
            int excess = hash.length * 8 - n.bitLength();
            return excess > 0 ? e.shiftRight(excess) : e;
        }
    }

    /**
     * RSA of the CA key's size whose private exponent is 65537 (the public exponent is its inverse,
     * as long as the modulus): signing costs what verifying a normal key costs. Without CRT
     * parameters Bouncy Castle also skips blinding, which would otherwise need the long exponent.
     */
    static final class SmallExponentRsa extends ThrowawayKey {
        private static final BigInteger PRIVATE_EXPONENT = BigInteger.valueOf(65537);
        private final PrivateKey privateKey;
        private final String jcaName;

        private SmallExponentRsa(int bits, CaSignatureAlgorithm algorithm) {
            this(generate(bits), algorithm);
        }

        private SmallExponentRsa(KeyPair keys, CaSignatureAlgorithm algorithm) {
            super(keys.getPublic());
            this.privateKey = keys.getPrivate();
            this.jcaName = algorithm.jcaName();
        }

        private static KeyPair generate(int bits) {
            while (true) {
                BigInteger p = BigInteger.probablePrime(bits / 2, RANDOM);
                BigInteger q = BigInteger.probablePrime(bits - bits / 2, RANDOM);
                BigInteger modulus = p.multiply(q);
                BigInteger pMinus1 = p.subtract(BigInteger.ONE);
                BigInteger qMinus1 = q.subtract(BigInteger.ONE);
                BigInteger lambda = pMinus1.divide(pMinus1.gcd(qMinus1)).multiply(qMinus1);
                if (p.equals(q) || modulus.bitLength() != bits
                        || !lambda.gcd(PRIVATE_EXPONENT).equals(BigInteger.ONE)) {
                    continue;
                }
                BigInteger publicExponent = PRIVATE_EXPONENT.modInverse(lambda);
                try {
                    KeyFactory factory = KeyFactory.getInstance("RSA", BouncyCastle.PROVIDER);
                    return new KeyPair(factory.generatePublic(new RSAPublicKeySpec(modulus, publicExponent)),
                            factory.generatePrivate(new RSAPrivateKeySpec(modulus, PRIVATE_EXPONENT)));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("throwaway RSA key cannot be built", e);
                }
            }
        }

        @Override
        public byte[] sign(byte[] message) {
            try {
                Signature signature = Signature.getInstance(jcaName, BouncyCastle.PROVIDER);
                signature.initSign(privateKey);
                signature.update(message);
                return signature.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("throwaway RSA key cannot sign", e);
            }
        }
    }

    /** An ordinary Ed25519 key: its signatures cost tens of microseconds already. */
    static final class Ed25519 extends ThrowawayKey {
        private final PrivateKey privateKey;

        private Ed25519() {
            this(generate());
        }

        private Ed25519(KeyPair keys) {
            super(keys.getPublic());
            this.privateKey = keys.getPrivate();
        }

        private static KeyPair generate() {
            try {
                return KeyPairGenerator.getInstance("Ed25519", BouncyCastle.PROVIDER).generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("throwaway Ed25519 key cannot be made", e);
            }
        }

        @Override
        public byte[] sign(byte[] message) {
            try {
                Signature signature = Signature.getInstance("Ed25519", BouncyCastle.PROVIDER);
                signature.initSign(privateKey);
                signature.update(message);
                return signature.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("throwaway Ed25519 key cannot sign", e);
            }
        }
    }
}
