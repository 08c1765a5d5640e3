package dev.signet.ctlog.embedded;

import dev.signet.ctlog.DigitallySigned;
import dev.signet.ctlog.LogIdentity;
import dev.signet.ctlog.SctVerifier;
import dev.signet.ctlog.Sha256;
import dev.signet.ctlog.SignedTreeHead;
import dev.signet.ctlog.TlsReader;
import dev.signet.ctlog.TlsWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A static-ct-api checkpoint: a signed note whose body is the origin, tree size and root hash, and
 * whose one signature (type 0x05) is the RFC 6962 tree head signature, so it converts to and from
 * {@code get-sth} without the private key.
 */
public record Checkpoint(String origin, long treeSize, byte[] rootHash, long timestamp, byte[] treeHeadSignature) {
    private static final String SIGNATURE_PREFIX = "\u2014 ";
    private static final byte RFC6962_SIGNATURE_TYPE = 0x05;

    public Checkpoint {
        rootHash = rootHash.clone();
        treeHeadSignature = treeHeadSignature.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    @Override
    public byte[] treeHeadSignature() {
        return treeHeadSignature.clone();
    }

    /** Signs the tree head of {@code size} and {@code root} at {@code timestamp}. */
    static Checkpoint sign(String origin, long size, byte[] root, long timestamp, LogSigner signer) {
        DigitallySigned signature = signer.sign(SignedTreeHead.signatureInput(timestamp, size, root));
        return new Checkpoint(origin, size, root, timestamp, signature.encoded());
    }

    /** The RFC 6962 view of this checkpoint. */
    public SignedTreeHead signedTreeHead() {
        return new SignedTreeHead(treeSize, timestamp, rootHash, treeHeadSignature);
    }

    /** The signed-note text. */
    public String text(LogIdentity identity) {
        byte[] signature = new TlsWriter(80).raw(keyId(origin, identity)).uint64(timestamp).raw(treeHeadSignature)
                .toByteArray();
        return origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n\n"
                + SIGNATURE_PREFIX + origin + " " + Base64.getEncoder().encodeToString(signature) + "\n";
    }

    /** The note key ID: the first 4 bytes of SHA-256(name || 0x0A || 0x05 || log ID). */
    static byte[] keyId(String name, LogIdentity identity) {
        byte[] hash = Sha256.hash(name.getBytes(StandardCharsets.UTF_8), new byte[] {'\n', RFC6962_SIGNATURE_TYPE},
                identity.logId());
        return Arrays.copyOf(hash, 4);
    }

    /**
     * Parses {@code text} and verifies the signature of {@code identity} for {@code origin}; any
     * other signature lines are ignored, as signed-note requires.
     *
     * @throws IllegalArgumentException when the note is malformed or carries no valid signature
     */
    public static Checkpoint parse(String text, String origin, LogIdentity identity) {
        int split = text.indexOf("\n\n");
        if (split < 0 || !text.endsWith("\n")) {
            throw new IllegalArgumentException("checkpoint is not a signed note");
        }
        String[] body = text.substring(0, split).split("\n", -1);
        if (body.length != 3 || !body[0].equals(origin)) {
            throw new IllegalArgumentException("checkpoint body is not for origin " + origin);
        }
        long size = Long.parseLong(body[1]);
        byte[] root = Base64.getDecoder().decode(body[2]);
        if (size < 0 || root.length != 32 || !body[1].equals(Long.toString(size))) {
            throw new IllegalArgumentException("checkpoint size or root hash is malformed");
        }
        byte[] keyId = keyId(origin, identity);
        for (String line : text.substring(split + 2).split("\n")) {
            if (!line.startsWith(SIGNATURE_PREFIX + origin + " ")) {
                continue;
            }
            byte[] signature =
                    Base64.getDecoder().decode(line.substring(SIGNATURE_PREFIX.length() + origin.length() + 1));
            if (signature.length < 12 || !Arrays.equals(Arrays.copyOf(signature, 4), keyId)) {
                continue;
            }
            TlsReader in = new TlsReader(signature, 4, signature.length - 4);
            long timestamp = in.uint64();
            byte[] treeHeadSignature = in.raw(signature.length - 12);
            if (SctVerifier.verifySignature(treeHeadSignature, SignedTreeHead.signatureInput(timestamp, size, root),
                    identity.publicKey())) {
                return new Checkpoint(origin, size, root, timestamp, treeHeadSignature);
            }
        }
        throw new IllegalArgumentException("checkpoint carries no valid signature of this log");
    }
}
