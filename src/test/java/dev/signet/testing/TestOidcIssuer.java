package dev.signet.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * A real OIDC issuer on 127.0.0.1 for tests: discovery, JWKS (an RSA-2048 key "rsa-1" and an EC
 * P-256 key "ec-1"), a token minter, request counters, and fault toggles (redirects, outage,
 * dribbled bodies, key rotation, weak keys, oversized documents). {@link #startTls()} serves HTTPS
 * with a fresh self-signed certificate for {@code localhost} and {@code 127.0.0.1}.
 */
public final class TestOidcIssuer implements AutoCloseable {

    public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
    /** A second copy of the discovery document, never redirected: a same-host redirect target. */
    public static final String DISCOVERY_COPY_PATH = "/discovery-copy";
    public static final String JWKS_PATH = "/jwks";
    public static final String DEFAULT_AUDIENCE = "sigstore";
    public static final String DEFAULT_SUBJECT = "test-subject";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DRIBBLE_CHUNK_BYTES = 16;

    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, AtomicInteger> requestsByPath = new ConcurrentHashMap<>();
    private final Map<String, List<String>> authorizationsByPath = new ConcurrentHashMap<>();
    private HttpServer server;
    private int port;
    private boolean tls;
    private String certificatePem;
    private volatile String host = "127.0.0.1";
    private volatile String jwksUri;

    private volatile RsaJsonWebKey rsaKey;
    private volatile EllipticCurveJsonWebKey ecKey;
    private final List<PublicJsonWebKey> extraKeys = new ArrayList<>();
    private int keyGeneration = 1;

    private volatile String redirectDiscoveryTo;
    private volatile String redirectJwksTo;
    private volatile boolean down;
    private volatile Duration dribble;
    private final AtomicInteger dribbledChunks = new AtomicInteger();
    private final AtomicInteger dribblesCompleted = new AtomicInteger();
    private volatile String discoveryIssuer;
    private volatile int jwksPaddingBytes;

    public TestOidcIssuer() {
        rsaKey = newRsaKey(2048, "rsa-1");
        ecKey = newEcKey("ec-1");
    }

    /** Starts listening on a random port of 127.0.0.1; returns this. */
    public TestOidcIssuer start() {
        try {
            server = vertx.createHttpServer().requestHandler(this::handle)
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("test OIDC issuer did not start", e);
        }
        port = server.actualPort();
        return this;
    }

    /**
     * Starts listening with HTTPS on a random port of 127.0.0.1, with a new self-signed certificate
     * (see {@link #caCertPem()}) naming {@code localhost} and {@code 127.0.0.1}; returns this.
     */
    public TestOidcIssuer startTls() {
        SelfSignedTls certificate = SelfSignedTls.create();
        certificatePem = certificate.certificatePem();
        tls = true;
        HttpServerOptions options = new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertValue(Buffer.buffer(certificate.certificatePem()))
                        .setKeyValue(Buffer.buffer(certificate.privateKeyPem())));
        try {
            server = vertx.createHttpServer(options).requestHandler(this::handle)
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("test OIDC issuer did not start", e);
        }
        port = server.actualPort();
        return this;
    }

    /** The PEM of the self-signed certificate served by {@link #startTls()}. */
    public String caCertPem() {
        if (certificatePem == null) {
            throw new IllegalStateException("startTls() the issuer first");
        }
        return certificatePem;
    }

    /** Names the issuer by this host in {@link #url()} (e.g. {@code localhost}); it still listens on 127.0.0.1. */
    public TestOidcIssuer urlHost(String host) {
        this.host = host;
        return this;
    }

    /** Makes discovery announce this {@code jwks_uri} instead of {@code url()/jwks}; null restores it. */
    public TestOidcIssuer jwksUri(String uri) {
        this.jwksUri = uri;
        return this;
    }

    /**
     * The {@code Authorization} header of every request on {@code path} since the start or the last
     * {@link #resetCounts()}, in order; {@code ""} for a request without one.
     */
    public List<String> authorizations(String path) {
        return List.copyOf(authorizationsByPath.getOrDefault(path, List.of()));
    }

    /** The issuer URL, e.g. {@code http://127.0.0.1:41234}, with no trailing slash. */
    public String url() {
        if (server == null) {
            throw new IllegalStateException("start() the issuer first");
        }
        return (tls ? "https://" : "http://") + host + ":" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("test OIDC issuer did not stop", e);
        }
    }

    // ---- counters -------------------------------------------------------------------------

    /** Requests received on any path since the start or the last {@link #resetCounts()}. */
    public int requestCount() {
        return requests.get();
    }

    /** Requests received on one path, e.g. {@link #JWKS_PATH}. */
    public int requestCount(String path) {
        AtomicInteger count = requestsByPath.get(path);
        return count == null ? 0 : count.get();
    }

    public int discoveryRequests() {
        return requestCount(DISCOVERY_PATH);
    }

    public int jwksRequests() {
        return requestCount(JWKS_PATH);
    }

    public void resetCounts() {
        requests.set(0);
        requestsByPath.clear();
        authorizationsByPath.clear();
    }

    // ---- fault toggles --------------------------------------------------------------------

    /** Answers discovery with 302 to this absolute URL; null restores normal answers. */
    public TestOidcIssuer redirectDiscoveryTo(String url) {
        this.redirectDiscoveryTo = url;
        return this;
    }

    /** Answers the JWKS with 302 to this absolute URL; null restores normal answers. */
    public TestOidcIssuer redirectJwksTo(String url) {
        this.redirectJwksTo = url;
        return this;
    }

    /** While down, every request is answered 503. */
    public TestOidcIssuer setDown(boolean down) {
        this.down = down;
        return this;
    }

    /** Writes every body in 16-byte chunks, one per interval; null writes bodies at once. */
    public TestOidcIssuer dribble(Duration perChunk) {
        this.dribble = perChunk;
        return this;
    }

    /** Chunks of dribbled bodies written so far: how long clients kept reading, counted in intervals. */
    public int dribbledChunks() {
        return dribbledChunks.get();
    }

    /** Dribbled bodies written to their end (a client that gave up first leaves this unchanged). */
    public int dribblesCompleted() {
        return dribblesCompleted.get();
    }

    /** Makes discovery announce this {@code issuer} instead of {@link #url()}; null restores it. */
    public TestOidcIssuer discoveryIssuer(String issuer) {
        this.discoveryIssuer = issuer;
        return this;
    }

    /** Adds a member of this many bytes to the JWKS document, to exceed size caps; 0 removes it. */
    public TestOidcIssuer padJwks(int bytes) {
        this.jwksPaddingBytes = bytes;
        return this;
    }

    /** Replaces the RSA and EC keys with new ones, with new kids (see {@link #rsaKid()}, {@link #ecKid()}). */
    public synchronized TestOidcIssuer rotateKeys() {
        keyGeneration++;
        rsaKey = newRsaKey(2048, "rsa-" + keyGeneration);
        ecKey = newEcKey("ec-" + keyGeneration);
        return this;
    }

    /** Publishes an extra RSA key of any size (1024 for weak-key tests) and returns it for signing. */
    public synchronized RsaJsonWebKey addRsaKey(int bits, String kid) {
        RsaJsonWebKey key = newRsaKey(bits, kid);
        extraKeys.add(key);
        return key;
    }

    /** Publishes any extra key (e.g. an Ed25519 {@code OctetKeyPairJsonWebKey}); returns it for signing. */
    public synchronized <K extends PublicJsonWebKey> K addKey(K key) {
        extraKeys.add(key);
        return key;
    }

    /** Removes every key added with {@link #addRsaKey(int, String)} or {@link #addKey}. */
    public synchronized TestOidcIssuer clearExtraKeys() {
        extraKeys.clear();
        return this;
    }

    public RsaJsonWebKey rsaKey() {
        return rsaKey;
    }

    public EllipticCurveJsonWebKey ecKey() {
        return ecKey;
    }

    public String rsaKid() {
        return rsaKey.getKeyId();
    }

    public String ecKid() {
        return ecKey.getKeyId();
    }

    /** The current RSA public key, e.g. to key an HS256 forgery with it. */
    public RSAPublicKey publicRsaKey() {
        return rsaKey.getRsaPublicKey();
    }

    // ---- documents ------------------------------------------------------------------------

    /** The Fulcio-format identity config trusting this issuer. */
    public String identityConfigJson(String clientId, String type) {
        return identityConfigJson(url(), clientId, type);
    }

    /** The Fulcio-format identity config {@code {"OIDCIssuers":{url:{IssuerURL,ClientID,Type}}}}. */
    public static String identityConfigJson(String issuerUrl, String clientId, String type) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode issuer = root.putObject("OIDCIssuers").putObject(issuerUrl);
        issuer.put("IssuerURL", issuerUrl);
        issuer.put("ClientID", clientId);
        issuer.put("Type", type);
        return root.toString();
    }

    public String discoveryJson() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("issuer", discoveryIssuer != null ? discoveryIssuer : url());
        doc.put("jwks_uri", jwksUri != null ? jwksUri : url() + JWKS_PATH);
        doc.put("authorization_endpoint", url() + "/auth");
        doc.put("token_endpoint", url() + "/token");
        doc.putArray("response_types_supported").add("id_token");
        doc.putArray("subject_types_supported").add("public");
        // Keycloak lists HS256 too: a verifier must never take its algorithms from here.
        doc.putArray("id_token_signing_alg_values_supported").add("RS256").add("ES256").add("HS256");
        return doc.toString();
    }

    public synchronized String jwksJson() {
        List<JsonWebKey> keys = new ArrayList<>();
        keys.add(rsaKey);
        keys.add(ecKey);
        keys.addAll(extraKeys);
        String json = new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        if (jwksPaddingBytes > 0) {
            char[] padding = new char[jwksPaddingBytes];
            Arrays.fill(padding, 'x');
            json = json.substring(0, json.lastIndexOf('}')) + ",\"padding\":\"" + new String(padding) + "\"}";
        }
        return json;
    }

    private void handle(HttpServerRequest request) {
        requests.incrementAndGet();
        requestsByPath.computeIfAbsent(request.path(), p -> new AtomicInteger()).incrementAndGet();
        String authorization = request.getHeader("Authorization");
        authorizationsByPath.computeIfAbsent(request.path(), p -> new CopyOnWriteArrayList<>())
                .add(authorization == null ? "" : authorization);
        HttpServerResponse response = request.response();
        if (down) {
            response.setStatusCode(503).end("down");
            return;
        }
        switch (request.path()) {
            case DISCOVERY_PATH -> {
                String target = redirectDiscoveryTo;
                if (target != null) {
                    response.setStatusCode(302).putHeader("Location", target).end();
                } else {
                    send(response, discoveryJson());
                }
            }
            case DISCOVERY_COPY_PATH -> send(response, discoveryJson());
            case JWKS_PATH -> {
                String target = redirectJwksTo;
                if (target != null) {
                    response.setStatusCode(302).putHeader("Location", target).end();
                } else {
                    send(response, jwksJson());
                }
            }
            default -> response.setStatusCode(404).end();
        }
    }

    private void send(HttpServerResponse response, String json) {
        response.putHeader("Content-Type", "application/json");
        Duration perChunk = dribble;
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        if (perChunk == null) {
            response.end(Buffer.buffer(body));
            return;
        }
        response.setChunked(true);
        writeSlowly(response, body, 0, Math.max(1, perChunk.toMillis()));
    }

    private void writeSlowly(HttpServerResponse response, byte[] body, int offset, long delayMillis) {
        if (response.closed()) {
            return;
        }
        if (offset >= body.length) {
            response.end();
            dribblesCompleted.incrementAndGet();
            return;
        }
        int end = Math.min(body.length, offset + DRIBBLE_CHUNK_BYTES);
        dribbledChunks.incrementAndGet();
        response.write(Buffer.buffer(Arrays.copyOfRange(body, offset, end)));
        vertx.setTimer(delayMillis, id -> writeSlowly(response, body, end, delayMillis));
    }

    // ---- tokens ---------------------------------------------------------------------------

    /** A token builder with the defaults: iss=url(), aud=sigstore, sub=test-subject, exp=now+5min, RS256. */
    public TokenBuilder token() {
        return new TokenBuilder();
    }

    /**
     * Signs exactly the given header and payload JSON with RS256 and the current RSA key, for inputs
     * a JSON library would refuse to produce (duplicate keys, extreme nesting).
     */
    public String signRawRs256(String headerJson, String payloadJson) {
        return signRawRs256(headerJson, payloadJson, rsaKey.getPrivateKey());
    }

    public static String signRawRs256(String headerJson, String payloadJson, PrivateKey key) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fluent minter of compact JWS tokens. */
    public final class TokenBuilder {
        private String issuer;
        private String subject = DEFAULT_SUBJECT;
        private List<String> audience = List.of(DEFAULT_AUDIENCE);
        private Instant issuedAt = Instant.now();
        private Instant expiresAt = Instant.now().plus(Duration.ofMinutes(5));
        private Instant notBefore;
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private final Map<String, Object> headers = new LinkedHashMap<>();
        private String algorithm = "RS256";
        private String kid;
        private boolean omitKid;
        private Key signingKey;

        private TokenBuilder() {
        }

        public TokenBuilder email(String email) {
            return claim("email", email);
        }

        public TokenBuilder emailVerified(Object verified) {
            return claim("email_verified", verified);
        }

        /** The subject; null omits {@code sub}. */
        public TokenBuilder subject(String subject) {
            this.subject = subject;
            return this;
        }

        /** One or more audiences (more than one gives an array); none omits {@code aud}. */
        public TokenBuilder audience(String... audience) {
            this.audience = List.of(audience);
            return this;
        }

        public TokenBuilder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Any claim; a null value removes it. */
        public TokenBuilder claim(String name, Object value) {
            if (value == null) {
                claims.remove(name);
            } else {
                claims.put(name, value);
            }
            return this;
        }

        /** Expiry; null omits {@code exp}. */
        public TokenBuilder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /** Not-before; null (the default) omits {@code nbf}. */
        public TokenBuilder notBefore(Instant notBefore) {
            this.notBefore = notBefore;
            return this;
        }

        /** Issued-at; null omits {@code iat}. */
        public TokenBuilder issuedAt(Instant issuedAt) {
            this.issuedAt = issuedAt;
            return this;
        }

        /** The JWS alg: RS256 (default), PS256, ES256, ... picks the issuer's key of that type; "none" signs nothing. */
        public TokenBuilder algorithm(String algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /** The kid header; by default the kid of the signing JWK. */
        public TokenBuilder kid(String kid) {
            this.kid = kid;
            this.omitKid = false;
            return this;
        }

        public TokenBuilder noKid() {
            this.omitKid = true;
            return this;
        }

        /** An extra protected header, e.g. {@code crit} or {@code jku}. */
        public TokenBuilder header(String name, Object value) {
            headers.put(name, value);
            return this;
        }

        public TokenBuilder signWith(PrivateKey key) {
            this.signingKey = key;
            return this;
        }

        /** Signs with this JWK's private key and, unless set otherwise, names its kid. */
        public TokenBuilder signWith(JsonWebKey jwk) {
            if (jwk instanceof PublicJsonWebKey) {
                this.signingKey = ((PublicJsonWebKey) jwk).getPrivateKey();
            } else {
                this.signingKey = jwk.getKey();
            }
            if (kid == null && !omitKid) {
                this.kid = jwk.getKeyId();
            }
            return this;
        }

        /** Uses these bytes as an HMAC secret, e.g. the issuer's public key for HS256 forgeries. */
        public TokenBuilder signWithSecret(byte[] secret) {
            this.signingKey = new HmacKey(secret);
            return this;
        }

        public String claimsJson() {
            JwtClaims jwt = new JwtClaims();
            jwt.setIssuer(issuer != null ? issuer : url());
            if (subject != null) {
                jwt.setSubject(subject);
            }
            if (audience.size() == 1) {
                jwt.setAudience(audience.get(0));
            } else if (!audience.isEmpty()) {
                jwt.setAudience(audience);
            }
            if (issuedAt != null) {
                jwt.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
            }
            if (expiresAt != null) {
                jwt.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
            }
            if (notBefore != null) {
                jwt.setNotBefore(NumericDate.fromSeconds(notBefore.getEpochSecond()));
            }
            claims.forEach(jwt::setClaim);
            return jwt.toJson();
        }

        /** The compact JWS. */
        public String sign() {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claimsJson());
            jws.setAlgorithmHeaderValue(algorithm);
            jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
            headers.forEach((name, value) -> jws.getHeaders().setObjectHeaderValue(name, value));
            Key key = signingKey;
            String defaultKid = null;
            if (key == null && !algorithm.equals("none")) {
                PublicJsonWebKey jwk = algorithm.startsWith("ES") ? ecKey : rsaKey;
                key = jwk.getPrivateKey();
                defaultKid = jwk.getKeyId();
            }
            String effectiveKid = kid != null ? kid : defaultKid;
            if (effectiveKid != null && !omitKid) {
                jws.setKeyIdHeaderValue(effectiveKid);
            }
            if (key != null) {
                jws.setKey(key);
            }
            // Tests mint deliberately weak or mismatched tokens: jose4j must not stop them.
            jws.setDoKeyValidation(false);
            try {
                return jws.getCompactSerialization();
            } catch (JoseException e) {
                throw new IllegalStateException("could not sign test token", e);
            }
        }
    }

    private static RsaJsonWebKey newRsaKey(int bits, String kid) {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(bits);
            key.setKeyId(kid);
            key.setUse("sig");
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EllipticCurveJsonWebKey newEcKey(String kid) {
        try {
            EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            key.setKeyId(kid);
            key.setUse("sig");
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
