package dev.signet.certificate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Extension;

/**
 * The extensions of a leaf certificate in the exact order they are encoded. The precertificate and
 * the final certificate are derived from one value of this type ({@link #plus}, {@link #minus}),
 * so their shared extensions stay byte-identical and in the same order.
 *
 * @param list the extensions, in encoding order, no OID twice
 */
public record LeafExtensions(List<Extension> list) {

    public LeafExtensions {
        list = List.copyOf(list);
        Set<ASN1ObjectIdentifier> seen = new HashSet<>();
        for (Extension extension : list) {
            if (!seen.add(extension.getExtnId())) {
                throw new IllegalArgumentException("duplicate extension " + extension.getExtnId());
            }
        }
    }

    /** A copy with {@code extension} appended last. */
    public LeafExtensions plus(Extension extension) {
        List<Extension> longer = new ArrayList<>(list);
        longer.add(extension);
        return new LeafExtensions(longer);
    }

    /** A copy without the extension {@code oid}; the others keep their order. */
    public LeafExtensions minus(ASN1ObjectIdentifier oid) {
        return new LeafExtensions(list.stream().filter(e -> !e.getExtnId().equals(oid)).toList());
    }

    /** The extension {@code oid}, if present. */
    public Optional<Extension> find(ASN1ObjectIdentifier oid) {
        return list.stream().filter(e -> e.getExtnId().equals(oid)).findFirst();
    }

    /** The OIDs in encoding order. */
    public List<ASN1ObjectIdentifier> oids() {
        return list.stream().map(Extension::getExtnId).toList();
    }
}
