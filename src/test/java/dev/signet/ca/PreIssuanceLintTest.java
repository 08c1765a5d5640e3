package dev.signet.ca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.LeafTemplate;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.codec.BouncyCastle;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.OutputStream;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lint before sign at the CA: a broken leaf never reaches the real key, a clean one is signed as linted. */
class PreIssuanceLintTest {

    private static final TestPki.TwoLevel PKI = TestPki.twoLevel("P-384");
    private static final PublicKey CLIENT = TestPki.keyPair("P-256").getPublic();
    private static final CertificateIdentity GOOD = new CertificateIdentity(SubjectAltName.email("alice@example.com"),
            Map.of(SigstoreOid.ISSUER_V1, "https://issuer.example.com", SigstoreOid.ISSUER_V2,
                    "https://issuer.example.com"));
    /** An identity without the OIDC issuer: the profile builds it, the linter must refuse it. */
    private static final CertificateIdentity NO_ISSUER = new CertificateIdentity(
            SubjectAltName.email("alice@example.com"), Map.of(SigstoreOid.TOKEN_SUBJECT, "alice"));

    /** A CA whose real signer counts its signatures and whose alarm records rule names. */
    private static final class CountingCa extends SigningCa {
        final AtomicInteger realSignatures = new AtomicInteger();
        final List<String> alarms = new ArrayList<>();
        boolean changeAlgorithmAfterSigning;

        CountingCa(CaMaterial material) {
            super(new LeafProfile(Duration.ofMinutes(10), Clock.fixed(Instant.now(), ZoneOffset.UTC), TestPki.RANDOM),
                    material);
            onLintFailure(alarms::add);
        }

        @Override
        protected ContentSigner signer(CaMaterial signing) {
            ContentSigner real = super.signer(signing);
            return new ContentSigner() {
                private boolean signed;

                @Override
                public AlgorithmIdentifier getAlgorithmIdentifier() {
                    return signed && changeAlgorithmAfterSigning
                            ? new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA512)
                            : real.getAlgorithmIdentifier();
                }

                @Override
                public OutputStream getOutputStream() {
                    return real.getOutputStream();
                }

                @Override
                public byte[] getSignature() {
                    realSignatures.incrementAndGet();
                    signed = true;
                    return real.getSignature();
                }
            };
        }
    }

    @Test
    void aBrokenLeafIsRefusedBeforeTheRealKeySigns() {
        CountingCa ca = new CountingCa(PKI.material());
        SignetException e = assertThrows(SignetException.class, () -> ca.issue(NO_ISSUER, CLIENT));
        assertEquals(ErrorKind.CERTIFICATE_LINT, e.kind());
        assertEquals(500, e.kind().httpStatus());
        assertTrue(e.getMessage().startsWith("e_sigstore_issuer_missing: "), e.getMessage());
        assertEquals(ErrorKind.CERTIFICATE_LINT.clientMessage(), e.clientMessage(),
                "the client sees the fixed message");
        assertEquals(0, ca.realSignatures.get());
        assertEquals(List.of("e_sigstore_issuer_missing"), ca.alarms);
    }

    @Test
    void aBrokenPrecertificateIsNeverSigned() {
        CountingCa ca = new CountingCa(PKI.material());
        SignetException e = assertThrows(SignetException.class, () -> ca.precertificate(NO_ISSUER, CLIENT));
        assertEquals(ErrorKind.CERTIFICATE_LINT, e.kind());
        assertEquals(0, ca.realSignatures.get());
        assertEquals(List.of("e_sigstore_issuer_missing"), ca.alarms);
    }

    @Test
    void aFinalCertificateWithAnUnparsableSctListIsNeverSigned() {
        CountingCa ca = new CountingCa(PKI.material());
        Precertificate precertificate = ca.precertificate(GOOD, CLIENT);
        assertEquals(1, ca.realSignatures.get());
        SignetException e = assertThrows(SignetException.class,
                () -> ca.finish(precertificate, octetString(new byte[] {0, 5, 1, 2})));
        assertEquals(ErrorKind.CERTIFICATE_LINT, e.kind());
        assertTrue(e.getMessage().startsWith("e_ct_sct_list: "), e.getMessage());
        assertEquals(1, ca.realSignatures.get(), "only the precertificate was signed");
        assertEquals(List.of("e_ct_sct_list"), ca.alarms);
    }

    @ParameterizedTest
    @ValueSource(strings = {"P-256", "P-384", "P-521", "RSA", "Ed25519"})
    void aCleanLeafIsSignedOnceOverTheLintedTbs(String keyType) throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel(keyType);
        CountingCa ca = new CountingCa(pki.material());
        Precertificate precertificate = ca.precertificate(GOOD, CLIENT);
        X509Certificate last = ca.finish(precertificate, octetString(oneSct())).leaf();
        X509Certificate unlogged = ca.issue(GOOD, CLIENT).leaf();
        assertEquals(3, ca.realSignatures.get());
        assertEquals(List.of(), ca.alarms);
        for (X509Certificate certificate : List.of(precertificate.certificate(), last, unlogged)) {
            certificate.verify(pki.intermediate().getPublicKey(), BouncyCastle.PROVIDER);
        }
        // Linting each form separately keeps Fulcio's invariant: final minus SCT list = precertificate minus poison.
        assertArrayEquals(withoutExtension(precertificate.certificate(), LeafProfile.CT_PRECERT_POISON),
                withoutExtension(last, LeafProfile.CT_SCT_LIST));
        // The final TBS, cut from the precertificate's bytes, is the one a builder makes from the template.
        LeafTemplate template = precertificate.template();
        X509CertificateHolder built = template.withExtensions(template.extensions().plus(
                new org.bouncycastle.asn1.x509.Extension(LeafProfile.CT_SCT_LIST, false, octetString(oneSct()))))
                .toBuilder().build(pki.material().signer());
        assertArrayEquals(built.toASN1Structure().getTBSCertificate().getEncoded(ASN1Encoding.DER),
                last.getTBSCertificate());
    }

    /** The TBS fields that matter with one extension dropped, re-encoded. */
    static byte[] withoutExtension(X509Certificate certificate, org.bouncycastle.asn1.ASN1ObjectIdentifier oid)
            throws Exception {
        org.bouncycastle.asn1.x509.TBSCertificate tbs = org.bouncycastle.asn1.x509.TBSCertificate.getInstance(
                certificate.getTBSCertificate());
        org.bouncycastle.asn1.x509.ExtensionsGenerator kept = new org.bouncycastle.asn1.x509.ExtensionsGenerator();
        for (org.bouncycastle.asn1.ASN1ObjectIdentifier id : tbs.getExtensions().getExtensionOIDs()) {
            if (!id.equals(oid)) {
                kept.addExtension(tbs.getExtensions().getExtension(id));
            }
        }
        return new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                tbs.getSerialNumber(), tbs.getIssuer(), tbs.getStartDate(), tbs.getSubject(),
                tbs.getSubjectPublicKeyInfo(), kept.generate()}).getEncoded(ASN1Encoding.DER);
    }

    @Test
    void aSignedCertificateThatDiffersFromTheLintedOneIsRefused() {
        CountingCa ca = new CountingCa(PKI.material());
        ca.changeAlgorithmAfterSigning = true;
        SignetException e = assertThrows(SignetException.class, () -> ca.issue(GOOD, CLIENT));
        assertEquals(ErrorKind.CERTIFICATE_LINT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith(PreIssuanceLint.TBS_NOT_DETERMINISTIC + ": "), e.getMessage());
        assertEquals(List.of(PreIssuanceLint.TBS_NOT_DETERMINISTIC), ca.alarms);
    }

    @Test
    void theLinterKnowsTheConfiguredLifetime() {
        // A CA configured for 5 minutes refuses nothing it issues itself, and its leaves are 5 minutes.
        CaMaterial material = PKI.material();
        SigningCa ca = new SigningCa(new LeafProfile(Duration.ofMinutes(5), Clock.systemUTC(), TestPki.RANDOM),
                material) {
        };
        X509Certificate leaf = ca.issue(GOOD, CLIENT).leaf();
        assertEquals(Duration.ofMinutes(5),
                Duration.between(leaf.getNotBefore().toInstant().truncatedTo(ChronoUnit.SECONDS),
                        leaf.getNotAfter().toInstant()));
    }

    static byte[] oneSct() {
        byte[] sct = new byte[1 + 32 + 8 + 2 + 2 + 2 + 8];
        sct[43] = 4;
        sct[44] = 3;
        sct[46] = 8;
        byte[] list = new byte[4 + sct.length];
        list[1] = (byte) (2 + sct.length);
        list[3] = (byte) sct.length;
        System.arraycopy(sct, 0, list, 4, sct.length);
        return list;
    }

    static byte[] octetString(byte[] content) {
        try {
            return new DEROctetString(content).getEncoded(ASN1Encoding.DER);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Octet-string sizes that put the sequence's content at 127/128, 255/256 and 65,535/65,536 bytes. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 123, 124, 250, 251, 65_529, 65_530, 70_000})
    void framedSequenceIsWhatBouncyCastleEncodes(int octets) throws Exception {
        byte[] first = new DEROctetString(new byte[octets]).getEncoded(ASN1Encoding.DER);
        byte[] second = new byte[] {0x05, 0x00};
        byte[] expected = new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                new DEROctetString(new byte[octets]), org.bouncycastle.asn1.DERNull.INSTANCE})
                .getEncoded(ASN1Encoding.DER);
        assertArrayEquals(expected, PreIssuanceLint.sequence(first, second));
    }
}
