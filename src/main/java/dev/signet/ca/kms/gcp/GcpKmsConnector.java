package dev.signet.ca.kms.gcp;

import dev.signet.ca.kms.KmsConnector;
import dev.signet.ca.kms.KmsKey;
import dev.signet.ca.kms.KmsKeyReference;
import dev.signet.ca.kms.KmsSettings;

/**
 * Connects Google Cloud KMS key references ({@code gcpkms://}) for {@code KmsCa}
 * (listed in META-INF/services).
 */
public final class GcpKmsConnector implements KmsConnector {

    @Override
    public KmsKeyReference.Service service() {
        return KmsKeyReference.Service.GCP;
    }

    @Override
    public KmsKey connect(KmsSettings settings) {
        return GcpKmsKey.connect(settings);
    }
}
