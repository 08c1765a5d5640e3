package dev.signet.ctlog.embedded;

import dev.signet.codec.DerBytes;
import dev.signet.codec.StrictDer;
import dev.signet.ctlog.CtCertificates;
import java.util.Arrays;

/**
 * The two things the chain check reads from a precertificate Signet's own CA signed in this process
 * ({@link ChainValidator.LeafSignature#MADE_IN_PROCESS}), read from its DER bytes without parsing it
 * again: its issuer name (encoded) and whether it carries the poison extension critical with an
 * ASN.1 NULL value (RFC 6962 §3.1). The CA parsed and linted this very TBS as DER a moment before
 * (lint before sign), so a second full parse here bought nothing but CPU; a certificate that is not
 * shaped as expected is refused as any malformed chain is.
 *
 * @param issuer the encoded issuer Name of the TBS
 * @param poisoned whether the poison extension is present, critical and NULL
 */
record OwnPrecertificate(byte[] issuer, boolean poisoned) {
    private static final int EXTENSIONS_TAG = 0xA3;
    private static final int VERSION_TAG = 0xA0;
    private static final byte[] POISON_OID = DerBytes.encode(CtCertificates.POISON);
    /** {@code BOOLEAN TRUE}, then the extnValue OCTET STRING holding {@code NULL}. */
    private static final byte[] CRITICAL_NULL = {0x01, 0x01, (byte) 0xff, 0x04, 0x02, 0x05, 0x00};

    /** @throws IllegalArgumentException when the bytes are not shaped like a DER certificate */
    static OwnPrecertificate read(byte[] certificate) {
        StrictDer.Element outer = sequence(certificate, 0, certificate.length);
        if (outer.end() != certificate.length) {
            throw new IllegalArgumentException("bytes after the certificate");
        }
        StrictDer.Element tbs = sequence(certificate, outer.valueStart(), outer.end());
        int at = tbs.valueStart();
        StrictDer.Element field = StrictDer.element(certificate, at, tbs.end());
        if (field.tag() == VERSION_TAG) {
            field = StrictDer.element(certificate, field.end(), tbs.end());
        }
        // serialNumber, signature, then issuer
        field = StrictDer.element(certificate, field.end(), tbs.end());
        StrictDer.Element issuer = sequence(certificate, field.end(), tbs.end());
        boolean poisoned = false;
        for (at = issuer.end(); at < tbs.end();) {
            field = StrictDer.element(certificate, at, tbs.end());
            if (field.tag() == EXTENSIONS_TAG) {
                poisoned = poisoned(certificate, sequence(certificate, field.valueStart(), field.end()));
            }
            at = field.end();
        }
        return new OwnPrecertificate(issuer.encoded(), poisoned);
    }

    private static boolean poisoned(byte[] der, StrictDer.Element extensions) {
        for (int at = extensions.valueStart(); at < extensions.end();) {
            StrictDer.Element extension = sequence(der, at, extensions.end());
            StrictDer.Element id = StrictDer.element(der, extension.valueStart(), extension.end());
            if (Arrays.equals(der, id.start(), id.end(), POISON_OID, 0, POISON_OID.length)) {
                return Arrays.equals(der, id.end(), extension.end(), CRITICAL_NULL, 0, CRITICAL_NULL.length);
            }
            at = extension.end();
        }
        return false;
    }

    private static StrictDer.Element sequence(byte[] der, int at, int limit) {
        StrictDer.Element element = StrictDer.element(der, at, limit);
        if (element.tag() != DerBytes.SEQUENCE) {
            throw new IllegalArgumentException("expected a DER SEQUENCE");
        }
        return element;
    }
}
