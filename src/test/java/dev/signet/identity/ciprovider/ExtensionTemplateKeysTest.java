package dev.signet.identity.ciprovider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.signet.certificate.SigstoreOid;
import dev.signet.config.ExtensionTemplateKey;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every identity-file key that fills an extension names a Sigstore extension, and every templated extension has a key. */
class ExtensionTemplateKeysTest {

    @Test
    void eachKeyThatFillsAnExtensionNamesOneAndEveryTemplatedExtensionHasAKey() {
        Set<SigstoreOid> filled = EnumSet.noneOf(SigstoreOid.class);
        for (ExtensionTemplateKey key : ExtensionTemplateKey.values()) {
            if (key.fillsExtension()) {
                filled.add(CiProviderIssuer.extensionOf(key));
            }
        }
        Set<SigstoreOid> templated = EnumSet.allOf(SigstoreOid.class);
        templated.removeAll(List.of(SigstoreOid.ISSUER_V1, SigstoreOid.ISSUER_V2, SigstoreOid.TOKEN_SUBJECT));
        assertEquals(templated, filled);
        assertFalse(ExtensionTemplateKey.ISSUER.fillsExtension());
        assertFalse(ExtensionTemplateKey.SUBJECT.fillsExtension());
    }
}
