package dev.signet.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ca.IssuedCertificate;
import dev.signet.ca.TestPki;
import dev.signet.challenge.CertificateRequest;
import dev.signet.challenge.KeyProof;
import dev.signet.challenge.SignedChallenge;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request mapping REST and gRPC share. */
class SigningCertificatesTest {
    private static final byte[] CSR = "-----BEGIN CERTIFICATE REQUEST-----".getBytes(StandardCharsets.US_ASCII);

    @Test
    void csrWinsOverAPublicKey() {
        KeyProof proof = SigningCertificates.v2Proof(CSR, "-----BEGIN PUBLIC KEY-----", new byte[] {1});
        assertArrayEquals(CSR, assertInstanceOf(CertificateRequest.class, proof).pem());
        assertInstanceOf(CertificateRequest.class, SigningCertificates.v1Proof(CSR, new byte[] {2}, new byte[] {1}));
    }

    @Test
    void anEmptyCsrIsStillACsr() {
        assertInstanceOf(CertificateRequest.class, SigningCertificates.v2Proof(new byte[0], "key", null));
    }

    @Test
    void v2KeyIsItsPemTextAndAMissingSignatureIsEmpty() {
        SignedChallenge proof = assertInstanceOf(SignedChallenge.class,
                SigningCertificates.v2Proof(null, "pem text", null));
        assertArrayEquals("pem text".getBytes(StandardCharsets.UTF_8), proof.publicKey());
        assertEquals(0, proof.signature().length);
    }

    @Test
    void noKeyAtAllIsAnUnparsableKey() {
        assertEquals(ErrorKind.INVALID_PUBLIC_KEY, assertThrows(SignetException.class,
                () -> SigningCertificates.v2Proof(null, "", new byte[] {1})).kind());
        assertEquals(ErrorKind.INVALID_PUBLIC_KEY, assertThrows(SignetException.class,
                () -> SigningCertificates.v1Proof(null, new byte[0], new byte[] {1})).kind());
    }

    @Test
    void bodyTokenWinsElseBearerHeaderElseTokenError() {
        assertEquals("body", SigningCertificates.token("body", "Bearer header"));
        assertEquals("header", SigningCertificates.token("", "Bearer header"));
        assertEquals("header", SigningCertificates.token(null, "bearer header"));
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, assertThrows(SignetException.class,
                () -> SigningCertificates.token(null, null)).kind());
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, assertThrows(SignetException.class,
                () -> SigningCertificates.token(null, "Basic abc")).kind());
    }

    @Test
    void v2JsonIsWhatJacksonWritesForTheResponseRecord() throws Exception {
        TestPki.TwoLevel ca = TestPki.twoLevel("P-256");
        IssuedCertificate issued = new IssuedCertificate(ca.intermediate(), List.of(ca.intermediate(), ca.root()));
        SigningCertificate.CertificateChain chain = new SigningCertificate.CertificateChain(
                SigningCertificates.pemChain(issued));
        ObjectMapper jackson = new ObjectMapper();
        assertEquals(
                jackson.writeValueAsString(new SigningCertificate(null, new SigningCertificate.EmbeddedSct(chain))),
                new String(SigningCertificates.v2Json(issued, null), StandardCharsets.US_ASCII));
        assertEquals(jackson.writeValueAsString(new SigningCertificate(
                new SigningCertificate.DetachedSct(chain, "eyJzY3QiOiAxfQ=="), null)),
                new String(SigningCertificates.v2Json(issued, "eyJzY3QiOiAxfQ=="), StandardCharsets.US_ASCII));
        assertEquals(
                jackson.writeValueAsString(new SigningCertificate(new SigningCertificate.DetachedSct(chain, ""), null)),
                new String(SigningCertificates.v2Json(issued, ""), StandardCharsets.US_ASCII));
    }

    @Test
    void aNewCaChainGetsItsOwnPem() {
        TestPki.TwoLevel first = TestPki.twoLevel("P-256");
        TestPki.TwoLevel second = TestPki.twoLevel("P-256");
        List<String> a = SigningCertificates.pemChain(new IssuedCertificate(first.intermediate(),
                List.of(first.intermediate(), first.root())));
        List<String> b = SigningCertificates.pemChain(new IssuedCertificate(first.intermediate(),
                List.of(second.intermediate(), second.root())));
        assertEquals(a.get(0), b.get(0));
        assertEquals(List.of(a.get(0), a.get(0)), a.subList(0, 2));
        assertEquals(dev.signet.codec.Pem.certificate(second.root()).strip(), b.get(2));
        assertEquals(dev.signet.codec.Pem.certificate(first.root()).strip(), a.get(2));
    }
}
