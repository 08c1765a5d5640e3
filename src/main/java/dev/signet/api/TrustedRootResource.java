package dev.signet.api;

import dev.signet.ca.CertificateAuthority;
import dev.signet.config.PublicUrl;
import dev.signet.ctlog.ConfiguredLog;
import dev.signet.ctlog.CtLog;
import dev.signet.ctlog.LogIdentity;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * {@code GET /api/v2/trustedRoot} (a Signet extension): the Sigstore trusted root for this CA and
 * its log, ready for {@code cosign verify --trusted-root} or sigstore-java's verifier.
 */
@Path("/api/v2/trustedRoot")
public class TrustedRootResource {
    private final CertificateAuthority ca;
    private final ConfiguredLog log;
    private final PublicUrl publicUrl;

    public TrustedRootResource(CertificateAuthority ca, ConfiguredLog log, PublicUrl publicUrl) {
        this.ca = ca;
        this.log = log;
        this.publicUrl = publicUrl;
    }

    /** Names Signet by its configured URL, never by the request's Host: a cached answer must not point elsewhere. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public TrustedRoot trustedRoot() {
        List<List<X509Certificate>> chains = ca.publishedChains();
        String base = publicUrl.base();
        List<X509Certificate> issuing = chains.get(0);
        List<TrustedRoot.CertificateAuthority> authorities = new ArrayList<>();
        Instant earliestRoot = null;
        for (List<X509Certificate> chain : chains) {
            authorities.add(certificateAuthority(chain, validFor(chain, issuing), base));
            Instant rootStart = chain.get(chain.size() - 1).getNotBefore().toInstant();
            earliestRoot = earliestRoot == null || rootStart.isBefore(earliestRoot) ? rootStart : earliestRoot;
        }
        TrustedRoot.TimeRange since = new TrustedRoot.TimeRange(earliestRoot.toString());
        // A remote log is named by its URL; the embedded one is served by Signet itself.
        List<TrustedRoot.TransparencyLog> logs = log.log().map(CtLog::identity)
                .map(identity -> List.of(transparencyLog(identity, log.remoteUrl().orElse(base + "/log"), since)))
                .orElse(List.of());
        return new TrustedRoot(TrustedRoot.MEDIA_TYPE, List.of(), authorities, logs, List.of());
    }

    private static TrustedRoot.CertificateAuthority certificateAuthority(List<X509Certificate> chain,
            TrustedRoot.TimeRange validFor, String base) {
        List<TrustedRoot.RawBytes> certificates = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            certificates.add(new TrustedRoot.RawBytes(base64(der(certificate))));
        }
        return new TrustedRoot.CertificateAuthority(subject(chain.get(0).getSubjectX500Principal()), base,
                new TrustedRoot.CertificateChain(certificates), validFor);
    }

    /**
     * From the chain's issuing certificate's notBefore. A retired chain (not issuing, and older
     * than the issuing one) ends when its issuing certificate expires: no leaf it signed can be
     * valid later. The issuing chain and a next chain stay open-ended.
     */
    static TrustedRoot.TimeRange validFor(List<X509Certificate> chain, List<X509Certificate> issuing) {
        X509Certificate first = chain.get(0);
        String start = first.getNotBefore().toInstant().toString();
        boolean retired = !chain.equals(issuing) && first.getNotBefore().before(issuing.get(0).getNotBefore());
        return retired ? new TrustedRoot.TimeRange(start, first.getNotAfter().toInstant().toString())
                : new TrustedRoot.TimeRange(start);
    }

    /** The log key is trusted from the CA root's start: no SCT Signet embeds is older. */
    private static TrustedRoot.TransparencyLog transparencyLog(LogIdentity log, String url,
            TrustedRoot.TimeRange since) {
        return new TrustedRoot.TransparencyLog(url, "SHA2_256",
                new TrustedRoot.PublicKey(base64(log.publicKey().getEncoded()), keyDetails(log.publicKey()), since),
                new TrustedRoot.LogId(base64(log.logId())));
    }

    /** Sigstore's {@code PublicKeyDetails} name for a log key. */
    static String keyDetails(java.security.PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            return switch (ec.getParams().getCurve().getField().getFieldSize()) {
                case 256 -> "PKIX_ECDSA_P256_SHA_256";
                case 384 -> "PKIX_ECDSA_P384_SHA_384";
                case 521 -> "PKIX_ECDSA_P521_SHA_512";
                default -> throw new SignetException(ErrorKind.INTERNAL, "log key on an unsupported curve");
            };
        }
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return bits <= 2048 ? "PKIX_RSA_PKCS1V15_2048_SHA256"
                    : bits <= 3072 ? "PKIX_RSA_PKCS1V15_3072_SHA256" : "PKIX_RSA_PKCS1V15_4096_SHA256";
        }
        if ("Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm())) {
            return "PKIX_ED25519";
        }
        throw new SignetException(ErrorKind.INTERNAL, "log key of an unsupported type");
    }

    private static TrustedRoot.DistinguishedName subject(X500Principal principal) {
        X500Name name = X500Name.getInstance(principal.getEncoded());
        return new TrustedRoot.DistinguishedName(first(name, BCStyle.O), first(name, BCStyle.CN));
    }

    private static String first(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        return rdns.length == 0 ? "" : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new SignetException(ErrorKind.TRUST_BUNDLE, "CA certificate cannot be encoded", e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
