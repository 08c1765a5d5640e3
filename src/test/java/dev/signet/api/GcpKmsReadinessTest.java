package dev.signet.api;

import dev.signet.ca.kms.GcpKmsGrpcServer;
import dev.signet.testing.Fixture;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link KmsReadinessTest}'s check with the key in the Google Cloud KMS stand-in (loopback gRPC, a
 * real P-256 key), so the Cloud KMS client is proven inside the running Quarkus application, beside
 * Signet's own gRPC server.
 */
@QuarkusTest
@TestProfile(GcpKmsReadinessTest.OnGcpKms.class)
@WithTestResource(OidcIssuersTestResource.class)
class GcpKmsReadinessTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    private static GcpKmsGrpcServer kms;

    /** The stand-in KMS, started once per JVM, and a chain file for its key under an offline root. */
    public static class OnGcpKms implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return KmsReadinessTest.kmsConfig(server());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static synchronized GcpKmsGrpcServer server() throws IOException {
        if (kms == null) {
            kms = new GcpKmsGrpcServer("P-256");
        }
        return kms;
    }

    @AfterAll
    static void stopKms() {
        if (kms != null) {
            kms.close();
            kms = null;
        }
    }

    @Test
    void issuesThroughGoogleCloudKmsThenFailsClosedWhileAccessIsDeniedAndRecovers() throws Exception {
        KmsReadinessTest.issuesThenFailsClosedWhileAccessIsDeniedAndRecovers(issuer, server());
    }
}
