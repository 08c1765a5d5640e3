package dev.signet.codec;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * The one PEM codec (RFC 7468): blocks written as Go's encoder writes them (64-column lines, trailing
 * newline); a single block read strictly ({@link #decode}: exactly one block, only whitespace around
 * it, no headers, a matching END line) for what a client sends; certificate lists read with bounds
 * ({@link #certificates}) for what an operator configures.
 */
public final class Pem {
    private static final Base64.Encoder ENCODER = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";

    private Pem() {
    }

    /** One {@code CERTIFICATE} block ending in a newline. */
    public static String certificate(X509Certificate certificate) {
        try {
            return encode("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("certificate cannot be encoded", e);
        }
    }

    /** A PEM block of the given type ending in a newline. */
    public static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + ENCODER.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** Largest PEM text {@link #certificates} reads. */
    public static final int MAX_PEM_CHARS = 256 * 1024;
    /** Most certificates {@link #certificates} returns. */
    public static final int MAX_CERTIFICATES = 64;

    /**
     * Parses PEM text holding one or more X.509 certificates, in order.
     *
     * @throws IllegalArgumentException when it is too large, holds no certificate or cannot be parsed
     */
    public static List<X509Certificate> certificates(String pem) {
        if (pem.length() > MAX_PEM_CHARS) {
            throw new IllegalArgumentException("PEM larger than " + MAX_PEM_CHARS + " characters");
        }
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("no PEM CERTIFICATE block");
        }
        Collection<? extends Certificate> parsed;
        try {
            parsed = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("unparsable certificate: " + e.getClass().getSimpleName(), e);
        }
        if (parsed.isEmpty() || parsed.size() > MAX_CERTIFICATES) {
            throw new IllegalArgumentException("expected 1 to " + MAX_CERTIFICATES + " certificates, found "
                    + parsed.size());
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : parsed) {
            certificates.add((X509Certificate) certificate);
        }
        return certificates;
    }

    /** One decoded block: its type label and the DER it carried. */
    public record Block(String type, byte[] der) {
    }

    /** True if the input, after leading whitespace, starts a PEM block (DER never starts with a dash). */
    public static boolean looksLikePem(byte[] input) {
        int from = skipWhitespace(input, 0);
        if (input.length - from < BEGIN.length()) {
            return false;
        }
        for (int i = 0; i < BEGIN.length(); i++) {
            if (input[from + i] != BEGIN.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The one PEM block {@code input} holds.
     *
     * @throws MalformedEncodingException when it holds anything but exactly one well-formed block
     */
    public static Block decode(byte[] input) throws MalformedEncodingException {
        // ISO-8859-1 maps bytes to chars one to one, so no byte is silently replaced or merged.
        String text = new String(input, StandardCharsets.ISO_8859_1);
        int from = skipWhitespace(input, 0);
        int to = input.length;
        while (to > from && isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        if (!text.startsWith(BEGIN, from)) {
            throw new MalformedEncodingException("PEM BEGIN line missing");
        }
        int typeStart = from + BEGIN.length();
        int typeEnd = text.indexOf(DASHES, typeStart);
        if (typeEnd < 0 || typeEnd >= to) {
            throw new MalformedEncodingException("PEM BEGIN line not terminated");
        }
        String type = text.substring(typeStart, typeEnd);
        if (!isValidType(type)) {
            throw new MalformedEncodingException("PEM type label malformed");
        }
        int bodyStart = typeEnd + DASHES.length();
        if (bodyStart < to && text.charAt(bodyStart) == '\r') {
            bodyStart++;
        }
        if (bodyStart >= to || text.charAt(bodyStart) != '\n') {
            throw new MalformedEncodingException("PEM BEGIN line not followed by a line break");
        }
        bodyStart++;
        String endLine = "-----END " + type + DASHES;
        int bodyEnd = to - endLine.length();
        if (bodyEnd < bodyStart || !text.startsWith(endLine, bodyEnd)) {
            throw new MalformedEncodingException("PEM END line missing, mismatched, or followed by data");
        }
        if (text.charAt(bodyEnd - 1) != '\n') {
            throw new MalformedEncodingException("PEM END line does not start a line");
        }
        StringBuilder base64 = new StringBuilder(bodyEnd - bodyStart);
        for (int i = bodyStart; i < bodyEnd; i++) {
            char c = text.charAt(i);
            if (isWhitespace(c)) {
                continue;
            }
            // Anything else (a dash of a second block, a header colon) is refused here or by the decoder.
            base64.append(c);
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            throw new MalformedEncodingException("PEM body is not base64");
        }
        if (der.length == 0) {
            throw new MalformedEncodingException("PEM body is empty");
        }
        return new Block(type, der);
    }

    /**
     * The DER of the one {@code type} block {@code input} holds.
     *
     * @throws MalformedEncodingException when it holds anything but exactly one well-formed block of that type
     */
    public static byte[] decode(byte[] input, String type) throws MalformedEncodingException {
        Block block = decode(input);
        if (!block.type().equals(type)) {
            throw new MalformedEncodingException("PEM block is not " + type);
        }
        return block.der();
    }

    /**
     * The DER of the one {@code type} block in a file an operator wrote. RFC 7468 (section 2) lets
     * such a file carry explanatory text before and after the block (tools such as {@code openssl
     * pkcs12} write attribute lines there), so that text is skipped; the block itself is read as
     * strictly as {@link #decode(byte[], String)}, and a file with a second block is refused rather
     * than guessed at.
     *
     * @throws MalformedEncodingException when the file holds no block, more than one, or one that is
     *     malformed or of another type
     */
    public static byte[] decodeAmongText(byte[] input, String type) throws MalformedEncodingException {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        int begin = lineStarting(text, BEGIN, 0);
        if (begin < 0) {
            throw new MalformedEncodingException("PEM BEGIN line missing");
        }
        int end = lineStarting(text, "-----END ", begin);
        if (end < 0) {
            throw new MalformedEncodingException("PEM END line missing");
        }
        int endOfEnd = text.indexOf('\n', end);
        endOfEnd = endOfEnd < 0 ? text.length() : endOfEnd + 1;
        if (lineStarting(text, BEGIN, endOfEnd) >= 0) {
            throw new MalformedEncodingException("more than one PEM block");
        }
        return decode(Arrays.copyOfRange(input, begin, endOfEnd), type);
    }

    /** Where the first line at or after {@code from} that starts with {@code prefix} begins, or -1. */
    private static int lineStarting(String text, String prefix, int from) {
        for (int at = text.indexOf(prefix, from); at >= 0; at = text.indexOf(prefix, at + 1)) {
            if (at == 0 || text.charAt(at - 1) == '\n') {
                return at;
            }
        }
        return -1;
    }

    private static boolean isValidType(String type) {
        if (type.isEmpty() || type.startsWith(" ") || type.endsWith(" ")) {
            return false;
        }
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != ' ') {
                return false;
            }
        }
        return true;
    }

    private static int skipWhitespace(byte[] input, int from) {
        int i = from;
        while (i < input.length && isWhitespace((char) (input[i] & 0xFF))) {
            i++;
        }
        return i;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
