package dev.signet.ctlog.embedded.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ctlog.EntryType;
import dev.signet.ctlog.Merkle;
import dev.signet.ctlog.SctVerifier;
import dev.signet.ctlog.Sha256;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.ctlog.SignedTreeHead;
import dev.signet.ctlog.TestChains;
import dev.signet.ctlog.TimestampedEntry;
import dev.signet.ctlog.TlsWriter;
import dev.signet.testing.Fixture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/** The embedded log over HTTP: submissions, the RFC 6962 read API, the static-ct-api files, and bad input. */
@QuarkusTest
@WithTestResource(LogTestCa.class)
class LogEndpointsTest {
    @Fixture(LogTestCa.CA)
    TestChains ca;

    private static final Base64.Decoder B64 = Base64.getDecoder();
    private static final Base64.Encoder B64E = Base64.getEncoder();

    /** One accepted submission and the leaf the log must hold for it. */
    private record Submitted(SignedCertificateTimestamp sct, TimestampedEntry entry, byte[] extraData) {
        byte[] leafHash() {
            return Merkle.leafHash(entry.merkleTreeLeaf());
        }
    }

    private record Sth(long size, long timestamp, byte[] root, byte[] signature) {
    }

    @Test
    void addPreChainGivesAnSctThatVerifiesAndAnEntryThatIsProvablyInTheLog() {
        TestChains.Precert precert = ca.precert("alice@example.com");
        Submitted submitted = submitPrecert(precert);
        PublicKey key = publicKey();
        byte[] issuerKeyHash = Sha256.hash(ca.root().getPublicKey().getEncoded());
        assertTrue(SctVerifier.verifyPrecert(submitted.sct(), issuerKeyHash, precert.expectedTbs(), key));
        assertTrue(
                !SctVerifier.verifyPrecert(submitted.sct(), issuerKeyHash, ca.precert("bob@example.com").expectedTbs(),
                        key));

        Sth sth = sth(key);
        long index = submitted.sct().leafIndex();
        assertTrue(index >= 0 && index < sth.size());

        JsonPath proof = given().queryParam("hash", B64E.encodeToString(submitted.leafHash()))
                .queryParam("tree_size", sth.size()).get("/log/ct/v1/get-proof-by-hash")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(index, proof.getLong("leaf_index"));
        assertTrue(
                Merkle.verifyInclusion(submitted.leafHash(), index, sth.size(), decodeAll(proof.getList("audit_path")),
                        sth.root()));

        JsonPath entries = given().queryParam("start", index).queryParam("end", index).get("/log/ct/v1/get-entries")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(1, entries.getList("entries").size());
        assertArrayEquals(submitted.entry().merkleTreeLeaf(), B64.decode(entries.getString("entries[0].leaf_input")));
        assertArrayEquals(submitted.extraData(), B64.decode(entries.getString("entries[0].extra_data")));

        JsonPath entryAndProof = given().queryParam("leaf_index", index).queryParam("tree_size", sth.size())
                .get("/log/ct/v1/get-entry-and-proof").then().statusCode(200).extract().jsonPath();
        assertArrayEquals(submitted.entry().merkleTreeLeaf(), B64.decode(entryAndProof.getString("leaf_input")));
        assertArrayEquals(submitted.extraData(), B64.decode(entryAndProof.getString("extra_data")));
        assertTrue(Merkle.verifyInclusion(submitted.leafHash(), index, sth.size(),
                decodeAll(entryAndProof.getList("audit_path")), sth.root()));
    }

    @Test
    void addChainGivesAnSctThatVerifiesForTheCertificate() {
        byte[] certificate = ca.certificate("carol@example.com");
        JsonPath answer = submit("/log/ct/v1/add-chain", List.of(certificate, ca.rootDer()))
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
        SignedCertificateTimestamp sct = sct(answer);
        assertTrue(SctVerifier.verifyX509(sct, certificate, publicKey()));
        assertTrue(!SctVerifier.verifyX509(sct, ca.certificate("carol@example.com"), publicKey()));

        TimestampedEntry entry = TimestampedEntry.x509(sct.timestamp(), certificate, sct.extensions());
        JsonPath entries = given().queryParam("start", sct.leafIndex()).queryParam("end", sct.leafIndex())
                .get("/log/ct/v1/get-entries").then().statusCode(200).extract().jsonPath();
        assertArrayEquals(entry.merkleTreeLeaf(), B64.decode(entries.getString("entries[0].leaf_input")));
        byte[] chain = new TlsWriter().vector(ca.rootDer(), 3).toByteArray();
        assertArrayEquals(new TlsWriter().vector(chain, 3).toByteArray(),
                B64.decode(entries.getString("entries[0].extra_data")));
    }

    @Test
    void consistencyProofsBetweenTwoTreeHeadsVerify() {
        PublicKey key = publicKey();
        submitPrecert(ca.precert("dave@example.com"));
        Sth first = sth(key);
        submitPrecert(ca.precert("erin@example.com"));
        Sth second = sth(key);
        assertTrue(second.size() > first.size());
        List<byte[]> proof = decodeAll(given().queryParam("first", first.size()).queryParam("second", second.size())
                .get("/log/ct/v1/get-sth-consistency").then().statusCode(200).extract().jsonPath()
                .getList("consistency"));
        assertTrue(Merkle.verifyConsistency(first.size(), second.size(), first.root(), second.root(), proof));
        assertTrue(!Merkle.verifyConsistency(first.size(), second.size(), second.root(), second.root(), proof));
        given().queryParam("first", second.size()).queryParam("second", second.size())
                .get("/log/ct/v1/get-sth-consistency").then().statusCode(200).body("consistency.size()", equalTo(0));
    }

    @Test
    void checkpointMatchesTheSignedTreeHead() {
        submitPrecert(ca.precert("frank@example.com"));
        Sth sth = sth(publicKey());
        Response response = given().get("/log/checkpoint");
        response.then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/plain"))
                .header("Cache-Control", "no-store");
        String[] lines = response.asString().split("\n");
        String origin = given().get("/log/info").then().statusCode(200).extract().jsonPath().getString("origin");
        assertEquals(origin, lines[0]);
        assertEquals(Long.toString(sth.size()), lines[1]);
        assertArrayEquals(sth.root(), B64.decode(lines[2]));
        assertTrue(lines[4].startsWith("\u2014 " + origin + " "));
    }

    @Test
    void levelZeroTilesHoldTheLeafHashesAndHashToTheRoot() throws Exception {
        Submitted submitted = submitPrecert(ca.precert("grace@example.com"));
        Sth sth = sth(publicKey());
        ByteArrayOutputStream hashes = new ByteArrayOutputStream();
        for (long tile = 0; tile * 256 < sth.size(); tile++) {
            long width = Math.min(256, sth.size() - tile * 256);
            Response response = given().get("/log/" + tilePath("tile/0/", tile, width));
            response.then().statusCode(200).contentType("application/octet-stream")
                    .header("Cache-Control", "public, max-age=31536000, immutable");
            byte[] bytes = response.asByteArray();
            assertEquals(32 * width, bytes.length);
            hashes.write(bytes);
        }
        byte[] all = hashes.toByteArray();
        List<byte[]> leafHashes = new ArrayList<>();
        for (int i = 0; i < all.length; i += 32) {
            leafHashes.add(java.util.Arrays.copyOfRange(all, i, i + 32));
        }
        assertArrayEquals(sth.root(), Merkle.rootFromLeafHashes(leafHashes));
        long index = submitted.sct().leafIndex();
        assertArrayEquals(submitted.leafHash(), leafHashes.get((int) index));

        long dataTile = index / 256;
        long width = Math.min(256, sth.size() - dataTile * 256);
        Response data = given().get("/log/" + tilePath("tile/data/", dataTile, width));
        data.then().statusCode(200).contentType("application/octet-stream")
                .header("Cache-Control", "public, max-age=31536000, immutable");
        byte[] leaf = submitted.entry().merkleTreeLeaf();
        byte[] timestampedEntry = java.util.Arrays.copyOfRange(leaf, 2, leaf.length);
        assertTrue(contains(data.asByteArray(), timestampedEntry));
    }

    @Test
    void issuerFilesServeTheDerOfEveryChainCertificate() {
        submitPrecert(ca.precert("heidi@example.com"));
        byte[] root = ca.rootDer();
        String name = HexFormat.of().formatHex(Sha256.hash(root));
        Response response = given().get("/log/issuer/" + name);
        response.then().statusCode(200).contentType("application/pkix-cert")
                .header("Cache-Control", "public, max-age=31536000, immutable");
        assertArrayEquals(root, response.asByteArray());
        assertNotFound(given().get("/log/issuer/" + name.toUpperCase()));
        assertNotFound(given().get("/log/issuer/" + "0".repeat(64)));
        assertNotFound(given().get("/log/issuer/" + name + "0"));
        assertNotFound(given().get("/log/issuer/" + name + ".der"));
    }

    @Test
    void getRootsListsSignetsRootAndTheConfiguredOnes() {
        List<String> roots = given().get("/log/ct/v1/get-roots").then().statusCode(200).extract().jsonPath()
                .getList("certificates");
        assertTrue(roots.contains(B64E.encodeToString(ca.rootDer())));
        assertEquals(2, roots.size());
    }

    @Test
    void infoAndPublicKeyDescribeTheLogThatSigns() {
        PublicKey key = publicKey();
        JsonPath info = given().get("/log/info").then().statusCode(200).contentType("application/json")
                .extract().jsonPath();
        assertEquals("signet.local/log", info.getString("origin"));
        assertArrayEquals(key.getEncoded(), B64.decode(info.getString("public_key")));
        assertArrayEquals(Sha256.hash(key.getEncoded()), B64.decode(info.getString("log_id")));
        assertEquals(60, info.getInt("mmd"));
        Submitted submitted = submitPrecert(ca.precert("ivan@example.com"));
        assertArrayEquals(B64.decode(info.getString("log_id")), submitted.sct().logId());
    }

    @Test
    void rejectedAndMalformedSubmissionsAre400() {
        TestChains stranger = new TestChains("Unknown CA");
        TestChains.Precert foreign = stranger.precert("mallory@example.com");
        assertError(submit("/log/ct/v1/add-pre-chain", stranger.precertChain(foreign)), 400,
                "The submitted chain is not accepted by this log");
        TestChains.Precert precert = ca.precert("mallory@example.com");
        assertError(submit("/log/ct/v1/add-chain", ca.precertChain(precert)), 400,
                "The submitted chain is not accepted by this log");
        assertError(submit("/log/ct/v1/add-pre-chain", List.of(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01})), 400,
                "The submitted chain is not accepted by this log");
        String parse = "The request could not be parsed";
        assertError(post("/log/ct/v1/add-pre-chain", "{\"chain\":[\"not*base64\"]}"), 400, parse);
        assertError(post("/log/ct/v1/add-pre-chain", "{\"chain\":[]}"), 400, parse);
        assertError(post("/log/ct/v1/add-chain", "{\"chain\":"), 400, parse);
        assertError(post("/log/ct/v1/add-chain", ""), 400, parse);
        List<byte[]> eleven = new ArrayList<>(ca.precertChain(precert));
        while (eleven.size() < 11) {
            eleven.add(ca.rootDer());
        }
        assertError(submit("/log/ct/v1/add-pre-chain", eleven), 400, parse);
        assertError(given().get("/log/ct/v1/add-chain"), 501, "Method Not Allowed");
    }

    @Test
    void badReadParametersAre400WithAFixedMessage() {
        submitPrecert(ca.precert("judy@example.com"));
        long size = sth(publicKey()).size();
        String hash = B64E.encodeToString(new byte[32]);
        List<String> bad = List.of(
                "get-sth-consistency", "get-sth-consistency?first=1", "get-sth-consistency?first=-1&second=1",
                "get-sth-consistency?first=a&second=1", "get-sth-consistency?first=0&second=1",
                "get-sth-consistency?first=2&second=1", "get-sth-consistency?first=1&second=" + (size + 1),
                "get-sth-consistency?first=1&second=99999999999999999999",
                "get-proof-by-hash?tree_size=1", "get-proof-by-hash?hash=%25%25&tree_size=1",
                "get-proof-by-hash?hash=AAAA&tree_size=1", "get-proof-by-hash?hash=" + hash,
                "get-proof-by-hash?hash=" + hash + "&tree_size=0",
                "get-proof-by-hash?hash=" + hash + "&tree_size=" + (size + 1),
                "get-proof-by-hash?hash=" + hash + "&tree_size=1.5",
                "get-entries", "get-entries?start=0", "get-entries?start=-1&end=0", "get-entries?start=2&end=1",
                "get-entries?start=" + size + "&end=" + (size + 10), "get-entries?start=x&end=1",
                "get-entry-and-proof?leaf_index=0", "get-entry-and-proof?leaf_index=" + size + "&tree_size=" + size,
                "get-entry-and-proof?leaf_index=0&tree_size=" + (size + 1),
                "get-entry-and-proof?leaf_index=-1&tree_size=1");
        for (String path : bad) {
            Response response = given().urlEncodingEnabled(false).get("/log/ct/v1/" + path);
            assertEquals(400, response.statusCode(), path);
            assertEquals(Map.of("code", 3, "message", "The request could not be parsed", "details", List.of()),
                    response.jsonPath().getMap(""), path);
        }
        assertNotFound(given().queryParam("hash", hash).queryParam("tree_size", size)
                .get("/log/ct/v1/get-proof-by-hash"));
    }

    @Test
    void getEntriesClampsToTheTreeAndToTheReadCap() {
        submitPrecert(ca.precert("ken@example.com"));
        long size = sth(publicKey()).size();
        long start = Math.max(0, size - 2);
        given().queryParam("start", start).queryParam("end", size + 1000).get("/log/ct/v1/get-entries")
                .then().statusCode(200).body("entries.size()", equalTo((int) (size - start)));
        int expected = (int) Math.min(size, 256);
        given().queryParam("start", 0).queryParam("end", Long.MAX_VALUE).get("/log/ct/v1/get-entries")
                .then().statusCode(200).body("entries.size()", equalTo(expected));
    }

    @Test
    void unknownTilesAndPathsAre404() {
        long size = sth(publicKey()).size();
        for (String path : List.of("tile/0/x999/999", "tile/0/abc", "tile/0/000.p/0", "tile/0/000.p/256",
                "tile/7/000", "tile/0/x000/000", "tile/data/x999/999", "tile/data/000.p/" + Math.min(255, size + 1),
                "tile/1/000", "tile/", "nothing-here", "ct/v1/get-nothing")) {
            if (path.equals("tile/1/000") && size >= 256 * 256) {
                continue;
            }
            if (path.startsWith("tile/data/000.p/") && size >= 255) {
                continue;
            }
            assertNotFound(given().urlEncodingEnabled(false).get("/log/" + path));
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private Submitted submitPrecert(TestChains.Precert precert) {
        JsonPath answer = submit("/log/ct/v1/add-pre-chain", ca.precertChain(precert))
                .then().statusCode(200).contentType("application/json").body("sct_version", equalTo(0))
                .extract().jsonPath();
        SignedCertificateTimestamp sct = sct(answer);
        byte[] issuerKeyHash = Sha256.hash(ca.root().getPublicKey().getEncoded());
        TimestampedEntry entry = TimestampedEntry.precert(sct.timestamp(), issuerKeyHash, precert.expectedTbs(),
                sct.extensions());
        assertEquals(EntryType.PRECERT_ENTRY, entry.type());
        byte[] chain = new TlsWriter().vector(ca.rootDer(), 3).toByteArray();
        byte[] extraData = new TlsWriter().vector(precert.der(), 3).vector(chain, 3).toByteArray();
        return new Submitted(sct, entry, extraData);
    }

    private static SignedCertificateTimestamp sct(JsonPath answer) {
        return new SignedCertificateTimestamp(B64.decode(answer.getString("id")), answer.getLong("timestamp"),
                B64.decode(answer.getString("extensions")), B64.decode(answer.getString("signature")));
    }

    private static Response submit(String path, List<byte[]> chain) {
        String body =
                "{\"chain\":[" + String.join(",", chain.stream().map(der -> "\"" + B64E.encodeToString(der) + "\"")
                        .toList()) + "]}";
        return post(path, body);
    }

    private static Response post(String path, String body) {
        return given().contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8)).post(path);
    }

    /** The current tree head, after checking its signature with the served public key. */
    private static Sth sth(PublicKey key) {
        JsonPath json = given().get("/log/ct/v1/get-sth").then().statusCode(200).contentType("application/json")
                .extract().jsonPath();
        Sth sth = new Sth(json.getLong("tree_size"), json.getLong("timestamp"),
                B64.decode(json.getString("sha256_root_hash")), B64.decode(json.getString("tree_head_signature")));
        assertTrue(SctVerifier.verifySignature(sth.signature(),
                SignedTreeHead.signatureInput(sth.timestamp(), sth.size(), sth.root()), key));
        assertTrue(!SctVerifier.verifySignature(sth.signature(),
                SignedTreeHead.signatureInput(sth.timestamp(), sth.size() + 1, sth.root()), key));
        return sth;
    }

    private static PublicKey publicKey() {
        Response response = given().get("/log/public-key");
        response.then().statusCode(200).contentType("application/x-pem-file");
        String pem = response.asString();
        assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----\n") && pem.endsWith("-----END PUBLIC KEY-----\n"));
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replace("\n", "");
        try {
            return KeyFactory.getInstance("EC", new BouncyCastleProvider())
                    .generatePublic(new X509EncodedKeySpec(B64.decode(body)));
        } catch (Exception e) {
            throw new AssertionError("served public key is not an EC SubjectPublicKeyInfo", e);
        }
    }

    private static String tilePath(String prefix, long index, long width) {
        String digits = Long.toString(index);
        digits = "0".repeat((3 - digits.length() % 3) % 3) + digits;
        StringBuilder path = new StringBuilder(prefix);
        for (int i = 0; i < digits.length(); i += 3) {
            path.append(i + 3 < digits.length() ? "x" : "").append(digits, i, i + 3)
                    .append(i + 3 < digits.length() ? "/" : "");
        }
        return width < 256 ? path + ".p/" + width : path.toString();
    }

    private static List<byte[]> decodeAll(List<String> values) {
        return values.stream().map(B64::decode).toList();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer : for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void assertNotFound(Response response) {
        assertError(response, 404, "Not Found");
    }

    private static void assertError(Response response, int status, String message) {
        response.then().statusCode(status).contentType("application/json").body("message", equalTo(message))
                .body("details.size()", equalTo(0));
    }
}
