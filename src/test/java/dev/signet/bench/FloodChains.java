package dev.signet.bench;

import dev.signet.ca.TestPki;
import dev.signet.certificate.LeafProfile;
import dev.signet.codec.BouncyCastle;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The {@code add-pre-chain} bodies a flood sends, built before any timing, by kind: chains replayed
 * from the log's own {@code get-entries} (RFC 6962 §4.6), fresh precertificates under a test root the
 * log accepts (signed by its intermediate, whose key the bench holds), and forged or invalid chains.
 */
final class FloodChains {
    /** The kinds of chain, as named in the report. */
    static final String REPLAYED = "replayed";
    static final String FRESH = "fresh";
    /** Random bytes where the certificates should be. */
    static final String GARBAGE = "garbage";
    /** A fresh precertificate with one bit of its signature flipped: the log must check it to refuse it. */
    static final String BAD_SIGNATURE = "bad-signature";
    /** A precertificate signed by an end-entity certificate's key (CA:FALSE) chained to the test root. */
    static final String CA_FALSE_ISSUER = "ca-false-issuer";
    /** A fresh precertificate followed by a root that did not issue its intermediate. */
    static final String NOT_CHAINING = "not-chaining";

    private final TestPki.TwoLevel pki;
    private final ContentSigner intermediateSigner;
    private final KeyPair leafKeys = TestPki.keyPair("P-256");
    private final Map<String, List<byte[]>> bodies = new LinkedHashMap<>();

    private FloodChains(TestPki.TwoLevel pki) throws Exception {
        this.pki = pki;
        this.intermediateSigner = signer(pki.intermediateKeys().getPrivate());
    }

    /**
     * A new test PKI and its chains: {@code fresh} distinct valid precertificates and {@code forged}
     * bodies of each forged kind. {@code otherRoot} is an accepted root that did not issue the test
     * intermediate (Signet's own), for the chains that do not chain.
     */
    static FloodChains build(int fresh, int forged, X509Certificate otherRoot) throws Exception {
        FloodChains chains = new FloodChains(TestPki.twoLevel("P-256"));
        List<byte[]> valid = new ArrayList<>(fresh);
        for (int i = 0; i < fresh; i++) {
            valid.add(precertBody(chains.precert("fresh-" + i, chains.intermediateSigner), chains.pki.intermediate(),
                    chains.pki.root()));
        }
        chains.bodies.put(FRESH, valid);
        List<byte[]> garbage = new ArrayList<>(forged);
        List<byte[]> badSignature = new ArrayList<>(forged);
        List<byte[]> caFalse = new ArrayList<>(forged);
        List<byte[]> notChaining = new ArrayList<>(forged);
        X509Certificate endEntity = TestPki.cert("flood end entity", chains.leafKeys.getPublic())
                .issuedBy(chains.pki.intermediate(), chains.pki.intermediateKeys().getPrivate()).ca(false)
                .keyUsage(KeyUsage.digitalSignature).build();
        ContentSigner endEntitySigner = signer(chains.leafKeys.getPrivate());
        for (int i = 0; i < forged; i++) {
            byte[] junk = new byte[64 + TestPki.RANDOM.nextInt(1024)];
            TestPki.RANDOM.nextBytes(junk);
            garbage.add(body(junk, junk.clone()));
            byte[] tampered = chains.precert("bad-signature-" + i, chains.intermediateSigner);
            tampered[tampered.length - 3] ^= 0x01;
            badSignature.add(precertBody(tampered, chains.pki.intermediate(), chains.pki.root()));
            caFalse.add(precertBody(chains.precert("ca-false-" + i, endEntitySigner, endEntity), endEntity,
                    chains.pki.intermediate(), chains.pki.root()));
            notChaining.add(precertBody(chains.precert("not-chaining-" + i, chains.intermediateSigner),
                    chains.pki.intermediate(), otherRoot));
        }
        chains.bodies.put(GARBAGE, garbage);
        chains.bodies.put(BAD_SIGNATURE, badSignature);
        chains.bodies.put(CA_FALSE_ISSUER, caFalse);
        chains.bodies.put(NOT_CHAINING, notChaining);
        return chains;
    }

    /** The test root, as PEM, for {@code signet.ctlog.embedded.roots}. */
    byte[] rootPem() {
        return TestPki.certificatesPem(List.of(pki.root()));
    }

    /** Adds the replayable chains (precertificate first, then its issuers) read from the log. */
    void replay(List<List<byte[]>> chains) {
        bodies.put(REPLAYED, chains.stream().map(chain -> body(chain.toArray(byte[][]::new))).toList());
    }

    /** The bodies of each kind, in the order built. */
    Map<String, List<byte[]>> bodies() {
        return bodies;
    }

    private byte[] precert(String name, ContentSigner signer) throws Exception {
        return precert(name, signer, pki.intermediate());
    }

    private byte[] precert(String name, ContentSigner signer, X509Certificate issuer) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()), TestPki.serial(),
                Date.from(now.minus(1, ChronoUnit.MINUTES)), Date.from(now.plus(10, ChronoUnit.MINUTES)),
                new X500Name("CN=" + name), SubjectPublicKeyInfo.getInstance(leafKeys.getPublic().getEncoded()));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(LeafProfile.precertificatePoison());
        return builder.build(signer).getEncoded();
    }

    private static ContentSigner signer(PrivateKey key) throws Exception {
        return new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BouncyCastle.PROVIDER).build(key);
    }

    private static byte[] precertBody(byte[] precert, X509Certificate... issuers) {
        byte[][] chain = new byte[issuers.length + 1][];
        chain[0] = precert;
        for (int i = 0; i < issuers.length; i++) {
            chain[i + 1] = der(issuers[i]);
        }
        return body(chain);
    }

    /** {@code {"chain":[b64 DER, ...]}}, the body of {@code add-pre-chain} (RFC 6962 §4.2). */
    private static byte[] body(byte[]... chain) {
        StringBuilder json = new StringBuilder("{\"chain\":[");
        for (int i = 0; i < chain.length; i++) {
            json.append(i == 0 ? "\"" : ",\"").append(Base64.getEncoder().encodeToString(chain[i])).append('"');
        }
        return json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
