package dev.signet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.testing.Fixture;
import dev.signet.testing.LeafAssertions;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The unmodified sigstore-js client (npm {@code sigstore} 3.1.0) signs against Signet's REST API,
 * and sigstore-js's own chain and SCT verifiers accept the certificate against {@code /api/v2/trustedRoot}.
 *
 * <p>Needs {@code node} and {@code npm} (and the npm registry) on the machine; {@code .ci/run} installs
 * them, so under CI ({@code CI} set) their absence is a failure, elsewhere a skipped test.
 */
@QuarkusTest
@WithTestResource(OidcIssuersTestResource.class)
class SigstoreJsClientTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    private static final Path CLIENT_DIR = Path.of("target", "sigstore-js");
    private static final Duration INSTALL_DEADLINE = Duration.ofMinutes(4);
    private static final Duration SIGN_DEADLINE = Duration.ofMinutes(1);

    @BeforeAll
    static void installClient() throws Exception {
        boolean available = succeeds(List.of("node", "--version")) && succeeds(List.of("npm", "--version"));
        if (System.getenv("CI") != null) {
            assertTrue(available, "node and npm are required under CI (.ci/run installs them)");
        }
        Assumptions.assumeTrue(available, "node and npm are not installed: sigstore-js check skipped");
        Files.createDirectories(CLIENT_DIR);
        for (String file : List.of("package.json", "sign-and-verify.js")) {
            try (InputStream in = SigstoreJsClientTest.class.getResourceAsStream("/sigstore-js/" + file)) {
                Files.copy(in, CLIENT_DIR.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!Files.isDirectory(CLIENT_DIR.resolve("node_modules/sigstore"))) {
            Run install =
                    run(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"), INSTALL_DEADLINE);
            assertEquals(0, install.exitCode(), "npm install failed: " + install.stderr());
        }
    }

    @Test
    void sigstoreJsSignsAndItsVerifierAcceptsChainAndSct() throws Exception {
        String email = "js-client@example.com";
        // sigstore-js proves possession over the token's email when it has one, its subject otherwise.
        String token = issuer.token().email(email).emailVerified(true)
                .subject("js-client-subject").sign();
        Run signing = sign(token);
        assertEquals(0, signing.exitCode(), "sigstore-js failed: " + signing.stderr());

        JsonNode result = new ObjectMapper().readTree(signing.stdout());
        assertEquals("application/vnd.dev.sigstore.bundle+json;version=0.2", result.get("mediaType").asText());
        assertEquals(1, result.get("verifiedScts").asInt(), "sigstore-js verified the embedded SCT");
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(result.get("leaf").asText())));
        assertEquals(List.of(List.of(1, email)), leaf.getSubjectAlternativeNames().stream().toList());
        String bundle = String.join("", RestAssured.given().get("/api/v2/trustBundle").then().statusCode(200)
                .extract().jsonPath().<String>getList("chains[0].certificates"));
        List<X509Certificate> chain = LeafAssertions.parsePem(bundle);
        leaf.verify(chain.get(0).getPublicKey());
        assertEquals(chain.size() + 1, result.get("chainLength").asInt(), "leaf plus the published CA chain");
    }

    @Test
    void sigstoreJsReportsSignetsRefusalOfAnExpiredToken() throws Exception {
        String token = issuer.token().email("js-client@example.com").emailVerified(true)
                .expiresAt(Instant.now().minusSeconds(3600)).issuedAt(Instant.now().minusSeconds(7200)).sign();
        Run signing = sign(token);
        assertNotEquals(0, signing.exitCode());
        assertTrue(signing.stderr().contains("There was an error processing the identity token"),
                "the client shows Signet's fixed message: " + signing.stderr());
    }

    private static Run sign(String token) throws Exception {
        Path tokenFile = Files.createTempFile(CLIENT_DIR.toAbsolutePath(), "token", ".jwt");
        try {
            Files.writeString(tokenFile, token);
            return run(List.of("node", "sign-and-verify.js", "http://127.0.0.1:" + RestAssured.port,
                    tokenFile.toString()), SIGN_DEADLINE);
        } finally {
            Files.deleteIfExists(tokenFile);
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run run(List<String> command, Duration deadline) throws IOException, InterruptedException {
        Path out = Files.createTempFile("sigstore-js", ".out");
        Path err = Files.createTempFile("sigstore-js", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(CLIENT_DIR.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + deadline);
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static boolean succeeds(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
