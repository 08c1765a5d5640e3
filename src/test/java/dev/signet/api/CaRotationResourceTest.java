package dev.signet.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.signet.ca.CaCertificates;
import dev.signet.ca.CaHierarchy;
import dev.signet.ca.file.PemCaReader;
import dev.signet.ca.tool.CaTool;
import dev.signet.codec.BouncyCastle;
import dev.signet.testing.ClientKey;
import dev.signet.testing.Fixture;
import dev.signet.testing.GrpcTestChannel;
import dev.signet.testing.LeafAssertions;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.TestOidcIssuer;
import dev.sigstore.fulcio.v2.CAGrpc;
import dev.sigstore.fulcio.v2.GetTrustBundleRequest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Signet started on CA files made by {@code signet ca}, publishing a retired chain and the next
 * chain beside the issuing one: every read endpoint lists all three, issuing first, and leaves
 * chain to the issuing one.
 */
@QuarkusTest
@WithTestResource(OidcIssuersTestResource.class)
@WithTestResource(CaRotationResourceTest.RotationCa.class)
class CaRotationResourceTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    /** Creates the CA material with the tool and points Signet at it. */
    public static class RotationCa implements QuarkusTestResourceLifecycleManager {
        static volatile List<X509Certificate> issuing;
        static volatile List<X509Certificate> retired;
        static volatile List<X509Certificate> next;

        @Override
        public Map<String, String> start() {
            try {
                Path dir = Files.createTempDirectory("signet-rotation");
                Path current = dir.resolve("current");
                Path upcoming = dir.resolve("next");
                Map<String, String> env = Map.of("PW", "rotation test password");
                tool(env, "create", "--out", current.toString(), "--password-env", "PW");
                tool(env, "intermediate", "--root-cert", current.resolve("chain.pem").toString(), "--root-key",
                        current.resolve("root-key.pem").toString(), "--out", upcoming.toString(), "--password-env",
                        "PW",
                        "--intermediate-cn", "Signet Intermediate CA 2");
                issuing = chain(current.resolve("chain.pem"));
                next = chain(upcoming.resolve("chain.pem"));
                // A chain that signed until an earlier rotation: its intermediate started two days ago.
                SecureRandom random = new SecureRandom();
                CaHierarchy old = CaHierarchy.create(new CaHierarchy.Spec(CaCertificates.name("Old Root", "Signet"),
                        CaCertificates.name("Old Intermediate", "Signet"), Duration.ofDays(3650), Duration.ofDays(30),
                        1),
                        () -> CaCertificates.ecKeyPair("secp256r1", random), BouncyCastle.PROVIDER,
                        Instant.now().minus(Duration.ofDays(2)), random);
                retired = old.chain();
                Path retiredFile = dir.resolve("retired.pem");
                Files.write(retiredFile, dev.signet.ca.file.PemCaWriter.certificates(retired));
                return Map.of(
                        "signet.ca.type", "file",
                        "signet.ca.file.cert", current.resolve("chain.pem").toString(),
                        "signet.ca.file.key", current.resolve("intermediate-key.pem").toString(),
                        "signet.ca.file.password", "rotation test password",
                        "signet.ca.file.watch", "false",
                        // The issuing chain listed again is published once.
                        "signet.ca.additional-chains", retiredFile + "," + upcoming.resolve("chain.pem") + ","
                                + current.resolve("chain.pem"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void tool(Map<String, String> env, String... args) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = CaTool.run(List.of(args), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8), env);
            if (code != 0) {
                throw new IllegalStateException("signet ca " + args[0] + " exited " + code + ": " + err);
            }
        }

        private static List<X509Certificate> chain(Path file) throws IOException {
            return PemCaReader.parseChain(Files.readAllBytes(file), file);
        }

        @Override
        public void stop() {
            // Temporary files only.
        }
    }

    private static List<List<X509Certificate>> expected() {
        return List.of(RotationCa.issuing, RotationCa.retired, RotationCa.next);
    }

    @Test
    void trustBundleListsEveryChainIssuingFirst() {
        JsonPath json = given().get("/api/v2/trustBundle").then().statusCode(200).body("chains", hasSize(3))
                .extract().jsonPath();
        for (int i = 0; i < 3; i++) {
            List<String> pems = json.getList("chains[" + i + "].certificates");
            assertEquals(expected().get(i), LeafAssertions.parsePem(String.join("", pems)), "chain " + i);
        }
    }

    @Test
    void grpcTrustBundleEqualsRest() throws Exception {
        try (GrpcTestChannel channel = GrpcTestChannel.open()) {
            var bundle = CAGrpc.newBlockingStub(channel.channel())
                    .getTrustBundle(GetTrustBundleRequest.getDefaultInstance());
            assertEquals(3, bundle.getChainsCount());
            for (int i = 0; i < 3; i++) {
                assertEquals(expected().get(i),
                        LeafAssertions.parsePem(String.join("", bundle.getChains(i).getCertificatesList())));
            }
        }
    }

    @Test
    void rootCertConcatenatesEveryCertificateOfEveryChain() {
        String body = given().get("/api/v1/rootCert").then().statusCode(200)
                .contentType("application/pem-certificate-chain").extract().asString();
        List<X509Certificate> all = new ArrayList<>();
        expected().forEach(all::addAll);
        assertEquals(all, LeafAssertions.parsePem(body));
    }

    @Test
    void trustedRootListsEachCaWithItsValidityWindow() throws Exception {
        JsonPath json = given().get("/api/v2/trustedRoot").then().statusCode(200)
                .body("certificateAuthorities", hasSize(3)).extract().jsonPath();
        for (int i = 0; i < 3; i++) {
            List<X509Certificate> chain = expected().get(i);
            List<String> raw = json.getList("certificateAuthorities[" + i + "].certChain.certificates.rawBytes");
            assertEquals(chain.size(), raw.size());
            for (int j = 0; j < raw.size(); j++) {
                assertEquals(Base64.getEncoder().encodeToString(chain.get(j).getEncoded()), raw.get(j));
            }
            assertEquals(chain.get(0).getNotBefore().toInstant().toString(),
                    json.getString("certificateAuthorities[" + i + "].validFor.start"));
        }
        assertNull(json.get("certificateAuthorities[0].validFor.end"), "the issuing CA is open-ended");
        assertEquals(RotationCa.retired.get(0).getNotAfter().toInstant().toString(),
                json.getString("certificateAuthorities[1].validFor.end"), "a retired CA ends with its intermediate");
        assertNull(json.get("certificateAuthorities[2].validFor.end"), "the next CA is open-ended");
        assertEquals("Old Intermediate", json.getString("certificateAuthorities[1].subject.commonName"));
        assertEquals(RotationCa.retired.get(1).getNotBefore().toInstant().toString(),
                json.getString("ctlogs[0].publicKey.validFor.start"), "the log key is trusted from the earliest root");
    }

    @Test
    void leavesChainToTheIssuingChainMadeByTheTool() throws Exception {
        List<String> pems =
                given().contentType("application/json").body(LogModes.v2Body(issuer, ClientKey.ec("secp256r1")))
                        .post("/api/v2/signingCert").then().statusCode(200).extract().jsonPath()
                        .getList("signedCertificateEmbeddedSct.chain.certificates");
        List<X509Certificate> chain = LeafAssertions.parsePem(String.join("\n", pems));
        assertEquals(RotationCa.issuing, chain.subList(1, chain.size()));
        chain.get(0).verify(RotationCa.issuing.get(0).getPublicKey(), BouncyCastle.PROVIDER);
    }
}
