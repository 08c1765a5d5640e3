package dev.signet.ca.kms.vault;

import dev.signet.ca.kms.KmsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Where the {@code X-Vault-Token} of a Transit call comes from: a fixed token ({@code VAULT_TOKEN}),
 * a token file, or a login with Vault's Kubernetes auth ({@link VaultKubernetesLogin}).
 */
interface VaultToken {

    /** The token to send now (a login when there is none or its lease is nearly over); fails with KmsException. */
    CompletableFuture<String> current();

    /**
     * A token to try once more after Vault refused {@code refused} with 403, or a failed future when
     * there is nothing else to try.
     */
    CompletableFuture<String> afterRefusal(String refused);

    /** {@code VAULT_TOKEN}: nothing to renew. */
    record Fixed(String token) implements VaultToken {
        @Override
        public CompletableFuture<String> current() {
            return CompletableFuture.completedFuture(token);
        }

        @Override
        public CompletableFuture<String> afterRefusal(String refused) {
            return CompletableFuture.failedFuture(new KmsException("no other Vault token to try", false));
        }
    }

    /** A file (as Vault Agent writes it), read again when Vault refuses its token. */
    final class FromFile implements VaultToken {
        private final Path file;
        private volatile String token;

        FromFile(Path file) {
            this.file = file;
            this.token = read(file, "Vault token");
        }

        @Override
        public CompletableFuture<String> current() {
            return CompletableFuture.completedFuture(token);
        }

        @Override
        public CompletableFuture<String> afterRefusal(String refused) {
            try {
                token = read(file, "Vault token");
                return CompletableFuture.completedFuture(token);
            } catch (KmsException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }

    /** A small secret file's text, stripped; its content never appears in a message. */
    static String read(Path file, String what) {
        try {
            if (Files.size(file) > 16 * 1024) {
                throw new KmsException("the " + what + " file " + file + " is larger than 16 KiB", false);
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (text.isEmpty()) {
                throw new KmsException("the " + what + " file " + file + " is empty", false);
            }
            return text;
        } catch (IOException e) {
            throw new KmsException("the " + what + " file " + file + " cannot be read: "
                    + e.getClass().getSimpleName(), false, e);
        }
    }
}
