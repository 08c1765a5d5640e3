package dev.signet.certificate;

import dev.signet.codec.DerBytes;
import dev.signet.codec.StrictDer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * A certificate's TBS with one extension replaced or removed, cut from the DER bytes without a
 * parse and re-encode: every other byte stays as it was, extension order included. For
 * certificates Signet itself encoded and linted as DER (the precertificate whose poison becomes the
 * SCT list, or is dropped for the log's signed entry).
 */
public final class TbsExtensions {
    /** The TBS field {@code [3] EXPLICIT Extensions}. */
    private static final int EXTENSIONS_TAG = 0xA3;

    private TbsExtensions() {
    }

    /**
     * The TBS of {@code certificate} without the extension {@code oid}; without the extensions field
     * at all if that was the only one. Unchanged when there is no such extension.
     *
     * @throws IllegalArgumentException when {@code certificate} is not shaped like a DER certificate
     */
    public static byte[] without(byte[] certificate, ASN1ObjectIdentifier oid) {
        return edit(certificate, oid, null);
    }

    /**
     * The TBS of {@code certificate} with the extension {@code oid} replaced, in its place, by
     * {@code replacement} (a DER {@code Extension}).
     *
     * @throws IllegalArgumentException when {@code certificate} is not shaped like a DER certificate
     *     or has no extension {@code oid}
     */
    public static byte[] replacing(byte[] certificate, ASN1ObjectIdentifier oid, byte[] replacement) {
        return edit(certificate, oid, replacement);
    }

    private static byte[] edit(byte[] certificate, ASN1ObjectIdentifier oid, byte[] replacement) {
        byte[] oidDer = DerBytes.encode(oid);
        StrictDer.Element outer = sequence(certificate, 0, certificate.length);
        if (outer.end() != certificate.length) {
            throw new IllegalArgumentException("bytes after the certificate");
        }
        StrictDer.Element tbs = sequence(certificate, outer.valueStart(), outer.end());
        List<byte[]> fields = new ArrayList<>();
        boolean found = false;
        for (int at = tbs.valueStart(); at < tbs.end();) {
            StrictDer.Element field = StrictDer.element(certificate, at, tbs.end());
            if (field.tag() != EXTENSIONS_TAG) {
                fields.add(field.encoded());
                at = field.end();
                continue;
            }
            StrictDer.Element list = sequence(certificate, field.valueStart(), field.end());
            if (list.end() != field.end()) {
                throw new IllegalArgumentException("bytes after the extensions");
            }
            List<byte[]> kept = new ArrayList<>();
            for (int e = list.valueStart(); e < list.end();) {
                StrictDer.Element extension = sequence(certificate, e, list.end());
                StrictDer.Element id = StrictDer.element(certificate, extension.valueStart(), extension.end());
                if (Arrays.equals(certificate, id.start(), id.end(), oidDer, 0, oidDer.length)) {
                    found = true;
                    if (replacement != null) {
                        kept.add(replacement);
                    }
                } else {
                    kept.add(extension.encoded());
                }
                e = extension.end();
            }
            if (!kept.isEmpty()) {
                fields.add(
                        DerBytes.frame(EXTENSIONS_TAG, DerBytes.frame(DerBytes.SEQUENCE, kept.toArray(byte[][]::new))));
            }
            at = field.end();
        }
        if (replacement != null && !found) {
            throw new IllegalArgumentException("no extension " + oid + " to replace");
        }
        return DerBytes.frame(DerBytes.SEQUENCE, fields.toArray(byte[][]::new));
    }

    private static StrictDer.Element sequence(byte[] der, int at, int limit) {
        StrictDer.Element element = StrictDer.element(der, at, limit);
        if (element.tag() != DerBytes.SEQUENCE) {
            throw new IllegalArgumentException("expected a DER SEQUENCE");
        }
        return element;
    }
}
