package dev.signet.challenge;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Parses the client's key, applies the key policy and allow-list, and checks the proof of possession. Thread-safe, no CDI. */
public final class ProofVerifier {
    // ML-DSA-87's 4,627-byte signature is the largest accepted (RSA-4096's is 512).
    static final int MAX_SIGNATURE_BYTES = 5 * 1024;

    private final Set<SigningAlgorithm> allowed;

    /** @param allowed the --client-signing-algorithms allow-list; must not be empty */
    public ProofVerifier(Set<SigningAlgorithm> allowed) {
        Objects.requireNonNull(allowed, "allowed");
        if (allowed.isEmpty()) {
            throw new IllegalArgumentException("the signing algorithm allow-list is empty: no key could be accepted");
        }
        this.allowed = Collections.unmodifiableSet(EnumSet.copyOf(allowed));
    }

    /** The allow-list, unmodifiable, iterating in registry (declaration) order. */
    public Set<SigningAlgorithm> allowed() {
        return allowed;
    }

    /**
     * Checks the proof and returns the client's key with the algorithm it proved possession with.
     *
     * @param challenge the principal's name, signed by a {@link SignedChallenge}; unused for a CSR
     * @throws SignetException INVALID_PUBLIC_KEY, INVALID_CSR, INSECURE_PUBLIC_KEY, SIGNING_ALGORITHM_NOT_PERMITTED or INVALID_SIGNATURE
     */
    public VerifiedKey verify(KeyProof proof, String challenge) {
        return verifyAny(proof, challenge == null ? List.of() : List.of(challenge));
    }

    /**
     * As {@link #verify(KeyProof, String)}, accepting a signed challenge over any of {@code challenges}
     * (tried in order, the key parsed once).
     */
    public VerifiedKey verifyAny(KeyProof proof, List<String> challenges) {
        if (proof instanceof SignedChallenge signed) {
            return verifySignedChallenge(signed, challenges);
        }
        if (proof instanceof CertificateRequest request) {
            return verifyCertificateRequest(request);
        }
        throw new SignetException(ErrorKind.INVALID_PUBLIC_KEY, "public key not provided");
    }

    private VerifiedKey verifySignedChallenge(SignedChallenge proof, List<String> challenges) {
        if (challenges.isEmpty()) {
            throw new IllegalArgumentException("no challenge to verify against");
        }
        byte[] signature = proof.signature();
        if (signature == null || signature.length == 0) {
            throw new SignetException(ErrorKind.INVALID_SIGNATURE, "proof of possession signature not provided");
        }
        if (signature.length > MAX_SIGNATURE_BYTES) {
            throw new SignetException(ErrorKind.INVALID_SIGNATURE, "signature of " + signature.length + " bytes");
        }
        ClientKey key = PublicKeyParser.parseClientKey(proof.publicKey());
        SigningAlgorithm algorithm = requireAllowed(key, key.challengeHash());
        for (String challenge : challenges) {
            if (isValidSignature(key, key.challengeHash(), challenge.getBytes(StandardCharsets.UTF_8), signature)) {
                return new VerifiedKey(key.publicKey(), algorithm);
            }
        }
        throw new SignetException(ErrorKind.INVALID_SIGNATURE,
                "proof of possession signature over the challenge does not verify");
    }

    private VerifiedKey verifyCertificateRequest(CertificateRequest proof) {
        CsrParser.ParsedCsr csr = CsrParser.parse(proof.pem());
        ClientKey key = PublicKeyParser.parseSubjectPublicKeyInfo(csr.subjectPublicKeyInfo(), ErrorKind.INVALID_CSR);
        CsrSignatureAlgorithm signatureAlgorithm = csr.signatureAlgorithm();
        if (!signatureAlgorithm.fits(key)) {
            throw new SignetException(ErrorKind.INVALID_SIGNATURE,
                    "CSR signature algorithm " + signatureAlgorithm + " does not fit its " + key.family() + " key");
        }
        SigningAlgorithm algorithm = requireAllowed(key, signatureAlgorithm.hash());
        requireValidSignature(key, signatureAlgorithm.hash(), csr.signedInfo(), csr.signature(),
                "CSR self-signature does not verify");
        return new VerifiedKey(key.publicKey(), algorithm);
    }

    private SigningAlgorithm requireAllowed(ClientKey key, HashAlgorithm hash) {
        SigningAlgorithm algorithm = SigningAlgorithm.forProof(key.family(), key.bits(), hash)
                .orElseThrow(() -> new SignetException(ErrorKind.SIGNING_ALGORITHM_NOT_PERMITTED,
                        "signing algorithm not permitted: " + key.family() + " " + key.bits() + ", " + hash));
        if (!allowed.contains(algorithm)) {
            throw new SignetException(ErrorKind.SIGNING_ALGORITHM_NOT_PERMITTED,
                    "signing algorithm not permitted: " + algorithm.configName());
        }
        return algorithm;
    }

    private static void requireValidSignature(ClientKey key, HashAlgorithm hash, byte[] message, byte[] signature,
            String logDetail) {
        if (!isValidSignature(key, hash, message, signature)) {
            throw new SignetException(ErrorKind.INVALID_SIGNATURE, logDetail);
        }
    }

    /** False for a signature that does not verify; a signature that cannot even be decoded fails at once. */
    private static boolean isValidSignature(ClientKey key, HashAlgorithm hash, byte[] message, byte[] signature) {
        try {
            return key.verify(hash, message, signature);
        } catch (RuntimeException e) {
            throw new SignetException(ErrorKind.INVALID_SIGNATURE, "signature cannot be decoded", e);
        }
    }
}
