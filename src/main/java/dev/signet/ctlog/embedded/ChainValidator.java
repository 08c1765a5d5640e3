package dev.signet.ctlog.embedded;

import dev.signet.ctlog.CtCertificates;
import dev.signet.ctlog.EntryType;
import dev.signet.ctlog.Sha256;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Checks a submitted chain the way an RFC 6962 log must: every certificate signed by the next, the
 * chain ending in (or issued by) an accepted root, a precert carrying a critical poison extension
 * and issued directly by its CA (no Precertificate Signing Certificate). Issuer chains already
 * verified are remembered, so a steady stream from one CA costs one signature check per entry.
 */
final class ChainValidator {
    static final int MAX_CHAIN_LENGTH = 10;
    static final int MAX_CERTIFICATE_BYTES = 64 * 1024;
    private static final int MAX_CACHED_ISSUER_CHAINS = 1024;
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final Map<String, X509CertificateHolder> rootsByFingerprint = new LinkedHashMap<>();
    private final List<byte[]> rootDers = new ArrayList<>();
    private final Map<String, Boolean> verifiedIssuerChains = new ConcurrentHashMap<>();
    /**
     * Verifiers by the SHA-256 of the issuer's DER. Reusing one key object lets Bouncy Castle keep
     * its precomputed multiples of the issuer's public point, which makes each leaf check cheaper.
     */
    private final Map<String, ContentVerifierProvider> issuerVerifiers = new ConcurrentHashMap<>();
    /** Issuer certificates by the SHA-256 of their DER (hex), parsed once. */
    private final Map<String, ParsedIssuer> parsedIssuers = new ConcurrentHashMap<>();

    ChainValidator(List<X509Certificate> roots) {
        for (X509Certificate root : roots) {
            try {
                byte[] der = root.getEncoded();
                rootDers.add(der);
                rootsByFingerprint.put(HexFormat.of().formatHex(Sha256.hash(der)), new X509CertificateHolder(der));
            } catch (CertificateEncodingException | java.io.IOException e) {
                throw new IllegalArgumentException("an accepted root cannot be encoded", e);
            }
        }
    }

    List<byte[]> roots() {
        return rootDers.stream().map(byte[]::clone).toList();
    }

    /** Whether the leaf's signature by its issuer is checked. */
    enum LeafSignature {
        /** Every chain from outside the process. */
        VERIFY,
        /** A precertificate Signet's own CA signed in this process (CtLog#submitOwnPreChain). */
        MADE_IN_PROCESS
    }

    AcceptedChain validate(List<byte[]> chain, boolean precert) {
        return validate(chain, precert, LeafSignature.VERIFY);
    }

    AcceptedChain validate(List<byte[]> chain, boolean precert, LeafSignature leafSignature) {
        try {
            return check(chain, precert, leafSignature);
        } catch (SignetException e) {
            throw e;
        } catch (RuntimeException e) {
            // Bouncy Castle signals malformed DER with unchecked exceptions.
            throw reject("malformed certificate in the submitted chain: " + e.getMessage(), e);
        }
    }

    private AcceptedChain check(List<byte[]> submitted, boolean precert, LeafSignature leafSignature) {
        if (submitted == null || submitted.isEmpty() || submitted.size() > MAX_CHAIN_LENGTH) {
            throw reject("chain must hold 1 to " + MAX_CHAIN_LENGTH + " certificates", null);
        }
        List<byte[]> ders = new ArrayList<>();
        List<X509CertificateHolder> holders = new ArrayList<>();
        // The SHA-256 of each issuer's DER, computed once: it keys the parse cache, the chain caches and the tile.
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < submitted.size(); i++) {
            byte[] der = submitted.get(i);
            if (der == null || der.length == 0 || der.length > MAX_CERTIFICATE_BYTES) {
                throw reject("certificate of bad size in the chain", null);
            }
            byte[] hash = Sha256.hash(der);
            ders.add(der);
            hashes.add(hash);
            holders.add(i == 0 ? new X509CertificateHolder(Certificate.getInstance(der)) : parsedIssuer(hash, der).holder());
        }
        String lastFingerprint = HexFormat.of().formatHex(hashes.get(hashes.size() - 1));
        if (!rootsByFingerprint.containsKey(lastFingerprint)) {
            X509CertificateHolder last = holders.get(holders.size() - 1);
            X509CertificateHolder root = rootsByFingerprint.values().stream()
                    .filter(candidate -> candidate.getSubject().equals(last.getIssuer()) && signedBy(last, candidate))
                    .findFirst().orElseThrow(() -> reject("chain does not end in an accepted root", null));
            byte[] rootDer = encoded(root);
            ders.add(rootDer);
            hashes.add(Sha256.hash(rootDer));
            holders.add(root);
        }
        if (holders.size() < 2) {
            throw reject("a root alone is not a loggable chain", null);
        }
        X509CertificateHolder leaf = holders.get(0);
        Certificate leafStructure = leaf.toASN1Structure();
        Extension poison = leaf.getExtension(CtCertificates.POISON);
        if (precert) {
            if (poison == null || !poison.isCritical() || !(poison.getParsedValue() instanceof ASN1Null)) {
                throw reject("precertificate lacks a critical poison extension", null);
            }
            ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(holders.get(1).getExtensions());
            if (eku != null && eku.hasKeyPurposeId(KeyPurposeId.getInstance(CtCertificates.PRECERT_SIGNING_EKU))) {
                throw reject("precertificates issued by a Precertificate Signing Certificate are not accepted", null);
            }
        } else if (poison != null) {
            throw reject("add-chain was given a precertificate", null);
        }
        List<byte[]> issuers = List.copyOf(ders.subList(1, ders.size()));
        List<byte[]> fingerprints = List.copyOf(hashes.subList(1, hashes.size()));
        verifyIssuerChain(fingerprints, holders);
        if (leafSignature == LeafSignature.VERIFY
                && !signedBy(leaf, issuerVerifier(HexFormat.of().formatHex(fingerprints.get(0)), holders.get(1)))) {
            throw reject("leaf signature does not verify with its issuer", null);
        }
        if (!leaf.getIssuer().equals(holders.get(1).getSubject())) {
            throw reject("leaf issuer name is not its issuer's subject", null);
        }
        if (precert) {
            // Signet's own precertificates were linted as DER, so the poison is cut from the bytes; a
            // submitted one is rebuilt in DER, as what the log signs must be.
            byte[] signedTbs = leafSignature == LeafSignature.MADE_IN_PROCESS
                    ? CtCertificates.tbsWithout(ders.get(0), CtCertificates.POISON)
                    : CtCertificates.tbsWithout(leafStructure, CtCertificates.POISON);
            return new AcceptedChain(EntryType.PRECERT_ENTRY, ders.get(0),
                    parsedIssuer(fingerprints.get(0), ders.get(1)).keyHash().clone(), signedTbs, issuers, fingerprints);
        }
        return new AcceptedChain(EntryType.X509_ENTRY, ders.get(0), new byte[0], ders.get(0), issuers, fingerprints);
    }

    /**
     * The issuer with this DER (and SHA-256 of it), parsed once: a steady stream from one CA names
     * the same few issuers in every entry.
     */
    private ParsedIssuer parsedIssuer(byte[] hash, byte[] der) {
        String fingerprint = HexFormat.of().formatHex(hash);
        ParsedIssuer cached = parsedIssuers.get(fingerprint);
        if (cached != null) {
            return cached;
        }
        Certificate certificate = Certificate.getInstance(der);
        ParsedIssuer parsed = new ParsedIssuer(new X509CertificateHolder(certificate), CtCertificates.issuerKeyHash(certificate));
        if (parsedIssuers.size() >= MAX_CACHED_ISSUER_CHAINS) {
            parsedIssuers.clear();
        }
        parsedIssuers.put(fingerprint, parsed);
        return parsed;
    }

    /** An issuer certificate parsed, with the SHA-256 of its public key that precert entries carry. */
    private record ParsedIssuer(X509CertificateHolder holder, byte[] keyHash) {
    }

    private void verifyIssuerChain(List<byte[]> issuerFingerprints, List<X509CertificateHolder> holders) {
        StringBuilder key = new StringBuilder();
        for (byte[] fingerprint : issuerFingerprints) {
            key.append(HexFormat.of().formatHex(fingerprint));
        }
        if (verifiedIssuerChains.containsKey(key.toString())) {
            return;
        }
        for (int i = 1; i + 1 < holders.size(); i++) {
            if (!holders.get(i).getIssuer().equals(holders.get(i + 1).getSubject())
                    || !signedBy(holders.get(i), holders.get(i + 1))) {
                throw reject("chain certificate " + i + " is not signed by the next one", null);
            }
        }
        if (verifiedIssuerChains.size() >= MAX_CACHED_ISSUER_CHAINS) {
            verifiedIssuerChains.clear();
        }
        verifiedIssuerChains.put(key.toString(), Boolean.TRUE);
    }

    private static boolean signedBy(X509CertificateHolder certificate, X509CertificateHolder issuer) {
        try {
            return signedBy(certificate, new JcaContentVerifierProviderBuilder().setProvider(BC).build(issuer));
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean signedBy(X509CertificateHolder certificate, ContentVerifierProvider verifier) {
        if (verifier == null) {
            return false;
        }
        try {
            return certificate.isSignatureValid(verifier);
        } catch (Exception e) {
            return false;
        }
    }

    /** A verifier for the key of the issuer with this DER fingerprint (hex), or null when that key is unusable. */
    private ContentVerifierProvider issuerVerifier(String fingerprint, X509CertificateHolder issuer) {
        ContentVerifierProvider cached = issuerVerifiers.get(fingerprint);
        if (cached != null) {
            return cached;
        }
        ContentVerifierProvider verifier;
        try {
            verifier = new JcaContentVerifierProviderBuilder().setProvider(BC)
                    .build(new JcaPEMKeyConverter().setProvider(BC).getPublicKey(issuer.getSubjectPublicKeyInfo()));
        } catch (Exception e) {
            return null;
        }
        if (issuerVerifiers.size() >= MAX_CACHED_ISSUER_CHAINS) {
            issuerVerifiers.clear();
        }
        issuerVerifiers.put(fingerprint, verifier);
        return verifier;
    }

    private static byte[] encoded(X509CertificateHolder holder) {
        try {
            return holder.getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode an accepted root", e);
        }
    }

    private static SignetException reject(String detail, Throwable cause) {
        return new SignetException(ErrorKind.LOG_REJECTED_CHAIN, detail, cause);
    }
}
