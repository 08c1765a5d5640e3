package dev.signet.ctlog.embedded;

import dev.signet.ctlog.EntryType;
import java.util.List;

/**
 * A submission the log accepted, reduced to what it logs.
 *
 * @param type precert or x509 entry
 * @param leaf the submitted certificate or precertificate DER
 * @param issuerKeyHash SHA-256 of the issuer's SubjectPublicKeyInfo (precert only, else empty)
 * @param signedData the TBS without poison (precert) or the certificate DER (x509)
 * @param issuers DER of every certificate after the leaf, ending in an accepted root
 * @param fingerprints SHA-256 of each of {@code issuers}
 */
record AcceptedChain(EntryType type, byte[] leaf, byte[] issuerKeyHash, byte[] signedData, List<byte[]> issuers,
        List<byte[]> fingerprints) {
}
