package dev.signet.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.signet.ctlog.ConfiguredLog;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.testing.ClientKey;
import dev.signet.testing.EmbeddedSctAssertions;
import dev.signet.testing.Fixture;
import dev.signet.testing.GrpcTestChannel;
import dev.signet.testing.LeafAssertions;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.TestOidcIssuer;
import dev.sigstore.fulcio.v2.CAGrpc;
import dev.sigstore.fulcio.v2.CreateSigningCertificateRequest;
import dev.sigstore.fulcio.v2.Credentials;
import dev.sigstore.fulcio.v2.GetConfigurationRequest;
import dev.sigstore.fulcio.v2.PublicKey;
import dev.sigstore.fulcio.v2.PublicKeyRequest;
import dev.sigstore.fulcio.v2.SigningCertificate;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jcajce.spec.ContextParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ML-DSA client keys (FIPS 204; X.509 identifiers of RFC 9881), beyond what Fulcio accepts: keys made and CSRs
 * signed by Bouncy Castle, issued over REST and gRPC into the usual leaf under the classical CA, the leaf's key
 * verifying what the private key signs; malformed keys and signatures refused with 400.
 */
@QuarkusTest
@TestProfile(MlDsaSigningCertTest.MlDsaAllowed.class)
@WithTestResource(OidcIssuersTestResource.class)
class MlDsaSigningCertTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    static final String EMAIL = SigningCertResourceTest.EMAIL;
    static final String KEY_PARSE_ERROR = SigningCertErrorsTest.KEY_PARSE_ERROR;
    static final String SIGNATURE_ERROR = SigningCertErrorsTest.SIGNATURE_ERROR;
    static final String CSR_ERROR = SigningCertErrorsTest.CSR_ERROR;
    static final List<String> ML_DSA_NAMES = List.of("ml-dsa-44", "ml-dsa-65", "ml-dsa-87");

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final Map<Integer, ClientKey> KEYS = Map.of(
            44, ClientKey.mlDsa(44), 65, ClientKey.mlDsa(65), 87, ClientKey.mlDsa(87));

    /** Fulcio's defaults plus the three ML-DSA parameter sets. */
    public static class MlDsaAllowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("signet.client-signing-algorithms", "ecdsa-sha2-256-nistp256,ecdsa-sha2-384-nistp384,"
                    + "ecdsa-sha2-512-nistp521,rsa-sign-pkcs1-2048-sha256,rsa-sign-pkcs1-3072-sha256,"
                    + "rsa-sign-pkcs1-4096-sha256,ed25519,ml-dsa-44,ml-dsa-65,ml-dsa-87");
        }
    }

    @Inject
    ConfiguredLog logs;

    static Stream<Arguments> setsAndProofs() {
        List<Arguments> cases = new ArrayList<>();
        for (int set : new int[] {44, 65, 87}) {
            for (String proof : List.of("signed-challenge", "csr")) {
                cases.add(Arguments.of(set, proof));
            }
        }
        return cases.stream();
    }

    String token() {
        return SigningCertResourceTest.token(issuer);
    }

    @ParameterizedTest(name = "ML-DSA-{0} {1}")
    @MethodSource("setsAndProofs")
    void issuesTheUsualLeafForTheKeyWhichThenVerifiesItsSignatures(int set, String proof) throws Exception {
        ClientKey key = KEYS.get(set);
        String body = proof.equals("csr")
                ? "{\"credentials\":{\"oidcIdentityToken\":\"" + token() + "\"},\"certificateSigningRequest\":\""
                        + key.csr() + "\"}"
                : signedChallengeBody(token(), key.publicKeyPem(), key.proof(EMAIL));
        List<String> pems = given().contentType("application/json").body(body).post("/api/v2/signingCert")
                .then().statusCode(200).extract().jsonPath().getList("signedCertificateEmbeddedSct.chain.certificates");
        assertIssuedFor(key, pems);
    }

    @Test
    void issuesOverTheLegacyV1Api() throws Exception {
        ClientKey key = KEYS.get(87);
        String body = "{\"publicKey\":{\"content\":\"" + SigningCertResourceTest.base64(key.publicKeyPem())
                + "\"},\"signedEmailAddress\":\"" + key.proof(EMAIL) + "\"}";
        String pem = given().contentType("application/json").header("Authorization", "Bearer " + token()).body(body)
                .post("/api/v1/signingCert").then().statusCode(201).extract().asString();
        assertIssuedFor(key, List.of(pem));
    }

    @Test
    void issuesOverGrpcBySignedChallengeAndByCsr() throws Exception {
        ClientKey key = KEYS.get(65);
        try (GrpcTestChannel channel = GrpcTestChannel.open()) {
            CAGrpc.CABlockingStub ca = CAGrpc.newBlockingStub(channel.channel());
            Credentials credentials = Credentials.newBuilder().setOidcIdentityToken(token()).build();
            SigningCertificate bySignature = ca.createSigningCertificate(CreateSigningCertificateRequest.newBuilder()
                    .setCredentials(credentials)
                    .setPublicKeyRequest(PublicKeyRequest.newBuilder()
                            .setPublicKey(PublicKey.newBuilder().setContent(key.publicKeyPem()))
                            .setProofOfPossession(ByteString.copyFrom(Base64.getDecoder().decode(key.proof(EMAIL)))))
                    .build());
            assertIssuedFor(key, bySignature.getSignedCertificateEmbeddedSct().getChain().getCertificatesList());
            SigningCertificate byCsr = ca.createSigningCertificate(CreateSigningCertificateRequest.newBuilder()
                    .setCredentials(Credentials.newBuilder().setOidcIdentityToken(token()))
                    .setCertificateSigningRequest(ByteString.copyFrom(Base64.getDecoder().decode(key.csr())))
                    .build());
            assertIssuedFor(key, byCsr.getSignedCertificateEmbeddedSct().getChain().getCertificatesList());
        }
    }

    @Test
    void theConfigurationSaysWhichAlgorithmsAreAccepted() throws Exception {
        List<String> rest = given().get("/api/v2/configuration").then().statusCode(200)
                .extract().jsonPath().getList("clientSigningAlgorithms");
        assertTrue(rest.containsAll(ML_DSA_NAMES), rest.toString());
        assertEquals(10, rest.size(), rest.toString());
        try (GrpcTestChannel channel = GrpcTestChannel.open()) {
            assertEquals(rest, CAGrpc.newBlockingStub(channel.channel())
                    .getConfiguration(GetConfigurationRequest.getDefaultInstance()).getClientSigningAlgorithmsList());
        }
    }

    /** A refused request: what it is, its body, and the fixed message it must get. */
    record Refusal(String name, Function<String, String> body, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Refusal> malformed() throws Exception {
        ClientKey key44 = KEYS.get(44);
        ClientKey key65 = KEYS.get(65);
        byte[] raw44 = rawKey(key44);
        byte[] raw65 = rawKey(key65);
        ASN1ObjectIdentifier oid44 = NISTObjectIdentifiers.id_ml_dsa_44;
        ASN1ObjectIdentifier oid65 = NISTObjectIdentifiers.id_ml_dsa_65;
        byte[] proof44 = Base64.getDecoder().decode(key44.proof(EMAIL));
        List<Refusal> cases = new ArrayList<>();
        cases.add(
                challenge("key with NULL parameters", spki(oid44, DERNull.INSTANCE, raw44), proof44, KEY_PARSE_ERROR));
        cases.add(challenge("key one byte short", spki(oid44, null, Arrays.copyOf(raw44, raw44.length - 1)), proof44,
                KEY_PARSE_ERROR));
        cases.add(challenge("key one byte long", spki(oid44, null, Arrays.copyOf(raw44, raw44.length + 1)), proof44,
                KEY_PARSE_ERROR));
        cases.add(challenge("ML-DSA-65 key under the ML-DSA-44 OID", spki(oid44, null, raw65),
                Base64.getDecoder().decode(key65.proof(EMAIL)), KEY_PARSE_ERROR));
        cases.add(challenge("ML-DSA-44 key under the ML-DSA-65 OID", spki(oid65, null, raw44), proof44,
                KEY_PARSE_ERROR));
        cases.add(challenge("key wrapped in an OCTET STRING (early drafts)",
                spki(oid44, null, new DEROctetString(raw44).getEncoded(ASN1Encoding.DER)), proof44, KEY_PARSE_ERROR));
        cases.add(challenge("HashML-DSA OID for the key", spki(NISTObjectIdentifiers.id_hash_ml_dsa_44_with_sha512,
                null, raw44), proof44, SigningCertErrorsTest.INSECURE_KEY));
        byte[] spki44 = key44.keyPair().getPublic().getEncoded();
        cases.add(challenge("signature one byte short", spki44, Arrays.copyOf(proof44, proof44.length - 1),
                SIGNATURE_ERROR));
        cases.add(challenge("signature one byte long", spki44, Arrays.copyOf(proof44, proof44.length + 1),
                SIGNATURE_ERROR));
        cases.add(challenge("signature of the ML-DSA-65 key", spki44, Base64.getDecoder().decode(key65.proof(EMAIL)),
                SIGNATURE_ERROR));
        byte[] flipped = proof44.clone();
        flipped[100] ^= 0x01;
        cases.add(challenge("signature with a flipped bit", spki44, flipped, SIGNATURE_ERROR));
        cases.add(challenge("signature with a non-empty context", spki44,
                sign("ML-DSA-44", key44.keyPair().getPrivate(), new ContextParameterSpec(new byte[] {1}), utf8(EMAIL)),
                SIGNATURE_ERROR));
        cases.add(challenge("pre-hash HashML-DSA signature", spki44,
                sign("HASH-ML-DSA", key44.keyPair().getPrivate(), null, utf8(EMAIL)), SIGNATURE_ERROR));
        cases.add(challenge("signature over another message", spki44,
                Base64.getDecoder().decode(key44.proof("bob@example.com")), SIGNATURE_ERROR));

        AlgorithmIdentifier pure44 = new AlgorithmIdentifier(oid44);
        cases.add(csr("CSR signed under the ML-DSA-65 OID by an ML-DSA-44 key", key44.keyPair(),
                key44.keyPair().getPublic().getEncoded(), new AlgorithmIdentifier(oid65), false, SIGNATURE_ERROR));
        cases.add(csr("CSR signature algorithm with NULL parameters", key44.keyPair(),
                key44.keyPair().getPublic().getEncoded(), new AlgorithmIdentifier(oid44, DERNull.INSTANCE), false,
                CSR_ERROR));
        cases.add(csr("CSR signed with HashML-DSA", key44.keyPair(), key44.keyPair().getPublic().getEncoded(),
                new AlgorithmIdentifier(NISTObjectIdentifiers.id_hash_ml_dsa_44_with_sha512), false, CSR_ERROR));
        cases.add(csr("CSR key with NULL parameters", key44.keyPair(), spki(oid44, DERNull.INSTANCE, raw44), pure44,
                false, CSR_ERROR));
        cases.add(csr("CSR key one byte short", key44.keyPair(), spki(oid44, null, Arrays.copyOf(raw44, 1311)),
                pure44, false, CSR_ERROR));
        cases.add(csr("CSR signature one byte short", key44.keyPair(), key44.keyPair().getPublic().getEncoded(),
                pure44, true, SIGNATURE_ERROR));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedKeysAndSignaturesAreRefusedWith400(Refusal refusal) {
        SigningCertErrorsTest.assertError(SigningCertErrorsTest.post(refusal.body().apply(token())), 400, 3,
                refusal.message());
    }

    private void assertIssuedFor(ClientKey key, List<String> pems) throws Exception {
        List<X509Certificate> chain = new ArrayList<>();
        for (String pem : pems) {
            chain.addAll(LeafAssertions.parsePem(pem));
        }
        assertEquals(SigningCertResourceTest.trustBundle(), chain.subList(1, chain.size()));
        X509Certificate leaf = chain.get(0);
        LeafAssertions.assertEmailLeaf(leaf, chain.get(1), key.keyPair().getPublic(), EMAIL,
                Map.of(LeafAssertions.ISSUER_V1, issuer.url(),
                        LeafAssertions.ISSUER_V2, issuer.url(),
                        LeafAssertions.TOKEN_SUBJECT, "alice-sub"),
                Duration.ofMinutes(10));
        assertFalse(chain.get(1).getPublicKey().getAlgorithm().startsWith("ML-DSA"), "the CA stays classical");
        EmbeddedSctAssertions.assertEmbeddedSct(leaf, chain.get(1), logs.log(EmbeddedLog.class).orElseThrow());

        // The key as the certificate holds it verifies what the client's private key signs.
        java.security.PublicKey certified = KeyFactory.getInstance("ML-DSA", BC)
                .generatePublic(new X509EncodedKeySpec(leaf.getPublicKey().getEncoded()));
        String algorithm = key.signatureAlgorithm();
        byte[] artifact = "an artifact to sign".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance(algorithm, BC);
        signer.initSign(key.keyPair().getPrivate());
        signer.update(artifact);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm, BC);
        verifier.initVerify(certified);
        verifier.update(artifact);
        assertTrue(verifier.verify(signature), "the certified key verifies the private key's signature");
        verifier.initVerify(certified);
        verifier.update("another artifact".getBytes(StandardCharsets.UTF_8));
        assertFalse(verifier.verify(signature));
    }

    private static byte[] rawKey(ClientKey key) {
        return SubjectPublicKeyInfo.getInstance(key.keyPair().getPublic().getEncoded()).getPublicKeyData().getOctets();
    }

    private static byte[] spki(ASN1ObjectIdentifier oid, ASN1Encodable parameters, byte[] key) throws IOException {
        return new SubjectPublicKeyInfo(new AlgorithmIdentifier(oid, parameters), key).getEncoded(ASN1Encoding.DER);
    }

    private static byte[] sign(String algorithm, PrivateKey key, ContextParameterSpec context, byte[] message) {
        try {
            Signature signer = Signature.getInstance(algorithm, BC);
            signer.initSign(key);
            if (context != null) {
                signer.setParameter(context);
            }
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Refusal challenge(String name, byte[] spki, byte[] signature, String message) {
        return new Refusal(name, token -> signedChallengeBody(token, pem("PUBLIC KEY", spki),
                Base64.getEncoder().encodeToString(signature)), message);
    }

    /** A CSR with the given key bytes and signature algorithm identifier, signed with pure ML-DSA-44. */
    private static Refusal csr(String name, KeyPair signer, byte[] spki, AlgorithmIdentifier algorithm,
            boolean truncateSignature, String message) throws IOException {
        CertificationRequestInfo info = new CertificationRequestInfo(new X500Name(new RDN[0]),
                SubjectPublicKeyInfo.getInstance(spki), null);
        byte[] signature = sign("ML-DSA-44", signer.getPrivate(), null, info.getEncoded(ASN1Encoding.DER));
        if (truncateSignature) {
            signature = Arrays.copyOf(signature, signature.length - 1);
        }
        byte[] der =
                new CertificationRequest(info, algorithm, new DERBitString(signature)).getEncoded(ASN1Encoding.DER);
        String csr = Base64.getEncoder().encodeToString(pem("CERTIFICATE REQUEST", der)
                .getBytes(StandardCharsets.US_ASCII));
        return new Refusal(name, token -> "{\"credentials\":{\"oidcIdentityToken\":\"" + token
                + "\"},\"certificateSigningRequest\":\"" + csr + "\"}", message);
    }

    private static String signedChallengeBody(String token, String publicKeyPem, String proofBase64) {
        return "{\"credentials\":{\"oidcIdentityToken\":\"" + token + "\"},\"publicKeyRequest\":{\"publicKey\":"
                + "{\"content\":" + SigningCertResourceTest.json(publicKeyPem) + "},\"proofOfPossession\":\""
                + proofBase64 + "\"}}";
    }

    private static String pem(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

}
