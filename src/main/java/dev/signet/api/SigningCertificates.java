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

    /** Leaf then CA chain; each PEM without its trailing newline, as Fulcio's signingCert answers. */
    public static List<String> pemChain(IssuedCertificate issued) {
        List<String> pems = new ArrayList<>();
        pems.add(Pem.certificate(issued.leaf()).strip());
        for (X509Certificate ca : issued.chain()) {
            pems.add(Pem.certificate(ca).strip());
        }
        return pems;
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
