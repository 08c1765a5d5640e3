package dev.signet.certificate.lint;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;

/** Strict DER reading for rule checks: one value, nothing after it, and encoded exactly as DER would. */
final class Der {

    private Der() {
    }

    /** The single DER value {@code bytes} hold, or empty when they hold anything else. */
    static Optional<ASN1Primitive> parse(byte[] bytes) {
        try {
            ASN1Primitive value = ASN1Primitive.fromByteArray(bytes);
            if (value == null || !Arrays.equals(value.getEncoded(ASN1Encoding.DER), bytes)) {
                return Optional.empty();
            }
            return Optional.of(value);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
