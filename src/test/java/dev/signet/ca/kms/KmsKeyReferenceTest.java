package dev.signet.ca.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Key references in the forms sigstore/sigstore's KMS providers accept, and nothing else. */
class KmsKeyReferenceTest {

    @Test
    void awsKeyIdArnAliasAndEndpoint() {
        KmsKeyReference id = KmsKeyReference.parse("awskms:///1234abcd-12ab-34cd-56ef-1234567890ab");
        assertEquals(KmsKeyReference.Service.AWS, id.service());
        assertEquals("1234abcd-12ab-34cd-56ef-1234567890ab", id.keyId());
        assertEquals(Optional.empty(), id.endpoint());
        assertEquals(Optional.empty(), id.region());

        KmsKeyReference arn = KmsKeyReference.parse(
                "awskms://localhost:4566/arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        assertEquals(Optional.of("localhost:4566"), arn.endpoint());
        assertEquals(Optional.of("us-east-2"), arn.region());
        assertEquals("arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", arn.keyId());

        assertEquals("alias/ExampleAlias", KmsKeyReference.parse("awskms:///alias/ExampleAlias").keyId());
        KmsKeyReference aliasArn = KmsKeyReference.parse("awskms:///arn:aws:kms:eu-west-1:111122223333:alias/Signet");
        assertEquals(Optional.of("eu-west-1"), aliasArn.region());
        assertEquals("awskms:///arn:aws:kms:eu-west-1:111122223333:alias/Signet", aliasArn.toString());
    }

    @Test
    void gcpVersionAndVaultKeyName() {
        KmsKeyReference gcp = KmsKeyReference.parse(
                "gcpkms://projects/p/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1");
        assertEquals(KmsKeyReference.Service.GCP, gcp.service());
        assertEquals("projects/p/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1", gcp.keyId());
        KmsKeyReference vault = KmsKeyReference.parse("hashivault://signet-ca.v2");
        assertEquals(KmsKeyReference.Service.VAULT, vault.service());
        assertEquals("signet-ca.v2", vault.keyId());
    }

    @Test
    void aGoogleKeyWithAPlaintextEndpointOffLoopbackIsRefusedBeforeAnyCall() {
        KmsSettings settings = new KmsSettings(KmsKeyReference.parse(
                "gcpkms://projects/p/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1"), Optional.empty(),
                java.time.Duration.ofSeconds(5), 1, Optional.of(java.net.URI.create("http://kms.example.com:8080")),
                Optional.empty(), Optional.empty(), "transit", name -> null);
        dev.signet.error.SignetException failure = assertThrows(dev.signet.error.SignetException.class,
                () -> KmsCa.connect(settings));
        assertTrue(failure.getMessage().contains("must be https unless it is a loopback address"),
                failure.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "awskms://", "awskms:///not-a-key", "awskms:///arn:aws:kms:us-east-2:1:key/x",
            "gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k", "hashivault://", "hashivault://-bad",
            "hashivault://a/b", "azurekms://vault.vault.azure.net/key", "file:///etc/key.pem"})
    void anythingElseIsRefusedNamingTheAcceptedForms(String text) {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> KmsKeyReference.parse(text));
        assertTrue(failure.getMessage().contains("awskms://") || failure.getMessage().contains("characters"),
                failure.getMessage());
    }

    @Test
    void anOverlongReferenceIsNotEchoed() {
        String text = "hashivault://" + "a".repeat(KmsKeyReference.MAX_LENGTH);
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> KmsKeyReference.parse(text));
        assertTrue(failure.getMessage().length() < 200, failure.getMessage());
    }
}
