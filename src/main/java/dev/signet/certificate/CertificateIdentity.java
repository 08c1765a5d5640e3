package dev.signet.certificate;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a verified identity puts into its certificate: the one SAN and the Sigstore extensions.
 *
 * @param subjectAltName the SAN
 * @param extensions     extension values in OID order; empty values are never present
 */
public record CertificateIdentity(SubjectAltName subjectAltName, Map<SigstoreOid, String> extensions) {

    public CertificateIdentity {
        Objects.requireNonNull(subjectAltName, "subjectAltName");
        EnumMap<SigstoreOid, String> copy = new EnumMap<>(SigstoreOid.class);
        extensions.forEach((oid, value) -> {
            if (value != null && !value.isEmpty()) {
                copy.put(oid, value);
            }
        });
        extensions = Collections.unmodifiableMap(copy);
    }
}
