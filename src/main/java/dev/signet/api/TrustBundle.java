package dev.signet.api;

import java.util.List;

/**
 * The v2 {@code TrustBundle}: each chain is intermediates then root, full PEM with trailing newline.
 *
 * @param chains the CA chains
 */
public record TrustBundle(List<SigningCertificate.CertificateChain> chains) {
}
