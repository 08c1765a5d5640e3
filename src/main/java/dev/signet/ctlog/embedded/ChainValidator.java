package dev.signet.ctlog.embedded;

import dev.signet.codec.BouncyCastle;
import dev.signet.ctlog.CtCertificates;
import dev.signet.ctlog.EntryType;
import dev.signet.ctlog.Sha256;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Checks a submitted chain the way an RFC 6962 log must, with RFC 5280 path validation as Go's
 * crypto/x509 (behind Sunlight and other CT front ends) does it: every certificate is strict DER;
 * the chain ends in (or is issued by) an accepted root; every certificate above the leaf, the root
 * included, is valid at submission time and honours its path length constraint; every one but the
 * root is a CA (basicConstraints CA:TRUE, keyCertSign when key usage is present) with a key on the
 * {@link IssuerKeys} list; a precert carries a critical poison extension and is issued directly by
 * its CA (no Precertificate Signing Certificate).
 *
 * <p>All of that is read before any signature is checked, and signatures are then checked from the
 * root down, so a chain must be tied to a trusted key before any key it brings is used. Issuer
 * chains whose signatures verified are remembered, so a steady stream from one CA costs one
 * signature check per entry; the checks that do not need a signature run on every submission,
 * validity included, so an issuer that has expired since is refused although its chain is cached.
 */
final class ChainValidator {
    static final int MAX_CHAIN_LENGTH = 10;
    static final int MAX_CERTIFICATE_BYTES = 64 * 1024;
    private static final int MAX_CACHED_ISSUER_CHAINS = 1024;
    private static final byte[] DER_NULL = {0x05, 0x00};

    private final Map<String, IssuerCertificate> rootsByFingerprint = new LinkedHashMap<>();
    private final List<byte[]> rootDers = new ArrayList<>();
    private final Clock clock;
    private final Map<String, Boolean> verifiedIssuerChains = new ConcurrentHashMap<>();
    /**
     * Verifiers by the SHA-256 of the issuer's DER. Reusing one key object lets Bouncy Castle keep
     * its precomputed multiples of the issuer's public point, which makes each leaf check cheaper.
     */
    private final Map<String, ContentVerifierProvider> issuerVerifiers = new ConcurrentHashMap<>();
    /** Issuer certificates by the SHA-256 of their DER (hex), parsed and judged once. */
    private final Map<String, IssuerCertificate> parsedIssuers = new ConcurrentHashMap<>();

    /** {@code clock} gives the submission time the issuers' validity is checked at. */
    ChainValidator(List<X509Certificate> roots, Clock clock) {
        this.clock = clock;
        for (X509Certificate root : roots) {
            try {
                byte[] der = root.getEncoded();
                rootDers.add(der);
                rootsByFingerprint.put(HexFormat.of().formatHex(Sha256.hash(der)),
                        IssuerCertificate.of(Certificate.getInstance(der)));
            } catch (CertificateEncodingException | RuntimeException e) {
                throw new IllegalArgumentException("an accepted root cannot be read", e);
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
        for (byte[] der : submitted) {
            if (der == null || der.length == 0 || der.length > MAX_CERTIFICATE_BYTES) {
                throw reject("certificate of bad size in the chain", null);
            }
        }
        if (submitted.size() == 1
                && rootsByFingerprint.containsKey(HexFormat.of().formatHex(Sha256.hash(submitted.get(0))))) {
            throw reject("a root alone is not a loggable chain", null);
        }
        List<byte[]> ders = new ArrayList<>(submitted);
        // The SHA-256 of each issuer's DER, computed once: it keys the parse cache, the chain caches and the tile.
        List<byte[]> hashes = new ArrayList<>();
        List<IssuerCertificate> issuers = new ArrayList<>();
        for (int i = 1; i < ders.size(); i++) {
            byte[] hash = Sha256.hash(ders.get(i));
            hashes.add(hash);
            issuers.add(parsedIssuer(hash, ders.get(i)));
        }
        // Signet's own precertificate was parsed and linted as DER by its CA just before: its issuer
        // name and poison are read from the bytes instead of parsing it again.
        OwnPrecertificate own = leafSignature == LeafSignature.MADE_IN_PROCESS && precert && !issuers.isEmpty()
                ? OwnPrecertificate.read(ders.get(0)) : null;
        X509CertificateHolder leaf = own != null ? null
                : new X509CertificateHolder(StrictCertificates.parse(ders.get(0)));
        boolean endsInRoot = !issuers.isEmpty()
                && rootsByFingerprint.containsKey(HexFormat.of().formatHex(hashes.get(hashes.size() - 1)));
        // Everything below the root must be able to issue, before any of its keys is used.
        int intermediates = endsInRoot ? issuers.size() - 1 : issuers.size();
        for (int i = 0; i < intermediates; i++) {
            int position = i + 1;
            issuers.get(i).cannotIssue().ifPresent(reason -> {
                throw reject("chain certificate " + position + " " + reason, null);
            });
        }
        if (!endsInRoot) {
            X509CertificateHolder top = issuers.isEmpty() ? leaf : issuers.get(issuers.size() - 1).holder();
            IssuerCertificate root = rootsByFingerprint.values().stream()
                    .filter(candidate -> candidate.holder().getSubject().equals(top.getIssuer())
                            && signedBy(top, candidate.holder()))
                    .findFirst().orElseThrow(() -> reject("chain does not end in an accepted root", null));
            byte[] rootDer = encoded(root.holder());
            ders.add(rootDer);
            hashes.add(Sha256.hash(rootDer));
            issuers.add(root);
        }
        Instant now = clock.instant();
        for (int i = 0; i < issuers.size(); i++) {
            IssuerCertificate issuer = issuers.get(i);
            if (!issuer.validAt(now)) {
                throw reject("chain certificate " + (i + 1) + " is not valid at " + now, null);
            }
            // Below the certificate at position i + 1 are the leaf and i intermediates.
            if (issuer.pathLength() >= 0 && i > issuer.pathLength()) {
                throw reject("chain certificate " + (i + 1) + " allows " + issuer.pathLength()
                        + " intermediates below it, not " + i, null);
            }
        }
        Extension poison = leaf == null ? null : leaf.getExtension(CtCertificates.POISON);
        if (precert) {
            boolean poisoned = own != null ? own.poisoned()
                    : poison != null && poison.isCritical()
                            && Arrays.equals(DER_NULL, poison.getExtnValue().getOctets());
            if (!poisoned) {
                throw reject("precertificate lacks a critical poison extension", null);
            }
            if (issuers.get(0).signsPrecertificates()) {
                throw reject("precertificates issued by a Precertificate Signing Certificate are not accepted", null);
            }
        } else if (poison != null) {
            throw reject("add-chain was given a precertificate", null);
        }
        boolean issuerMatches = own != null ? Arrays.equals(own.issuer(), issuers.get(0).subject())
                : leaf.getIssuer().equals(issuers.get(0).holder().getSubject());
        if (!issuerMatches) {
            throw reject("leaf issuer name is not its issuer's subject", null);
        }
        verifyIssuerChain(hashes, issuers);
        if (leafSignature == LeafSignature.VERIFY
                && !signedBy(leaf, issuerVerifier(HexFormat.of().formatHex(hashes.get(0)), issuers.get(0).holder()))) {
            throw reject("leaf signature does not verify with its issuer", null);
        }
        List<byte[]> issuerDers = List.copyOf(ders.subList(1, ders.size()));
        List<byte[]> fingerprints = List.copyOf(hashes);
        if (precert) {
            // Signet's own precertificates were linted as DER, so the poison is cut from the bytes; a
            // submitted one is rebuilt in DER, as what the log signs must be.
            byte[] signedTbs = leafSignature == LeafSignature.MADE_IN_PROCESS
                    ? CtCertificates.tbsWithout(ders.get(0), CtCertificates.POISON)
                    : CtCertificates.tbsWithout(leaf.toASN1Structure(), CtCertificates.POISON);
            return new AcceptedChain(EntryType.PRECERT_ENTRY, ders.get(0), issuers.get(0).keyHash().clone(),
                    signedTbs, issuerDers, fingerprints);
        }
        return new AcceptedChain(EntryType.X509_ENTRY, ders.get(0), new byte[0], ders.get(0), issuerDers,
                fingerprints);
    }

    /**
     * The issuer with this DER (and SHA-256 of it), parsed once: a steady stream from one CA names
     * the same few issuers in every entry.
     */
    private IssuerCertificate parsedIssuer(byte[] hash, byte[] der) {
        String fingerprint = HexFormat.of().formatHex(hash);
        IssuerCertificate cached = parsedIssuers.get(fingerprint);
        if (cached != null) {
            return cached;
        }
        IssuerCertificate parsed = IssuerCertificate.of(StrictCertificates.parse(der));
        if (parsedIssuers.size() >= MAX_CACHED_ISSUER_CHAINS) {
            parsedIssuers.clear();
        }
        parsedIssuers.put(fingerprint, parsed);
        return parsed;
    }

    /** Each issuer signed by the one above it, checked from the root down unless this exact chain already was. */
    private void verifyIssuerChain(List<byte[]> issuerFingerprints, List<IssuerCertificate> issuers) {
        StringBuilder key = new StringBuilder();
        for (byte[] fingerprint : issuerFingerprints) {
            key.append(HexFormat.of().formatHex(fingerprint));
        }
        if (verifiedIssuerChains.containsKey(key.toString())) {
            return;
        }
        for (int i = issuers.size() - 2; i >= 0; i--) {
            X509CertificateHolder certificate = issuers.get(i).holder();
            X509CertificateHolder issuer = issuers.get(i + 1).holder();
            if (!certificate.getIssuer().equals(issuer.getSubject()) || !signedBy(certificate, issuer)) {
                throw reject("chain certificate " + (i + 1) + " is not signed by the next one", null);
            }
        }
        if (verifiedIssuerChains.size() >= MAX_CACHED_ISSUER_CHAINS) {
            verifiedIssuerChains.clear();
        }
        verifiedIssuerChains.put(key.toString(), Boolean.TRUE);
    }

    private static boolean signedBy(X509CertificateHolder certificate, X509CertificateHolder issuer) {
        try {
            return signedBy(certificate,
                    new JcaContentVerifierProviderBuilder().setProvider(BouncyCastle.PROVIDER).build(issuer));
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
            verifier = new JcaContentVerifierProviderBuilder().setProvider(BouncyCastle.PROVIDER)
                    .build(new JcaPEMKeyConverter().setProvider(BouncyCastle.PROVIDER)
                            .getPublicKey(issuer.getSubjectPublicKeyInfo()));
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

    static SignetException reject(String detail, Throwable cause) {
        return new SignetException(ErrorKind.LOG_REJECTED_CHAIN, detail, cause);
    }
}
