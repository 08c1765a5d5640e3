package dev.signet.ca.kms.aws;

import dev.signet.ca.kms.KmsConnector;
import dev.signet.ca.kms.KmsKey;
import dev.signet.ca.kms.KmsKeyReference;
import dev.signet.ca.kms.KmsSettings;

/**
 * Connects AWS KMS key references ({@code awskms://}) for {@code KmsCa}
 * (listed in META-INF/services).
 */
public final class AwsKmsConnector implements KmsConnector {

    @Override
    public KmsKeyReference.Service service() {
        return KmsKeyReference.Service.AWS;
    }

    @Override
    public KmsKey connect(KmsSettings settings) {
        return AwsKmsKey.connect(settings);
    }
}
