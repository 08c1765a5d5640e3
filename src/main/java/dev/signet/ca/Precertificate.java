package dev.signet.ca;

import dev.signet.certificate.LeafTemplate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A precertificate (the leaf plus the critical CT poison), with what finishing it needs: the
 * template it was built from and the CA material that signed it, so that the final certificate is
 * signed by the same key even if the CA rotates in between. Never handed to a client.
 *
 * @param certificate the signed precertificate
 * @param template    the leaf template without poison
 * @param material    the CA material that signed it
 */
public record Precertificate(X509Certificate certificate, LeafTemplate template, CaMaterial material) {

    public Precertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(material, "material");
    }

    /** The chain to submit to a log's {@code add-pre-chain}: precertificate, then the CA chain. */
    public List<X509Certificate> submissionChain() {
        List<X509Certificate> chain = new java.util.ArrayList<>(material.chain().size() + 1);
        chain.add(certificate);
        chain.addAll(material.chain());
        return chain;
    }

    /** The certificate that issued it (the first of the CA chain), whose key hash the log's SCT covers. */
    public X509Certificate issuer() {
        return material.chain().get(0);
    }
}
