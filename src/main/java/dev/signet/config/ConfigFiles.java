package dev.signet.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the operator's structured files (identity, policy): bounded in size, JSON tried first and
 * then YAML (anchors and merge keys allowed, duplicate keys refused), as Fulcio reads its config.
 */
public final class ConfigFiles {
    /** Largest file read. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ConfigFiles() {
    }

    /** The file's bytes. @throws IllegalArgumentException naming the file when it is too large or unreadable */
    public static byte[] read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException(file + ": larger than " + MAX_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * A parsed file, and which syntax it was in (Fulcio's identity file spells its keys differently
     * in JSON and YAML).
     *
     * @param root the document
     * @param json true if it parsed as JSON, false if as YAML
     */
    public record Document(JsonNode root, boolean json) {
    }

    /** A document parsed from JSON, or else YAML. @throws IllegalArgumentException naming {@code source} */
    public static JsonNode parse(String text, String source) {
        return parseDocument(text, source).root();
    }

    /** Like {@link #parse}, also saying which syntax matched. */
    public static Document parseDocument(String text, String source) {
        try {
            return new Document(JSON.readTree(text), true);
        } catch (IOException notJson) {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(1000);
            options.setAllowDuplicateKeys(false);
            options.setCodePointLimit(MAX_BYTES);
            try {
                return new Document(JSON.valueToTree(new Yaml(new SafeConstructor(options)).load(text)), false);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(source + ": neither valid JSON nor valid YAML: " + e.getMessage(),
                        e);
            }
        }
    }

    /** SHA-256 of the bytes, to notice a changed file. */
    public static byte[] fingerprint(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
