package dev.signet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ctlog.TlsReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** What anyone can read from the embedded log over its RFC 6962 API, as an outside client would. */
final class LogReader {
    /** {@code entry_type} of a precertificate entry in a {@code MerkleTreeLeaf} (RFC 6962 §3.4). */
    private static final int PRECERT_ENTRY = 1;
    /** version (1), leaf_type (1), timestamp (8): the bytes before {@code entry_type}. */
    private static final int ENTRY_TYPE_OFFSET = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    LogReader(String baseUrl) {
        this.base = baseUrl + "/log/ct/v1";
    }

    /** {@code get-sth}'s {@code tree_size}. */
    long treeSize() throws IOException, InterruptedException {
        return get("/get-sth").get("tree_size").asLong();
    }

    /**
     * Up to {@code max} precertificate chains from the start of the log, each as a submitter would send
     * it again: the precertificate, then its chain, both from {@code extra_data}'s
     * {@code PrecertChainEntry} (RFC 6962 §4.6). Pages are asked for until the log answers fewer.
     */
    List<List<byte[]>> precertChains(int max) throws IOException, InterruptedException {
        List<List<byte[]>> chains = new ArrayList<>();
        long size = treeSize();
        for (long start = 0; start < size && chains.size() < max;) {
            long end = Math.min(size, start + max) - 1;
            JsonNode entries = get("/get-entries?start=" + start + "&end=" + end).get("entries");
            if (entries == null || entries.isEmpty()) {
                break;
            }
            for (JsonNode entry : entries) {
                byte[] leaf = Base64.getDecoder().decode(entry.get("leaf_input").asText());
                int type = ((leaf[ENTRY_TYPE_OFFSET] & 0xFF) << 8) | (leaf[ENTRY_TYPE_OFFSET + 1] & 0xFF);
                if (type == PRECERT_ENTRY && chains.size() < max) {
                    chains.add(precertChain(Base64.getDecoder().decode(entry.get("extra_data").asText())));
                }
            }
            start += entries.size();
        }
        return chains;
    }

    /** {@code PrecertChainEntry}: {@code ASN.1Cert pre_certificate; ASN.1Cert precertificate_chain<0..2^24-1>}. */
    private static List<byte[]> precertChain(byte[] extraData) {
        TlsReader reader = new TlsReader(extraData);
        List<byte[]> chain = new ArrayList<>();
        chain.add(reader.vector(3));
        TlsReader issuers = new TlsReader(reader.vector(3));
        reader.requireEnd();
        while (issuers.hasRemaining()) {
            chain.add(issuers.vector(3));
        }
        return chain;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
