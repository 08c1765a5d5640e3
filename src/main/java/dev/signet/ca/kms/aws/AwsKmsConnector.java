package dev.signet.ca.kms.aws;

import dev.signet.ca.kms.KmsConnector;
import dev.signet.ca.kms.KmsKeyReference;

/**
 * Connects AWS KMS key references ({@code awskms://}) for {@code KmsCa}
 * (listed in META-INF/services).
 */
public final class AwsKmsConnector extends KmsConnector.ForService {

    public AwsKmsConnector() {
        super(KmsKeyReference.Service.AWS, AwsKmsKey::connect);
    }
}
