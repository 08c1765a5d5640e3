package dev.signet.bench;

import dev.signet.testing.ClientKey;
import dev.signet.testing.TestOidcIssuer;
import dev.sigstore.fulcio.v2.CreateSigningCertificateRequest;
import dev.sigstore.fulcio.v2.Credentials;
import dev.sigstore.fulcio.v2.PublicKey;
import dev.sigstore.fulcio.v2.PublicKeyRequest;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Issuance requests minted before any timing: each has its own token (RS256, or ES256 for every
 * {@code esEvery}-th), its own P-256 client key and that key's signature over the token's email.
 * The REST body is kept as bytes so sending one costs the client nothing but I/O.
 */
final class IssuanceFixtures {

    /** One pre-minted request. */
    record Fixture(String email, String token, boolean es256, byte[] publicKeyDer, String publicKeyPem,
            byte[] proof, byte[] restBody) {

        /** The same request as a gRPC message: protobuf holds the proof as raw bytes. */
        CreateSigningCertificateRequest grpcRequest() {
            return CreateSigningCertificateRequest.newBuilder()
                    .setCredentials(Credentials.newBuilder().setOidcIdentityToken(token))
                    .setPublicKeyRequest(PublicKeyRequest.newBuilder()
                            .setPublicKey(PublicKey.newBuilder().setContent(publicKeyPem))
                            .setProofOfPossession(ByteString.copyFrom(proof)))
                    .build();
        }
    }

    private final List<Fixture> fixtures;

    private IssuanceFixtures(List<Fixture> fixtures) {
        this.fixtures = fixtures;
    }

    /** Mints {@code count} requests on {@code threads} threads; tokens stay valid for {@code lifetime}. */
    static IssuanceFixtures mint(TestOidcIssuer issuer, int count, int esEvery, Duration lifetime, int threads)
            throws Exception {
        Instant expiry = Instant.now().plus(lifetime);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Fixture>>> parts = new ArrayList<>();
            int chunk = (count + threads - 1) / threads;
            for (int from = 0; from < count; from += chunk) {
                int start = from;
                int end = Math.min(count, from + chunk);
                parts.add(pool.submit(() -> {
                    List<Fixture> minted = new ArrayList<>(end - start);
                    for (int i = start; i < end; i++) {
                        minted.add(one(issuer, i, esEvery > 0 && i % esEvery == esEvery - 1, expiry));
                    }
                    return minted;
                }));
            }
            List<Fixture> all = new ArrayList<>(count);
            for (Future<List<Fixture>> part : parts) {
                all.addAll(part.get());
            }
            return new IssuanceFixtures(List.copyOf(all));
        } finally {
            pool.shutdownNow();
        }
    }

    private static Fixture one(TestOidcIssuer issuer, int index, boolean es256, Instant expiry) {
        String email = "bench-" + index + "@example.com";
        String token = issuer.token().algorithm(es256 ? "ES256" : "RS256").email(email).emailVerified(true)
                .subject("bench-subject-" + index).expiresAt(expiry).sign();
        ClientKey key = ClientKey.ec("secp256r1");
        String pem = key.publicKeyPem();
        String proof = key.proof(email);
        String body = "{\"credentials\":{\"oidcIdentityToken\":\"" + token + "\"},"
                + "\"publicKeyRequest\":{\"publicKey\":{\"algorithm\":\"ECDSA\",\"content\":"
                + jsonString(pem) + "},\"proofOfPossession\":\"" + proof + "\"}}";
        return new Fixture(email, token, es256, key.keyPair().getPublic().getEncoded(), pem,
                Base64.getDecoder().decode(proof), body.getBytes(StandardCharsets.UTF_8));
    }

    /** PEM text as a JSON string: only newlines need escaping in it. */
    private static String jsonString(String pem) {
        return "\"" + pem.replace("\r", "").replace("\n", "\\n") + "\"";
    }

    int size() {
        return fixtures.size();
    }

    /** The fixture for a running request number; numbers past the end wrap around (reported as reuse). */
    Fixture get(long sequence) {
        return fixtures.get((int) Math.floorMod(sequence, (long) fixtures.size()));
    }

    long es256Count() {
        return fixtures.stream().filter(Fixture::es256).count();
    }
}
