package dev.signet.ctlog;

import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.TbsExtensions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;

/** The CT-specific certificate pieces: the poison and SCT-list OIDs, and the TBS a log signs for a precert. */
public final class CtCertificates {
    /** Precertificate poison extension; critical, value ASN.1 NULL. */
    public static final ASN1ObjectIdentifier POISON = LeafProfile.CT_PRECERT_POISON;
    /** Embedded SCT list extension. */
    public static final ASN1ObjectIdentifier SCT_LIST = LeafProfile.CT_SCT_LIST;
    /** Extended key usage of a Precertificate Signing Certificate. */
    public static final ASN1ObjectIdentifier PRECERT_SIGNING_EKU = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.4");

    private CtCertificates() {
    }

    /** True when the certificate carries the poison extension. */
    public static boolean isPrecertificate(Certificate certificate) {
        Extensions extensions = certificate.getTBSCertificate().getExtensions();
        return extensions != null && extensions.getExtension(POISON) != null;
    }

    /**
     * The DER TBSCertificate with the extension {@code oid} removed and everything else, extension
     * order included, unchanged. For a precert and {@link #POISON} this is what the log signs; for a
     * final certificate and {@link #SCT_LIST} it is what a verifier rebuilds.
     */
    public static byte[] tbsWithout(Certificate certificate, ASN1ObjectIdentifier oid) {
        ASN1Sequence tbs = ASN1Sequence.getInstance(certificate.getTBSCertificate().toASN1Primitive());
        ASN1EncodableVector rebuilt = new ASN1EncodableVector(tbs.size());
        for (ASN1Encodable element : tbs) {
            if (element instanceof ASN1TaggedObject tagged && tagged.getTagNo() == 3) {
                Extensions kept = without(Extensions.getInstance(tagged, true), oid);
                if (kept != null) {
                    rebuilt.add(new DERTaggedObject(true, 3, kept));
                }
            } else {
                rebuilt.add(element);
            }
        }
        try {
            return new DERSequence(rebuilt).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of a TBSCertificate failed", e);
        }
    }

    /**
     * {@link #tbsWithout(Certificate, ASN1ObjectIdentifier)} cut from the DER certificate's bytes,
     * without parsing or re-encoding anything: for certificates Signet itself encoded (and linted
     * as DER), where the result is the same bytes; issuance checks each SCT over it.
     *
     * @throws IllegalArgumentException when {@code certificate} is not shaped like a DER certificate
     */
    public static byte[] tbsWithout(byte[] certificate, ASN1ObjectIdentifier oid) {
        return TbsExtensions.without(certificate, oid);
    }

    /** SHA-256 of the DER SubjectPublicKeyInfo of {@code issuer}: the precert entry's issuer_key_hash. */
    public static byte[] issuerKeyHash(Certificate issuer) {
        try {
            return Sha256.hash(issuer.getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of a public key failed", e);
        }
    }

    private static Extensions without(Extensions extensions, ASN1ObjectIdentifier oid) {
        List<Extension> kept = new ArrayList<>();
        for (ASN1ObjectIdentifier id : extensions.getExtensionOIDs()) {
            if (!id.equals(oid)) {
                kept.add(extensions.getExtension(id));
            }
        }
        return kept.isEmpty() ? null : new Extensions(kept.toArray(new Extension[0]));
    }
}
