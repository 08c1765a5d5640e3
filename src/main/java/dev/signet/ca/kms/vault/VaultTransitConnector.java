package dev.signet.ca.kms.vault;

import dev.signet.ca.kms.KmsConnector;
import dev.signet.ca.kms.KmsKey;
import dev.signet.ca.kms.KmsKeyReference;
import dev.signet.ca.kms.KmsSettings;

/**
 * Connects HashiCorp Vault Transit key references ({@code hashivault://}) for {@code KmsCa}
 * (listed in META-INF/services).
 */
public final class VaultTransitConnector implements KmsConnector {

    @Override
    public KmsKeyReference.Service service() {
        return KmsKeyReference.Service.VAULT;
    }

    @Override
    public KmsKey connect(KmsSettings settings) {
        return VaultTransitKey.connect(settings);
    }
}
