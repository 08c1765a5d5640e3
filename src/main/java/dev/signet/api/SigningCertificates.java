package dev.signet.api;

import dev.signet.ca.IssuedCertificate;
import dev.signet.challenge.CertificateRequest;
import dev.signet.challenge.KeyProof;
import dev.signet.challenge.SignedChallenge;
import dev.signet.codec.Pem;
import dev.signet.ctlog.AddChainResponse;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.issuance.Issuance;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What every transport (REST v2 and v1, gRPC v2 and v1beta) does alike around an issuance: pick
 * the token, turn the decoded request fields into a {@link KeyProof}, and render the result.
 */
public final class SigningCertificates {

    private SigningCertificates() {
    }

    /** The token in the request body wins; else {@code Authorization: Bearer …}. */
    public static String token(String fromBody, String authorization) {
        return fromBody == null || fromBody.isEmpty() ? BearerToken.from(authorization) : fromBody;
    }

    /**
     * A v2 proof from decoded fields. The CSR wins when both are present, as in Fulcio.
     *
     * @param csrPem            PEM CSR bytes when the request has a CSR (even empty: then it is refused), else null
     * @param publicKey         v2 {@code public_key.content}: PEM text (or DER stuffed into the string)
     * @param proofOfPossession the signature over the challenge, or null/empty
     */
    public static KeyProof v2Proof(byte[] csrPem, String publicKey, byte[] proofOfPossession) {
        if (csrPem != null) {
            return new CertificateRequest(csrPem);
        }
        if (publicKey == null || publicKey.isEmpty()) {
            throw new SignetException(ErrorKind.INVALID_PUBLIC_KEY, "public key not provided");
        }
        return signedChallenge(publicKey.getBytes(StandardCharsets.UTF_8), proofOfPossession);
    }

    /**
     * A v1 proof from decoded fields: here the key is bytes (PEM or DER), not text.
     *
     * @param csrPem             PEM CSR bytes when the request has a CSR, else null
     * @param publicKey          the key bytes, or null/empty
     * @param signedEmailAddress the signature over the challenge, or null/empty
     */
    public static KeyProof v1Proof(byte[] csrPem, byte[] publicKey, byte[] signedEmailAddress) {
        if (csrPem != null) {
            return new CertificateRequest(csrPem);
        }
        if (publicKey == null || publicKey.length == 0) {
            throw new SignetException(ErrorKind.INVALID_PUBLIC_KEY, "public key not provided");
        }
        return signedChallenge(publicKey, signedEmailAddress);
    }

    private static SignedChallenge signedChallenge(byte[] key, byte[] signature) {
        return new SignedChallenge(key, signature == null ? new byte[0] : signature);
    }

    /** The CA chain's PEM texts, kept for the chain they were made from (the same certificates on every issuance). */
    private record ChainPems(List<X509Certificate> chain, List<String> pems) {
        boolean sameChain(List<X509Certificate> other) {
            if (other.size() != chain.size()) {
                return false;
            }
            for (int i = 0; i < chain.size(); i++) {
                if (other.get(i) != chain.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static volatile ChainPems lastChain = new ChainPems(List.of(), List.of());

    /** Leaf then CA chain; each PEM without its trailing newline, as Fulcio's signingCert answers. */
    public static List<String> pemChain(IssuedCertificate issued) {
        List<String> pems = new ArrayList<>(issued.chain().size() + 1);
        pems.add(Pem.certificate(issued.leaf()).strip());
        pems.addAll(chainPems(issued.chain()));
        return pems;
    }

    /**
     * The CA chain as PEM, encoded once per chain rather than per issuance; a rotated or reloaded CA
     * has new certificate objects and gets its own.
     */
    private static List<String> chainPems(List<X509Certificate> chain) {
        ChainPems cached = lastChain;
        if (cached.sameChain(chain)) {
            return cached.pems();
        }
        List<String> pems = new ArrayList<>(chain.size());
        for (X509Certificate ca : chain) {
            pems.add(Pem.certificate(ca).strip());
        }
        cached = new ChainPems(List.copyOf(chain), List.copyOf(pems));
        lastChain = cached;
        return cached.pems();
    }

    /**
     * The v2 REST answer, byte for byte what Jackson writes for {@link SigningCertificate}: with the
     * chain embedded {@code {"signedCertificateEmbeddedSct":{"chain":{"certificates":[…]}}}}, else
     * {@code {"signedCertificateDetachedSct":{"chain":{…},"signedCertificateTimestamp":"…"}}}. Written
     * directly, not through Jackson, which examined and escaped every character: the PEM texts come
     * from {@link #pemChain} (base64, dashes, spaces, capitals and newlines) and the SCT is base64, so
     * the newlines are all that needs escaping.
     *
     * @param detachedSctBase64 the base64 SCT when it is detached ({@code ""} without a log), null when embedded
     */
    public static byte[] v2Json(IssuedCertificate issued, String detachedSctBase64) {
        List<String> pems = pemChain(issued);
        StringBuilder json = new StringBuilder(160 + 1200 * pems.size());
        json.append(
                detachedSctBase64 == null ? "{\"signedCertificateEmbeddedSct\":" : "{\"signedCertificateDetachedSct\":")
                .append("{\"chain\":{\"certificates\":[");
        for (int i = 0; i < pems.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(pems.get(i).replace("\n", "\\n")).append('"');
        }
        json.append("]}");
        if (detachedSctBase64 != null) {
            json.append(",\"signedCertificateTimestamp\":\"").append(detachedSctBase64).append('"');
        }
        return json.append("}}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The v1 body: the trimmed PEM chain joined by newlines. */
    public static String joinedPemChain(IssuedCertificate issued) {
        return String.join("\n", pemChain(issued));
    }

    /** A detached SCT as Fulcio returns it: the RFC 6962 AddChainResponse JSON (base64 is the transport's job). */
    public static Optional<byte[]> detachedSctJson(Issuance issued) {
        return issued.detachedSct().map(AddChainResponse::encode);
    }
}
