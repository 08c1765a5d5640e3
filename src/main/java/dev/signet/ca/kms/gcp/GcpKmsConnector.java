package dev.signet.ca.kms.gcp;

import dev.signet.ca.kms.KmsConnector;
import dev.signet.ca.kms.KmsKeyReference;

/**
 * Connects Google Cloud KMS key references ({@code gcpkms://}) for {@code KmsCa}
 * (listed in META-INF/services).
 */
public final class GcpKmsConnector extends KmsConnector.ForService {

    public GcpKmsConnector() {
        super(KmsKeyReference.Service.GCP, GcpKmsKey::connect);
    }
}
