package dev.signet.certificate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.error.SignetException;
import dev.signet.identity.Uris;
import dev.signet.identity.email.EmailAddress;
import dev.signet.testing.FuzzStrings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.OtherName;

/**
 * Fuzzes the claim-to-certificate builders. Properties: a SAN built from a string the identity
 * layer accepts (an email address, a checked URI, any username) re-parses to exactly that string;
 * a Sigstore extension re-parses to exactly the value (UTF8String OIDs) or exactly its UTF-8 bytes
 * (raw OIDs); and a refusal is an IllegalArgumentException for an empty, over-long or malformed
 * (lone surrogate) value only.
 */
class LeafProfileFuzzTest {

    private static final int MAX_VALUE_CHARS = 64 * 1024;

    @FuzzTest(maxDuration = "2m")
    void subjectAltName(byte[] input) throws IOException {
        String value = FuzzStrings.decode(input);
        if (EmailAddress.isValid(value)) {
            assertEquals(value, ia5(roundTrip(SubjectAltName.email(value), GeneralName.rfc822Name)));
        }
        boolean uriAccepted;
        try {
            Uris.checked("uri", value);
            uriAccepted = true;
        } catch (SignetException e) {
            uriAccepted = false;
        }
        if (uriAccepted) {
            assertEquals(value, ia5(roundTrip(SubjectAltName.uri(value), GeneralName.uniformResourceIdentifier)));
        }
        Extension username;
        try {
            username = LeafProfile.subjectAltName(new SubjectAltName(SubjectAltName.Type.USERNAME, value));
        } catch (IllegalArgumentException e) {
            assertTrue(legitimatelyRefused(value), "refused a well-formed username");
            return;
        }
        GeneralName name = single(username, GeneralName.otherName);
        OtherName other = OtherName.getInstance(name.getName());
        assertEquals(SigstoreOid.OTHER_NAME_SAN, other.getTypeID().getId());
        assertEquals(value, ASN1UTF8String.getInstance(other.getValue()).getString());
    }

    @FuzzTest(maxDuration = "2m")
    void sigstoreExtension(byte[] input) throws IOException {
        String value = FuzzStrings.decode(input);
        for (SigstoreOid oid : new SigstoreOid[] {SigstoreOid.ISSUER_V1, SigstoreOid.ISSUER_V2}) {
            Extension extension;
            try {
                extension = LeafProfile.sigstoreExtension(oid, value);
            } catch (IllegalArgumentException e) {
                assertTrue(legitimatelyRefused(value), "refused a well-formed value for " + oid);
                continue;
            }
            assertEquals(oid.oid(), extension.getExtnId().getId());
            byte[] octets = extension.getExtnValue().getOctets();
            if (oid.encoding() == SigstoreOid.Encoding.RAW) {
                assertArrayEquals(value.getBytes(StandardCharsets.UTF_8), octets);
                assertEquals(value, new String(octets, StandardCharsets.UTF_8));
            } else {
                ASN1Primitive parsed = ASN1Primitive.fromByteArray(octets);
                assertEquals(value, ASN1UTF8String.getInstance(parsed).getString());
                assertArrayEquals(octets, parsed.getEncoded(ASN1Encoding.DER));
            }
        }
    }

    private static boolean legitimatelyRefused(String value) {
        return value.isEmpty() || value.length() > MAX_VALUE_CHARS || !FuzzStrings.isWellFormed(value);
    }

    private static GeneralName roundTrip(SubjectAltName san, int tag) throws IOException {
        Extension extension = LeafProfile.subjectAltName(san);
        assertTrue(extension.isCritical());
        return single(extension, tag);
    }

    private static GeneralName single(Extension extension, int tag) throws IOException {
        assertEquals(Extension.subjectAlternativeName, extension.getExtnId());
        byte[] octets = extension.getExtnValue().getOctets();
        ASN1Primitive parsed = ASN1Primitive.fromByteArray(octets);
        assertArrayEquals(octets, parsed.getEncoded(ASN1Encoding.DER));
        GeneralName[] names = GeneralNames.getInstance(parsed).getNames();
        assertEquals(1, names.length);
        assertEquals(tag, names[0].getTagNo());
        return names[0];
    }

    private static String ia5(GeneralName name) {
        return ASN1IA5String.getInstance(name.getName()).getString();
    }
}
