package dev.signet.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One client thread of the packaged load tests: its own P-256 key and proof of possession, a token
 * from {@link TestOidcIssuer} renewed every minute, {@code POST /api/v2/signingCert} with a 20 s
 * deadline. Not thread-safe: one per thread.
 */
public final class SigningCertClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TOKEN_RENEWAL = Duration.ofMinutes(1);

    private final TestOidcIssuer issuer;
    private final String email;
    private final HttpClient http;
    private final ClientKey key = ClientKey.ec("secp256r1");
    private final String proof;
    private Instant minted = Instant.MIN;
    private String body;

    public SigningCertClient(TestOidcIssuer issuer, String email, HttpClient http) {
        this.issuer = issuer;
        this.email = email;
        this.http = http;
        this.proof = key.proof(email);
    }

    /** Asks the Signet at {@code baseUrl} for a certificate. */
    public HttpResponse<String> issue(String baseUrl) throws IOException, InterruptedException {
        if (Duration.between(minted, Instant.now()).compareTo(TOKEN_RENEWAL) >= 0) {
            minted = Instant.now();
            String token = issuer.token().email(email).emailVerified(true)
                    .expiresAt(minted.plus(Duration.ofMinutes(10))).sign();
            ObjectNode request = JSON.createObjectNode();
            request.putObject("credentials").put("oidcIdentityToken", token);
            ObjectNode keyRequest = request.putObject("publicKeyRequest");
            keyRequest.putObject("publicKey").put("algorithm", "ECDSA").put("content", key.publicKeyPem());
            keyRequest.put("proofOfPossession", proof);
            body = request.toString();
        }
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v2/signingCert"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The certificate chain of a 200 answer, leaf first. */
    public static List<X509Certificate> chain(String responseBody) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        JSON.readTree(responseBody).at("/signedCertificateEmbeddedSct/chain/certificates")
                .forEach(pem -> chain.addAll(LeafAssertions.parsePem(pem.asText())));
        return chain;
    }
}
