package dev.signet.ca.file;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a file CA's material is: the PEM chain, the encrypted PEM key and the key's password.
 *
 * @param chain    PEM certificates, issuing certificate first, root last
 * @param key      encrypted PEM private key of the issuing certificate
 * @param password the key's password; never printed
 */
public record CaFiles(Path chain, Path key, char[] password) {

    public CaFiles {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(password, "password");
        password = password.clone();
    }

    @Override
    public char[] password() {
        return password.clone();
    }

    /** Names the files for messages, never the password. */
    public String describe() {
        return "chain " + chain + " and key " + key;
    }

    @Override
    public String toString() {
        return "CaFiles[" + describe() + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CaFiles that && chain.equals(that.chain) && key.equals(that.key)
                && Arrays.equals(password, that.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(chain, key);
    }
}
