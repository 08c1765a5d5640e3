package dev.signet.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ctlog.Merkle;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A monitor's view of Signet's embedded log, over HTTP only: the key from {@code /log/public-key},
 * checkpoints and STHs whose signatures are checked here with plain JCA, proofs from the RFC 6962
 * read API, and a certificate's embedded SCT checked without Signet's own CT code.
 */
public final class LogOverHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Decoder B64 = Base64.getDecoder();
    private static final String NOTE_SIGNATURE_PREFIX = "\u2014 ";

    private final String base;
    private final HttpClient client;
    private final PublicKey key;
    private final byte[] logId;

    /** A tree head whose signature verified: from a checkpoint or {@code get-sth}. */
    public record TreeHead(long size, byte[] root, long timestamp, String source) {
        @Override
        public String toString() {
            return source + "(size " + size + ", root " + Base64.getEncoder().encodeToString(root) + ", t " + timestamp
                    + ")";
        }
    }

    private LogOverHttp(String base, HttpClient client, PublicKey key) throws Exception {
        this.base = base;
        this.client = client;
        this.key = key;
        this.logId = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
    }

    /** Reads the log key of the Signet at {@code baseUrl} (e.g. {@code http://127.0.0.1:5555}). */
    public static LogOverHttp connect(String baseUrl) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String pem = get(client, baseUrl + "/log/public-key");
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(B64.decode(body)));
        return new LogOverHttp(baseUrl, client, key);
    }

    public PublicKey publicKey() {
        return key;
    }

    /** The same log key, served by another process (after a restart). */
    public LogOverHttp at(String baseUrl) throws Exception {
        LogOverHttp other = connect(baseUrl);
        assertArrayEquals(key.getEncoded(), other.key.getEncoded(), "the log key survived the restart");
        return other;
    }

    /** {@code /log/checkpoint}, its signed note parsed and its RFC 6962 signature verified. */
    public TreeHead checkpoint() throws Exception {
        String text = get(client, base + "/log/checkpoint");
        int split = text.indexOf("\n\n");
        assertTrue(split > 0 && text.endsWith("\n"), "checkpoint is a signed note: " + text);
        String[] body = text.substring(0, split).split("\n", -1);
        assertEquals(3, body.length, "checkpoint body has origin, size, root");
        String origin = body[0];
        long size = Long.parseLong(body[1]);
        byte[] root = B64.decode(body[2]);
        assertEquals(32, root.length);
        byte[] keyId =
                Arrays.copyOf(sha256(origin.getBytes(StandardCharsets.UTF_8), new byte[] {'\n', 0x05}, logId), 4);
        for (String line : text.substring(split + 2).split("\n")) {
            if (!line.startsWith(NOTE_SIGNATURE_PREFIX + origin + " ")) {
                continue;
            }
            ByteBuffer signature =
                    ByteBuffer.wrap(B64.decode(line.substring(NOTE_SIGNATURE_PREFIX.length() + origin.length() + 1)));
            byte[] id = new byte[4];
            signature.get(id);
            if (!Arrays.equals(id, keyId)) {
                continue;
            }
            long timestamp = signature.getLong();
            byte[] digitallySigned = new byte[signature.remaining()];
            signature.get(digitallySigned);
            assertTreeHeadSignature(size, root, timestamp, digitallySigned);
            return new TreeHead(size, root, timestamp, "checkpoint");
        }
        throw new AssertionError("checkpoint carries no signature of this log's key:\n" + text);
    }

    /** {@code get-sth}, its signature verified. */
    public TreeHead sth() throws Exception {
        JsonNode sth = JSON.readTree(get(client, base + "/log/ct/v1/get-sth"));
        long size = sth.get("tree_size").asLong();
        byte[] root = B64.decode(sth.get("sha256_root_hash").asText());
        long timestamp = sth.get("timestamp").asLong();
        assertTreeHeadSignature(size, root, timestamp, B64.decode(sth.get("tree_head_signature").asText()));
        return new TreeHead(size, root, timestamp, "get-sth");
    }

    /** Asserts {@code older} is a prefix of {@code newer} with {@code get-sth-consistency}. */
    public void assertConsistent(TreeHead older, TreeHead newer) throws Exception {
        assertTrue(older.size() <= newer.size(), "tree went backwards: " + older + " then " + newer);
        if (older.size() == newer.size()) {
            assertArrayEquals(older.root(), newer.root(), "two roots for one size (a fork): " + older + " vs " + newer);
            return;
        }
        if (older.size() == 0) {
            assertArrayEquals(Merkle.emptyRoot(), older.root(), "empty tree root");
            return;
        }
        JsonNode answer = JSON.readTree(get(client, base + "/log/ct/v1/get-sth-consistency?first=" + older.size()
                + "&second=" + newer.size()));
        List<byte[]> proof = new ArrayList<>();
        answer.get("consistency").forEach(node -> proof.add(B64.decode(node.asText())));
        assertTrue(Merkle.verifyConsistency(older.size(), newer.size(), older.root(), newer.root(), proof),
                older + " is consistent with " + newer);
    }

    /**
     * Checks the one embedded SCT of {@code leaf} (v1, this log's ID, leaf_index extension, a
     * signature over the TBS without the SCT list) and proves its entry is in {@code sth} with
     * {@code get-proof-by-hash}. Returns the leaf index.
     */
    public long assertEmbeddedSct(X509Certificate leaf, X509Certificate issuer, TreeHead sth) throws Exception {
        byte[] extnValue = org.bouncycastle.asn1.ASN1OctetString.getInstance(
                leaf.getExtensionValue(EmbeddedSctAssertions.SCT_LIST_OID)).getOctets();
        ByteBuffer list = ByteBuffer.wrap(org.bouncycastle.asn1.ASN1OctetString.getInstance(extnValue).getOctets());
        assertEquals(list.remaining() - 2, u16(list), "SCT list length");
        assertEquals(list.remaining() - 2, u16(list), "exactly one SCT");
        assertEquals(0, list.get(), "SCT v1");
        byte[] id = new byte[32];
        list.get(id);
        assertArrayEquals(logId, id, "SCT log ID is SHA-256 of /log/public-key");
        long timestamp = list.getLong();
        byte[] extensions = new byte[u16(list)];
        list.get(extensions);
        assertEquals(4, list.get(), "SHA-256");
        assertEquals(3, list.get(), "ECDSA");
        byte[] signature = new byte[u16(list)];
        list.get(signature);
        assertFalse(list.hasRemaining());
        assertEquals(8, extensions.length, "one leaf_index extension");
        assertEquals(0, extensions[0]);
        long index = 0;
        for (int i = 3; i < 8; i++) {
            index = (index << 8) | (extensions[i] & 0xff);
        }
        byte[] issuerKeyHash = MessageDigest.getInstance("SHA-256").digest(issuer.getPublicKey().getEncoded());
        byte[] signedEntry = EmbeddedSctAssertions.signedEntry(timestamp, 1, issuerKeyHash,
                EmbeddedSctAssertions.tbsWithoutSctList(leaf), extensions);
        assertTrue(EmbeddedSctAssertions.verifies(key, signedEntry, signature), "SCT signature of entry " + index);
        assertTrue(timestamp <= sth.timestamp(), "tree head " + sth + " is not older than SCT " + timestamp);

        byte[] leafHash = sha256(new byte[] {0}, signedEntry);
        String query =
                "hash=" + URLEncoder.encode(Base64.getEncoder().encodeToString(leafHash), StandardCharsets.US_ASCII)
                        + "&tree_size=" + sth.size();
        HttpResponse<String> response = send(client, base + "/log/ct/v1/get-proof-by-hash?" + query);
        assertEquals(200, response.statusCode(), "get-proof-by-hash for entry " + index + " in " + sth + ": "
                + response.body());
        JsonNode proof = JSON.readTree(response.body());
        assertEquals(index, proof.get("leaf_index").asLong(), "get-proof-by-hash names the SCT's leaf_index");
        List<byte[]> path = new ArrayList<>();
        proof.get("audit_path").forEach(node -> path.add(B64.decode(node.asText())));
        assertTrue(Merkle.verifyInclusion(leafHash, index, sth.size(), path, sth.root()),
                "entry " + index + " is included in " + sth);
        return index;
    }

    private void assertTreeHeadSignature(long size, byte[] root, long timestamp, byte[] digitallySigned)
            throws Exception {
        ByteBuffer in = ByteBuffer.wrap(digitallySigned);
        assertEquals(4, in.get(), "tree head hash SHA-256");
        assertEquals(3, in.get(), "tree head signature ECDSA");
        byte[] signature = new byte[u16(in)];
        in.get(signature);
        assertFalse(in.hasRemaining());
        ByteBuffer treeHead = ByteBuffer.allocate(2 + 8 + 8 + 32);
        treeHead.put((byte) 0).put((byte) 1).putLong(timestamp).putLong(size).put(root);
        assertTrue(EmbeddedSctAssertions.verifies(key, treeHead.array(), signature),
                "tree head signature for size " + size);
    }

    private static String get(HttpClient client, String url) throws IOException, InterruptedException {
        HttpResponse<String> response = send(client, url);
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static HttpResponse<String> send(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static int u16(ByteBuffer buffer) {
        return buffer.getShort() & 0xffff;
    }

    private static byte[] sha256(byte[]... parts) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }
}
