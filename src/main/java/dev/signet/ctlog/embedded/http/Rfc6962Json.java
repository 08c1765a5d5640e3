package dev.signet.ctlog.embedded.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The JSON bodies of the RFC 6962 {@code ct/v1} API and of {@code /log/info}; byte fields are
 * standard base64. The submission answer is {@link dev.signet.ctlog.AddChainResponse}.
 */
public final class Rfc6962Json {
    private Rfc6962Json() {
    }

    /** {@code get-roots} answer. */
    public record Roots(@JsonProperty("certificates") List<String> certificates) {
    }

    /** {@code get-sth} answer. */
    public record SignedTreeHead(
            @JsonProperty("tree_size") long treeSize,
            @JsonProperty("timestamp") long timestamp,
            @JsonProperty("sha256_root_hash") String sha256RootHash,
            @JsonProperty("tree_head_signature") String treeHeadSignature) {
    }

    /** {@code get-sth-consistency} answer. */
    public record Consistency(@JsonProperty("consistency") List<String> consistency) {
    }

    /** {@code get-proof-by-hash} answer. */
    public record ProofByHash(
            @JsonProperty("leaf_index") long leafIndex,
            @JsonProperty("audit_path") List<String> auditPath) {
    }

    /** One {@code get-entries} element. */
    public record Entry(
            @JsonProperty("leaf_input") String leafInput,
            @JsonProperty("extra_data") String extraData) {
    }

    /** {@code get-entries} answer. */
    public record Entries(@JsonProperty("entries") List<Entry> entries) {
    }

    /** {@code get-entry-and-proof} answer. */
    public record EntryAndProof(
            @JsonProperty("leaf_input") String leafInput,
            @JsonProperty("extra_data") String extraData,
            @JsonProperty("audit_path") List<String> auditPath) {
    }

    /**
     * {@code /log/info}: what an operator needs to list the log.
     *
     * @param origin checkpoint origin (submission prefix without scheme)
     * @param logId base64 SHA-256 of the DER SubjectPublicKeyInfo (RFC 6962 LogID)
     * @param publicKey base64 DER SubjectPublicKeyInfo
     * @param mmd maximum merge delay promised, in seconds (entries are in fact merged before the SCT is returned)
     * @param submissionPath path under which the RFC 6962 API is served (relative to the server)
     * @param monitoringPath path under which the static-ct-api read files are served
     */
    public record LogInfo(
            @JsonProperty("origin") String origin,
            @JsonProperty("log_id") String logId,
            @JsonProperty("public_key") String publicKey,
            @JsonProperty("mmd") int mmd,
            @JsonProperty("submission_path") String submissionPath,
            @JsonProperty("monitoring_path") String monitoringPath) {
    }
}
