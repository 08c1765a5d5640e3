package dev.signet.ca;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A leaf and the CA chain it was issued under (leaf not included in chain).
 *
 * @param leaf  the issued certificate
 * @param chain issuing certificate first, root last
 */
public record IssuedCertificate(X509Certificate leaf, List<X509Certificate> chain) {

    public IssuedCertificate {
        Objects.requireNonNull(leaf, "leaf");
        chain = List.copyOf(chain);
    }
}
