package dev.signet.ca.kms.vault;

import dev.signet.ca.kms.KmsConnector;
import dev.signet.ca.kms.KmsKeyReference;

/**
 * Connects HashiCorp Vault Transit key references ({@code hashivault://}) for {@code KmsCa}
 * (listed in META-INF/services).
 */
public final class VaultTransitConnector extends KmsConnector.ForService {

    public VaultTransitConnector() {
        super(KmsKeyReference.Service.VAULT, VaultTransitKey::connect);
    }
}
