package dev.signet.ca.file;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/** Reads how a PKCS#8 PEM key file was encrypted, without its password. */
public final class EncryptedKeyFiles {

    private EncryptedKeyFiles() {
    }

    /** The PBKDF2 iteration count of a PBES2-encrypted PKCS#8 PEM key file. */
    public static int pbkdf2Iterations(Path file) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file)))) {
            PKCS8EncryptedPrivateKeyInfo encrypted = (PKCS8EncryptedPrivateKeyInfo) parser.readObject();
            PBES2Parameters pbes2 = PBES2Parameters.getInstance(encrypted.getEncryptionAlgorithm().getParameters());
            return PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters()).getIterationCount()
                    .intValueExact();
        }
    }
}
