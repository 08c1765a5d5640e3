package dev.signet.ca;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.LeafTemplate;
import dev.signet.certificate.SubjectAltName;
import dev.signet.codec.BouncyCastle;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Checks CA material before it is used: the key is
 * supported and belongs to the issuing certificate, the issuing certificate is a CA allowed to
 * sign certificates, the chain links up to a self-signed root, every certificate is valid now, and
 * code signing is allowed along the chain (EKU chaining).
 */
public final class CaMaterialCheck {

    /** Longest chain accepted. */
    public static final int MAX_CHAIN_LENGTH = 10;

    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final int KEY_CERT_SIGN = 5;
    private static final byte[] TEST_MESSAGE = "signet CA key check".getBytes(StandardCharsets.US_ASCII);

    private CaMaterialCheck() {
    }

    /**
     * Checked material for {@code signingKey} and {@code chain}.
     *
     * @param source names where the material came from (files), for the error message
     * @throws SignetException {@code CA_BACKEND} naming {@code source} and the first problem found
     */
    public static CaMaterial check(PrivateKey signingKey, List<X509Certificate> chain, Instant now, String source) {
        return check(signingKey, BouncyCastle.PROVIDER, chain, now, source);
    }

    /**
     * Checked material for a key that {@code provider} signs with (an HSM key through its PKCS#11
     * provider); the test signature is made by {@code provider} and verified in software.
     *
     * @throws SignetException {@code CA_BACKEND} naming {@code source} and the first problem found
     */
    public static CaMaterial check(PrivateKey signingKey, Provider provider, List<X509Certificate> chain, Instant now,
            String source) {
        try {
            return checkOrThrow(signingKey, provider, chain, now);
        } catch (InvalidMaterial e) {
            throw new SignetException(ErrorKind.CA_BACKEND, "CA material from " + source + " is unusable: "
                    + e.getMessage(), e.getCause());
        } catch (RuntimeException e) {
            throw new SignetException(ErrorKind.CA_BACKEND, "CA material from " + source
                    + " is unusable: unexpected " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Checks a CA chain that is published but does not sign here (an older or next chain of a
     * rotation): 1 to {@value #MAX_CHAIN_LENGTH} CA certificates with keyCertSign and room in their
     * path lengths, each signed by the next, the last self-signed, codeSigning allowed along the
     * chain. Validity dates are not checked: a retired chain stays published so older signatures
     * still verify.
     *
     * @throws SignetException {@code CA_BACKEND} naming {@code source} and the first problem found
     */
    public static List<X509Certificate> checkPublishedChain(List<X509Certificate> chain, String source) {
        try {
            requireChainLength(chain);
            for (int i = 0; i < chain.size(); i++) {
                checkIsSigningCa(chain.get(i), i);
                X509Certificate issuer = i + 1 < chain.size() ? chain.get(i + 1) : chain.get(i);
                checkIssuedBy(chain.get(i), i, issuer);
            }
            checkCodeSigningAllowed(chain);
            return List.copyOf(chain);
        } catch (InvalidMaterial e) {
            throw new SignetException(ErrorKind.CA_BACKEND, "CA chain " + source + " is unusable: " + e.getMessage(),
                    e.getCause());
        } catch (RuntimeException e) {
            throw new SignetException(ErrorKind.CA_BACKEND, "CA chain " + source + " is unusable: unexpected "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static void requireChainLength(List<X509Certificate> chain) {
        if (chain == null || chain.isEmpty()) {
            throw new InvalidMaterial("the certificate chain is empty");
        }
        if (chain.size() > MAX_CHAIN_LENGTH) {
            throw new InvalidMaterial("the certificate chain has " + chain.size() + " certificates; at most "
                    + MAX_CHAIN_LENGTH + " are accepted");
        }
    }

    private static CaMaterial checkOrThrow(PrivateKey signingKey, Provider provider, List<X509Certificate> chain,
            Instant now) {
        requireChainLength(chain);
        for (int i = 0; i < chain.size(); i++) {
            checkValidNow(chain.get(i), i, now);
        }
        X509Certificate issuing = chain.get(0);
        checkIsSigningCa(issuing, 0);
        CaSignatureAlgorithm algorithm;
        try {
            algorithm = CaSignatureAlgorithm.forKey(issuing.getPublicKey());
        } catch (IllegalArgumentException e) {
            throw new InvalidMaterial(e.getMessage(), e);
        }
        checkKeyMatches(signingKey, provider, issuing, algorithm);
        for (int i = 0; i + 1 < chain.size(); i++) {
            checkIssuedBy(chain.get(i), i, chain.get(i + 1));
            checkIsSigningCa(chain.get(i + 1), i + 1);
        }
        X509Certificate root = chain.get(chain.size() - 1);
        checkIssuedBy(root, chain.size() - 1, root);
        checkCodeSigningAllowed(chain);
        CaMaterial material = new CaMaterial(signingKey, chain, algorithm, provider);
        checkTrialLeaf(material, now);
        return material;
    }

    private static void checkValidNow(X509Certificate cert, int index, Instant now) {
        try {
            cert.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new InvalidMaterial(describe(cert, index) + " expired at " + cert.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new InvalidMaterial(
                    describe(cert, index) + " is not valid before " + cert.getNotBefore().toInstant());
        }
    }

    /** A CA certificate whose key may sign certificates, with a path length that admits its place. */
    private static void checkIsSigningCa(X509Certificate cert, int index) {
        int pathLength = cert.getBasicConstraints();
        if (pathLength < 0) {
            throw new InvalidMaterial(
                    describe(cert, index) + " is not a CA certificate (basicConstraints CA is not true)");
        }
        // Certificate i has i CA certificates below it before the leaf.
        if (pathLength < index) {
            throw new InvalidMaterial(describe(cert, index) + " has pathLenConstraint " + pathLength
                    + " but " + index + " CA certificates below it");
        }
        boolean[] keyUsage = cert.getKeyUsage();
        if (keyUsage == null || keyUsage.length <= KEY_CERT_SIGN || !keyUsage[KEY_CERT_SIGN]) {
            throw new InvalidMaterial(describe(cert, index) + " lacks keyUsage keyCertSign");
        }
    }

    private static void checkKeyMatches(PrivateKey signingKey, Provider provider, X509Certificate issuing,
            CaSignatureAlgorithm algorithm) {
        if (signingKey == null) {
            throw new InvalidMaterial("there is no private key");
        }
        boolean verified;
        try {
            Signature signer = Signature.getInstance(algorithm.jcaName(), provider);
            signer.initSign(signingKey);
            signer.update(TEST_MESSAGE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm.jcaName(), BouncyCastle.PROVIDER);
            verifier.initVerify(issuing.getPublicKey());
            verifier.update(TEST_MESSAGE);
            verified = verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A key of another type than the certificate's fails here rather than verifying false.
            throw new InvalidMaterial("the private key does not match the issuing certificate's public key"
                    + " or cannot sign (" + e.getClass().getSimpleName() + ")", e);
        }
        if (!verified) {
            throw new InvalidMaterial("the private key does not match the issuing certificate's public key");
        }
    }

    private static void checkIssuedBy(X509Certificate cert, int index, X509Certificate issuer) {
        String relation = cert == issuer ? "itself (a root must be self-signed)" : "the next certificate in the chain";
        if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            throw new InvalidMaterial(describe(cert, index) + " names issuer " + cert.getIssuerX500Principal()
                    + ", not " + relation + " " + issuer.getSubjectX500Principal());
        }
        try {
            cert.verify(issuer.getPublicKey(), BouncyCastle.PROVIDER);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidMaterial(describe(cert, index) + " is not signed by " + relation, e);
        }
    }

    /**
     * EKU chaining: with intermediates, every certificate below the root must allow code signing
     * explicitly; a root with an EKU at all must include it too.
     */
    private static void checkCodeSigningAllowed(List<X509Certificate> chain) {
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate cert = chain.get(i);
            List<String> usages;
            try {
                usages = cert.getExtendedKeyUsage();
            } catch (CertificateParsingException e) {
                throw new InvalidMaterial(describe(cert, i) + " has a malformed extendedKeyUsage", e);
            }
            boolean isRoot = i == chain.size() - 1;
            if (usages == null) {
                if (!isRoot) {
                    throw new InvalidMaterial(describe(cert, i)
                            + " lacks extendedKeyUsage codeSigning, required on every CA certificate below the root");
                }
            } else if (!usages.contains(CODE_SIGNING) && !usages.contains(ANY_EXTENDED_KEY_USAGE)) {
                throw new InvalidMaterial(describe(cert, i) + " has an extendedKeyUsage without codeSigning");
            }
        }
    }

    /** Builds and signs one throwaway leaf, so a CA that cannot issue fails now, not on the first request. */
    private static void checkTrialLeaf(CaMaterial material, Instant now) {
        X509Certificate issuing = material.issuingCertificate();
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS);
        try {
            LeafTemplate template = LeafProfile.template(BigInteger.ONE, notBefore, notBefore.plusSeconds(60),
                    issuing, issuing.getPublicKey(),
                    new CertificateIdentity(SubjectAltName.email("startup-check@signet.invalid"), Map.of()));
            material.sign(template).verify(issuing.getPublicKey(), BouncyCastle.PROVIDER);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidMaterial("a trial leaf certificate could not be issued: " + e.getMessage(), e);
        }
    }

    private static String describe(X509Certificate cert, int index) {
        return "certificate " + (index + 1) + " (" + cert.getSubjectX500Principal() + ")";
    }

    /** A check failure; its message is complete and safe to log. */
    private static final class InvalidMaterial extends RuntimeException {
        InvalidMaterial(String message) {
            super(message);
        }

        InvalidMaterial(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
