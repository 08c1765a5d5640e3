package dev.signet.ca;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Principal;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * A certificate Signet has just signed, kept as its DER: the JDK parses it only when something asks
 * more than its encoding. On the issuance path nothing does (the log and the response need the
 * bytes only), which spares a full certificate parse per precertificate and per final certificate.
 */
final class DeferredX509Certificate extends X509Certificate {
    private static final long serialVersionUID = 1L;

    private final byte[] der;
    private transient volatile X509Certificate parsed;

    /** {@code der} must be a well-formed certificate: a parse failure surfaces only on first use. */
    DeferredX509Certificate(byte[] der) {
        this.der = der.clone();
    }

    private X509Certificate parsed() {
        X509Certificate certificate = parsed;
        if (certificate == null) {
            certificate = CaMaterial.toX509(der);
            parsed = certificate;
        }
        return certificate;
    }

    @Override
    public byte[] getEncoded() throws CertificateEncodingException {
        return der.clone();
    }

    @Override
    public void verify(PublicKey key) throws CertificateException, NoSuchAlgorithmException, InvalidKeyException,
            NoSuchProviderException, SignatureException {
        parsed().verify(key);
    }

    @Override
    public void verify(PublicKey key, String sigProvider) throws CertificateException, NoSuchAlgorithmException,
            InvalidKeyException, NoSuchProviderException, SignatureException {
        parsed().verify(key, sigProvider);
    }

    @Override
    public void verify(PublicKey key, Provider sigProvider) throws CertificateException, NoSuchAlgorithmException,
            InvalidKeyException, SignatureException {
        parsed().verify(key, sigProvider);
    }

    @Override
    public String toString() {
        return parsed().toString();
    }

    @Override
    public PublicKey getPublicKey() {
        return parsed().getPublicKey();
    }

    @Override
    public boolean hasUnsupportedCriticalExtension() {
        return parsed().hasUnsupportedCriticalExtension();
    }

    @Override
    public Set<String> getCriticalExtensionOIDs() {
        return parsed().getCriticalExtensionOIDs();
    }

    @Override
    public Set<String> getNonCriticalExtensionOIDs() {
        return parsed().getNonCriticalExtensionOIDs();
    }

    @Override
    public byte[] getExtensionValue(String oid) {
        return parsed().getExtensionValue(oid);
    }

    @Override
    public void checkValidity() throws CertificateExpiredException, CertificateNotYetValidException {
        parsed().checkValidity();
    }

    @Override
    public void checkValidity(Date date) throws CertificateExpiredException, CertificateNotYetValidException {
        parsed().checkValidity(date);
    }

    @Override
    public int getVersion() {
        return parsed().getVersion();
    }

    @Override
    public BigInteger getSerialNumber() {
        return parsed().getSerialNumber();
    }

    @Override
    @SuppressWarnings("deprecation")
    public Principal getIssuerDN() {
        return parsed().getIssuerDN();
    }

    @Override
    public X500Principal getIssuerX500Principal() {
        return parsed().getIssuerX500Principal();
    }

    @Override
    @SuppressWarnings("deprecation")
    public Principal getSubjectDN() {
        return parsed().getSubjectDN();
    }

    @Override
    public X500Principal getSubjectX500Principal() {
        return parsed().getSubjectX500Principal();
    }

    @Override
    public Date getNotBefore() {
        return parsed().getNotBefore();
    }

    @Override
    public Date getNotAfter() {
        return parsed().getNotAfter();
    }

    @Override
    public byte[] getTBSCertificate() throws CertificateEncodingException {
        return parsed().getTBSCertificate();
    }

    @Override
    public byte[] getSignature() {
        return parsed().getSignature();
    }

    @Override
    public String getSigAlgName() {
        return parsed().getSigAlgName();
    }

    @Override
    public String getSigAlgOID() {
        return parsed().getSigAlgOID();
    }

    @Override
    public byte[] getSigAlgParams() {
        return parsed().getSigAlgParams();
    }

    @Override
    public boolean[] getIssuerUniqueID() {
        return parsed().getIssuerUniqueID();
    }

    @Override
    public boolean[] getSubjectUniqueID() {
        return parsed().getSubjectUniqueID();
    }

    @Override
    public boolean[] getKeyUsage() {
        return parsed().getKeyUsage();
    }

    @Override
    public List<String> getExtendedKeyUsage() throws CertificateParsingException {
        return parsed().getExtendedKeyUsage();
    }

    @Override
    public int getBasicConstraints() {
        return parsed().getBasicConstraints();
    }

    @Override
    public Collection<List<?>> getSubjectAlternativeNames() throws CertificateParsingException {
        return parsed().getSubjectAlternativeNames();
    }

    @Override
    public Collection<List<?>> getIssuerAlternativeNames() throws CertificateParsingException {
        return parsed().getIssuerAlternativeNames();
    }
}
