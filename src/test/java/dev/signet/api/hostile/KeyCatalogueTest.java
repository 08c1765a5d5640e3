package dev.signet.api.hostile;

import static dev.signet.api.hostile.Catalogue.CSR_ERROR;
import static dev.signet.api.hostile.Catalogue.EMAIL;
import static dev.signet.api.hostile.Catalogue.INSECURE_KEY;
import static dev.signet.api.hostile.Catalogue.KEY;
import static dev.signet.api.hostile.Catalogue.SIGNATURE_ERROR;
import static dev.signet.api.hostile.Catalogue.json;
import static dev.signet.api.hostile.Catalogue.post;
import static dev.signet.api.hostile.Catalogue.refused;
import static dev.signet.api.hostile.Catalogue.treeSize;
import static dev.signet.testing.Der.concat;
import static dev.signet.testing.Der.nestedSequences;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.testing.ClientKey;
import dev.signet.testing.LeafAssertions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

/**
 * Catalogue §2 D (CSR, public key and proof of possession), over the v2 REST API: every malformed,
 * weak or unproven key gets 400 with Fulcio's message for it, no certificate and no log entry; a CSR
 * asking for more than the leaf profile gets exactly the leaf profile.
 */
@QuarkusTest
@WithTestResource(HostileIssuersTestResource.class)
class KeyCatalogueTest extends AgainstHostileIssuers {
    static final BouncyCastleProvider BC = new BouncyCastleProvider();

    Supplier<ValidatableResponse> csrRequest(byte[] csrBytes) {
        return () -> post("{\"credentials\":{\"oidcIdentityToken\":\"" + good().sign()
                + "\"},\"certificateSigningRequest\":\"" + Base64.getEncoder().encodeToString(csrBytes) + "\"}");
    }

    Supplier<ValidatableResponse> keyRequest(byte[] spki, byte[] proof) {
        return () -> post("{\"credentials\":{\"oidcIdentityToken\":\"" + good().sign() + "\"},\"publicKeyRequest\":"
                + "{\"publicKey\":{\"content\":" + json(pem("PUBLIC KEY", spki)) + "},\"proofOfPossession\":\""
                + Base64.getEncoder().encodeToString(proof) + "\"}}");
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
                + "-----\n";
    }

    static byte[] sign(String algorithm, PrivateKey key, String message) throws Exception {
        Signature signature = Signature.getInstance(algorithm, BC);
        signature.initSign(key);
        signature.update(message.getBytes(StandardCharsets.UTF_8));
        return signature.sign();
    }

    static PKCS10CertificationRequest csr(X500Name subject, PublicKey enclosed, PrivateKey signer,
            ExtensionsGenerator extensions) throws Exception {
        JcaPKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(subject, enclosed);
        if (extensions != null) {
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
        }
        return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(signer));
    }

    static byte[] pemBytes(PKCS10CertificationRequest request) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(request);
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** One RDN of {@code count} commas, the shape that makes {@code X500Name.toString()} quadratic. */
    static X500Name commas(int count) {
        return new X500Name(new RDN[] {new RDN(BCStyle.CN, new DERUTF8String(",".repeat(count)))});
    }

    static X500Name emptyName() {
        return new X500Name(new RDN[0]);
    }

    @Test
    void d1_malformedCsrsAreRefused() throws Exception {
        byte[] random = new byte[512];
        new SecureRandom().nextBytes(random);
        byte[] valid = csr(emptyName(), KEY.keyPair().getPublic(), KEY.keyPair().getPrivate(), null).getEncoded();
        byte[] truncated = Arrays.copyOf(valid, valid.length / 2);
        // The same request with its outer SEQUENCE in BER indefinite-length form.
        ByteArrayOutputStream indefinite = new ByteArrayOutputStream();
        indefinite.write(new byte[] {0x30, (byte) 0x80});
        int headerLength = (valid[1] & 0x80) == 0 ? 2 : 2 + (valid[1] & 0x7f);
        indefinite.write(valid, headerLength, valid.length - headerLength);
        indefinite.write(new byte[] {0, 0});
        for (byte[] bad : List.of(new byte[] {0x30, 0x00}, random, truncated, indefinite.toByteArray(),
                pem("CERTIFICATE REQUEST", new byte[] {0x30, 0x00}).getBytes(StandardCharsets.US_ASCII),
                pem("CERTIFICATE REQUEST", truncated).getBytes(StandardCharsets.US_ASCII))) {
            refused(csrRequest(bad), 400, 3, CSR_ERROR);
        }
    }

    @Test
    void d2_oversizedAndNestedCsrsAreRefusedQuickly() throws Exception {
        byte[] nested = nestedSequences(10_000);
        byte[] bigSubject = pemBytes(csr(commas(60_000), KEY.keyPair().getPublic(), KEY.keyPair().getPrivate(), null));
        byte[] oversized = new byte[70 * 1024];
        Arrays.fill(oversized, (byte) 'A');
        for (byte[] bad : List.of(nested, pem("CERTIFICATE REQUEST", nested).getBytes(StandardCharsets.US_ASCII),
                bigSubject, oversized)) {
            long start = System.nanoTime();
            refused(csrRequest(bad), 400, 3, CSR_ERROR);
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "refused quickly");
        }
    }

    @Test
    void d3_csrExtensionsAndSubjectAreIgnoredForTheFixedLeafProfile() throws Exception {
        ExtensionsGenerator asked = new ExtensionsGenerator();
        asked.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        asked.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        asked.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.anyExtendedKeyUsage}));
        asked.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "evil.example"),
                new GeneralName(GeneralName.rfc822Name, "root@example.com")}));
        X500Name subject = new X500Name(new RDN[] {new RDN(BCStyle.CN, new DERUTF8String("Root CA")),
                new RDN(BCStyle.O, new DERUTF8String("Evil")), commas(20_000).getRDNs()[0]});
        byte[] request = pemBytes(csr(subject, KEY.keyPair().getPublic(), KEY.keyPair().getPrivate(), asked));
        long before = treeSize();
        String leafPem = csrRequest(request).get().statusCode(200).extract().jsonPath()
                .getString("signedCertificateEmbeddedSct.chain.certificates[0]");
        assertEquals(before + 1, treeSize());
        X509Certificate leaf = LeafAssertions.parsePem(leafPem).get(0);
        assertEquals(-1, leaf.getBasicConstraints(), "not a CA");
        boolean[] usage = leaf.getKeyUsage();
        assertTrue(usage[0]);
        for (int i = 1; i < usage.length; i++) {
            assertTrue(!usage[i], "only digitalSignature, not bit " + i);
        }
        assertEquals(List.of(KeyPurposeId.id_kp_codeSigning.getId()), leaf.getExtendedKeyUsage());
        assertEquals(1, leaf.getSubjectAlternativeNames().size());
        assertEquals(List.of(1, EMAIL), List.copyOf(leaf.getSubjectAlternativeNames().iterator().next()));
        assertEquals(0, leaf.getSubjectX500Principal().getEncoded().length - 2, "empty subject");
        assertNull(leaf.getExtensionValue(Extension.nameConstraints.getId()));
        assertArrayEquals(KEY.keyPair().getPublic().getEncoded(), leaf.getPublicKey().getEncoded());
    }

    @Test
    void d4_csrNotSelfSignedByItsKeyIsRefused() throws Exception {
        byte[] der = csr(emptyName(), KEY.keyPair().getPublic(), KEY.keyPair().getPrivate(), null).getEncoded();
        der[der.length - 1] ^= 0x01;
        refused(csrRequest(pem("CERTIFICATE REQUEST", der).getBytes(StandardCharsets.US_ASCII)), 400, 3,
                SIGNATURE_ERROR);
        KeyPair other = ClientKey.ec("secp256r1").keyPair();
        refused(csrRequest(pemBytes(csr(emptyName(), KEY.keyPair().getPublic(), other.getPrivate(), null))), 400, 3,
                SIGNATURE_ERROR);
    }

    @Test
    void d5_weakRsaKeysAreInsecure() throws Exception {
        for (ClientKey weak : List.of(ClientKey.rsa(1024), ClientKey.rsa(2047))) {
            refused(Catalogue.v2(good().sign(), weak, EMAIL), 400, 3, INSECURE_KEY);
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F0));
        KeyPair smallExponent = generator.generateKeyPair();
        refused(keyRequest(smallExponent.getPublic().getEncoded(),
                sign("SHA256withRSA", smallExponent.getPrivate(), EMAIL)), 400, 3, INSECURE_KEY);
        SecureRandom random = new SecureRandom();
        BigInteger large = BigInteger.probablePrime(2046, random);
        BigInteger withSmallFactor = large.multiply(BigInteger.valueOf(3));
        BigInteger p = BigInteger.probablePrime(1024, random);
        BigInteger fermatClose = p.multiply(p.nextProbablePrime());
        BigInteger evenExponent = BigInteger.valueOf(65536);
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        for (RSAPublicKeySpec spec : List.of(new RSAPublicKeySpec(withSmallFactor, RSAKeyGenParameterSpec.F4),
                new RSAPublicKeySpec(fermatClose, RSAKeyGenParameterSpec.F4),
                new RSAPublicKeySpec(fermatClose, evenExponent), new RSAPublicKeySpec(fermatClose, BigInteger.ONE))) {
            refused(keyRequest(rsa.generatePublic(spec).getEncoded(), new byte[256]), 400, 3, INSECURE_KEY);
        }
    }

    @Test
    void d6_ecKeysOffTheAllowedCurvesOrOffCurveAreRefused() throws Exception {
        for (String curve : List.of("secp224r1", "secp256k1", "brainpoolP256r1")) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
            generator.initialize(new java.security.spec.ECGenParameterSpec(curve));
            KeyPair pair = generator.generateKeyPair();
            refused(keyRequest(pair.getPublic().getEncoded(), sign("SHA256withECDSA", pair.getPrivate(), EMAIL)), 400,
                    3, INSECURE_KEY);
        }
        byte[] spki = KEY.keyPair().getPublic().getEncoded();
        byte[] offCurve = spki.clone();
        offCurve[offCurve.length - 1] ^= 0x01;
        byte[] origin = spki.clone();
        Arrays.fill(origin, origin.length - 64, origin.length, (byte) 0);
        byte[] xIsP = spki.clone();
        byte[] p = new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16).toByteArray();
        System.arraycopy(p, p.length - 32, xIsP, xIsP.length - 64, 32);
        byte[] proof = Base64.getDecoder().decode(KEY.proof(EMAIL));
        for (byte[] bad : List.of(offCurve, origin, xIsP)) {
            refused(keyRequest(bad, proof), 400, 3, INSECURE_KEY);
        }
    }

    @Test
    void d7_proofsOverAnythingButTheIdentityAreRefused() throws Exception {
        for (String other : List.of("bob@example.com", "Alice@example.com", email.url(),
                "", EMAIL + "\n")) {
            refused(Catalogue.v2(good().sign(), KEY, other), 400, 3, SIGNATURE_ERROR);
        }
        ClientKey p384 = ClientKey.ec("secp384r1");
        byte[] wrongHash = sign("SHA256withECDSA", p384.keyPair().getPrivate(), EMAIL);
        refused(keyRequest(p384.keyPair().getPublic().getEncoded(), wrongHash), 400, 3, SIGNATURE_ERROR);
        byte[] spki = KEY.keyPair().getPublic().getEncoded();
        refused(keyRequest(spki, new byte[] {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00}), 400, 3, SIGNATURE_ERROR);
        byte[] valid = Base64.getDecoder().decode(KEY.proof(EMAIL));
        refused(keyRequest(spki, Arrays.copyOf(valid, valid.length + 1)), 400, 3, SIGNATURE_ERROR);
    }

    @Test
    void d8_malformedEd25519KeysAreRefused() throws Exception {
        byte[] prefix = java.util.HexFormat.of().parseHex("302a300506032b6570032100");
        byte[] identity = new byte[32];
        identity[0] = 1;
        byte[] lowOrder = concat(prefix, identity);
        byte[] shortKey = concat(java.util.HexFormat.of().parseHex("3029300506032b6570032000"), new byte[31]);
        ClientKey ed = ClientKey.ed25519();
        byte[] proof = Base64.getDecoder().decode(ed.proof(EMAIL));
        refused(keyRequest(lowOrder, proof), 400, 3, INSECURE_KEY);
        refused(keyRequest(shortKey, proof), 400, 3, INSECURE_KEY);
    }
}
