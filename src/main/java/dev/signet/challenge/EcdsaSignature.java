package dev.signet.challenge;

import dev.signet.codec.MalformedEncodingException;
import dev.signet.codec.StrictDer;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;

/** An ECDSA (r, s) pair as sent on the wire: one DER SEQUENCE of two INTEGERs. */
record EcdsaSignature(BigInteger r, BigInteger s) {

    /**
     * Decodes a signature only if it is the canonical DER encoding of an (r, s) with both in [1, order - 1].
     * Extra elements, trailing bytes, BER lengths and padded integers have all been accepted by lenient
     * verifiers in the past (CVE-2016-1000342), so re-encoding must reproduce the input exactly.
     */
    static Optional<EcdsaSignature> decodeCanonical(byte[] der, BigInteger order) {
        try {
            StrictDer.Element sequence = StrictDer.parseWellFormed(der, 2);
            if (sequence.tag() != StrictDer.SEQUENCE) {
                return Optional.empty();
            }
            StrictDer.Reader values = sequence.children();
            StrictDer.Element rElement = values.next(StrictDer.INTEGER);
            StrictDer.Element sElement = values.next(StrictDer.INTEGER);
            values.requireEnd();
            if (rElement.valueLength() == 0 || sElement.valueLength() == 0) {
                return Optional.empty();
            }
            BigInteger r = new BigInteger(rElement.value());
            BigInteger s = new BigInteger(sElement.value());
            if (!inRange(r, order) || !inRange(s, order)) {
                return Optional.empty();
            }
            byte[] canonical = new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)})
                    .getEncoded(ASN1Encoding.DER);
            return Arrays.equals(canonical, der) ? Optional.of(new EcdsaSignature(r, s)) : Optional.empty();
        } catch (MalformedEncodingException | IOException e) {
            return Optional.empty();
        }
    }

    private static boolean inRange(BigInteger value, BigInteger order) {
        return value.signum() > 0 && value.compareTo(order) < 0;
    }
}
