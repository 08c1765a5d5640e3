package dev.signet.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.testing.OidcIssuersTestResource;
import dev.sigstore.fulcio.v2.CAGrpc;
import dev.sigstore.fulcio.v2.GetTrustBundleRequest;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** With TLS configured on the HTTP server, gRPC is served on the HTTPS port over HTTP/2 by ALPN. */
@QuarkusTest
@TestProfile(GrpcTlsTest.Tls.class)
@WithTestResource(OidcIssuersTestResource.class)
class GrpcTlsTest {
    static volatile Path certificateFile;

    /** A self-signed P-256 certificate for 127.0.0.1 on the HTTP server. */
    public static class Tls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                BouncyCastleProvider bc = new BouncyCastleProvider();
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", bc);
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair key = generator.generateKeyPair();
                X500Name name = new X500Name("CN=127.0.0.1");
                JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.TWO,
                        new Date(System.currentTimeMillis() - 60_000),
                        new Date(System.currentTimeMillis() + 3_600_000), name, key.getPublic());
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
                X509Certificate certificate = new JcaX509CertificateConverter().setProvider(bc).getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(bc)
                                .build(key.getPrivate())));
                Path certificatePem = Files.createTempFile("signet-tls", ".crt");
                Path keyPem = Files.createTempFile("signet-tls", ".key");
                Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()));
                Files.writeString(keyPem, pem("PRIVATE KEY", key.getPrivate().getEncoded()));
                certificatePem.toFile().deleteOnExit();
                keyPem.toFile().deleteOnExit();
                certificateFile = certificatePem;
                return Map.of(
                        "quarkus.http.ssl.certificate.files", certificatePem.toString(),
                        "quarkus.http.ssl.certificate.key-files", keyPem.toString(),
                        "quarkus.http.test-ssl-port", "0");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String pem(String type, byte[] der) throws Exception {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        }
        return text.toString();
    }

    @Test
    void servesTheCaAndHealthOverTls() throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
                .sslContext(GrpcSslContexts.forClient().trustManager(certificateFile.toFile()).build())
                .build();
        try {
            assertEquals(1, CAGrpc.newBlockingStub(channel)
                    .getTrustBundle(GetTrustBundleRequest.getDefaultInstance()).getChainsCount());
            assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
