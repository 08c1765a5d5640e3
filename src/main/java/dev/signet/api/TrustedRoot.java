package dev.signet.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A Sigstore {@code TrustedRoot} (protobuf-specs, JSON form) holding Signet's CA chain and its
 * transparency log key, so clients can verify Signet certificates with no hand assembly.
 *
 * @param mediaType              {@value #MEDIA_TYPE}
 * @param tlogs                  Rekor logs: none, Signet is not a Rekor
 * @param certificateAuthorities Signet's CA
 * @param ctlogs                 the log whose SCTs Signet embeds
 * @param timestampAuthorities   none
 */
public record TrustedRoot(String mediaType, List<Object> tlogs, List<CertificateAuthority> certificateAuthorities,
        List<TransparencyLog> ctlogs, List<Object> timestampAuthorities) {

    /** The media type of version 0.1 of the trusted root format. */
    public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";

    /** {@code CertificateAuthority}: the chain is issuing certificate first, root last, as base64 DER. */
    public record CertificateAuthority(DistinguishedName subject, String uri, CertificateChain certChain,
            TimeRange validFor) {
    }

    /** {@code DistinguishedName}. */
    public record DistinguishedName(String organization, String commonName) {
    }

    /** {@code X509CertificateChain}. */
    public record CertificateChain(List<RawBytes> certificates) {
    }

    /** {@code X509Certificate} and friends: base64 of DER. */
    public record RawBytes(String rawBytes) {
    }

    /** {@code TimeRange}: RFC 3339 start and end; no end (omitted) means still valid. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimeRange(String start, String end) {

        /** An open-ended range. */
        public TimeRange(String start) {
            this(start, null);
        }
    }

    /** {@code TransparencyLogInstance}. */
    public record TransparencyLog(String baseUrl, String hashAlgorithm, PublicKey publicKey, LogId logId) {
    }

    /** {@code PublicKey}: DER SubjectPublicKeyInfo, its key details, and validity. */
    public record PublicKey(String rawBytes, String keyDetails, TimeRange validFor) {
    }

    /** {@code LogId}: base64 SHA-256 of the DER SubjectPublicKeyInfo. */
    public record LogId(String keyId) {
    }
}
