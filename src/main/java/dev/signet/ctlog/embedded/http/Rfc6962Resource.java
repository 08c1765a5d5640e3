package dev.signet.ctlog.embedded.http;

import dev.signet.ctlog.AddChainResponse;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.ctlog.embedded.LogEntry;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * The RFC 6962 API of the embedded log under {@code /log/ct/v1}: submission ({@code add-chain},
 * {@code add-pre-chain}, {@code get-roots}) and the read calls, computed from the log's tiles.
 */
@Path("/log/ct/v1")
@Produces(MediaType.APPLICATION_JSON)
public class Rfc6962Resource {
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private final ServedLog served;

    public Rfc6962Resource(ServedLog served) {
        this.served = served;
    }

    /**
     * Validates the chain on a worker thread, then releases it: the answer is written when the
     * entry's checkpoint is published and its SCT signed, or at once for a chain already logged. An
     * outside submission: limited to its share of the pool, refused (403) when the log takes none;
     * the API's per-address rate limit counted it before routing.
     */
    @POST
    @Path("/add-chain")
    @Consumes(MediaType.WILDCARD)
    @Blocking
    public CompletionStage<AddChainResponse> addChain(byte[] body) {
        EmbeddedLog log = served.require();
        log.requireOutsideSubmissions();
        return log.submitOutsideChain(SubmittedChain.read(body)).thenApply(AddChainResponse::of);
    }

    /** As {@link #addChain}: a worker for validation, none while the pool waits for its flush. */
    @POST
    @Path("/add-pre-chain")
    @Consumes(MediaType.WILDCARD)
    @Blocking
    public CompletionStage<AddChainResponse> addPreChain(byte[] body) {
        EmbeddedLog log = served.require();
        log.requireOutsideSubmissions();
        return log.submitOutsidePreChain(SubmittedChain.read(body)).thenApply(AddChainResponse::of);
    }

    @GET
    @Path("/get-roots")
    @NonBlocking
    public Rfc6962Json.Roots getRoots() {
        return new Rfc6962Json.Roots(encodeAll(served.require().roots()));
    }

    @GET
    @Path("/get-sth")
    @NonBlocking
    public Rfc6962Json.SignedTreeHead getSth() {
        dev.signet.ctlog.SignedTreeHead sth = served.require().sth();
        return new Rfc6962Json.SignedTreeHead(sth.treeSize(), sth.timestamp(), B64.encodeToString(sth.rootHash()),
                B64.encodeToString(sth.signature()));
    }

    @GET
    @Path("/get-sth-consistency")
    public Rfc6962Json.Consistency getSthConsistency(@QueryParam("first") String first,
            @QueryParam("second") String second) {
        EmbeddedLog log = served.require();
        long from = QueryParameters.number(first, "first");
        long to = QueryParameters.number(second, "second");
        if (from < 1 || from > to || to > log.treeSize()) {
            throw QueryParameters.invalid("no consistency proof from " + from + " to " + to);
        }
        return new Rfc6962Json.Consistency(encodeAll(log.consistencyProof(from, to)));
    }

    @GET
    @Path("/get-proof-by-hash")
    public Rfc6962Json.ProofByHash getProofByHash(@QueryParam("hash") String hash,
            @QueryParam("tree_size") String treeSize) {
        EmbeddedLog log = served.require();
        byte[] leafHash = QueryParameters.hash(hash, "hash");
        long size = treeSizeWithin(log, treeSize);
        OptionalLong index = log.leafIndex(leafHash);
        if (index.isEmpty() || index.getAsLong() >= size) {
            throw new SignetException(ErrorKind.NOT_FOUND, "leaf hash not in the tree of size " + size);
        }
        return new Rfc6962Json.ProofByHash(index.getAsLong(), encodeAll(log.inclusionProof(index.getAsLong(), size)));
    }

    @GET
    @Path("/get-entries")
    public Rfc6962Json.Entries getEntries(@QueryParam("start") String start, @QueryParam("end") String end) {
        EmbeddedLog log = served.require();
        long first = QueryParameters.number(start, "start");
        long last = QueryParameters.number(end, "end");
        if (last < first || first >= log.treeSize()) {
            throw QueryParameters.invalid("entries " + first + ".." + last + " outside the tree");
        }
        List<Rfc6962Json.Entry> entries = log.entries(first, last).stream()
                .map(entry -> new Rfc6962Json.Entry(B64.encodeToString(entry.leafInput()),
                        B64.encodeToString(entry.extraData())))
                .toList();
        return new Rfc6962Json.Entries(entries);
    }

    @GET
    @Path("/get-entry-and-proof")
    public Rfc6962Json.EntryAndProof getEntryAndProof(@QueryParam("leaf_index") String leafIndex,
            @QueryParam("tree_size") String treeSize) {
        EmbeddedLog log = served.require();
        long index = QueryParameters.number(leafIndex, "leaf_index");
        long size = treeSizeWithin(log, treeSize);
        if (index >= size) {
            throw QueryParameters.invalid("leaf_index " + index + " not below tree_size " + size);
        }
        LogEntry entry = log.entries(index, index).get(0);
        return new Rfc6962Json.EntryAndProof(B64.encodeToString(entry.leafInput()),
                B64.encodeToString(entry.extraData()), encodeAll(log.inclusionProof(index, size)));
    }

    /** A {@code tree_size} parameter naming a non-empty tree no larger than the published one. */
    private static long treeSizeWithin(EmbeddedLog log, String treeSize) {
        long size = QueryParameters.number(treeSize, "tree_size");
        if (size < 1 || size > log.treeSize()) {
            throw QueryParameters.invalid("tree_size " + size + " outside 1.." + log.treeSize());
        }
        return size;
    }

    private static List<String> encodeAll(List<byte[]> values) {
        return values.stream().map(B64::encodeToString).toList();
    }
}
