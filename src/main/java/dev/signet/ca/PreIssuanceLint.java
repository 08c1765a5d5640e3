package dev.signet.ca;

import dev.signet.certificate.LeafTemplate;
import dev.signet.certificate.lint.CertificateLinter;
import dev.signet.certificate.lint.LeafKind;
import dev.signet.certificate.lint.LintAlarm;
import dev.signet.certificate.lint.LintContext;
import dev.signet.certificate.lint.LintFinding;
import dev.signet.certificate.lint.LintedCertificate;
import dev.signet.codec.DerBytes;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.io.OutputStream;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;

/**
 * Lint before sign (Boulder's pattern): the TBS is signed first by a {@link ThrowawayKey} and the
 * result linted; only a clean TBS is then signed by the CA key, over exactly the linted bytes, and
 * the signed certificate's TBS is compared with the linted one.
 */
final class PreIssuanceLint {

    /** The rule name for a signed certificate whose TBS differs from the linted one. */
    static final String TBS_NOT_DETERMINISTIC = "e_tbs_not_deterministic";

    private final CertificateLinter linter;
    private final Duration maxValidity;
    private final boolean subjectKeyIdentifier;

    PreIssuanceLint(CertificateLinter linter, Duration maxValidity, boolean subjectKeyIdentifier) {
        this.linter = Objects.requireNonNull(linter, "linter");
        this.maxValidity = Objects.requireNonNull(maxValidity, "maxValidity");
        this.subjectKeyIdentifier = subjectKeyIdentifier;
    }

    /**
     * Makes the throwaway key for {@code material}'s key type now (at startup or when the material
     * is replaced), not on the first request; the throwaway key is the lint step's alone.
     */
    void prepareFor(CaMaterial material) {
        ThrowawayKey.forCa(material);
    }

    /**
     * The certificate for {@code template}, signed by {@code real} only if its throwaway-signed twin
     * passes every rule.
     *
     * @throws SignetException {@code CERTIFICATE_LINT} naming the first broken rule; each broken rule
     *     is raised on {@code alarm}
     */
    X509Certificate sign(LeafTemplate template, LeafKind kind, CaMaterial material, ContentSigner real,
            LintAlarm alarm) {
        byte[] algorithm = DerBytes.encode(real.getAlgorithmIdentifier());
        return sign(template.tbs(algorithm), algorithm, kind, material, real, alarm);
    }

    /**
     * As {@link #sign(LeafTemplate, LeafKind, CaMaterial, ContentSigner, LintAlarm)} for a TBS that
     * is already encoded: a precertificate's, its poison replaced by the SCT list.
     */
    X509Certificate sign(byte[] tbs, LeafKind kind, CaMaterial material, ContentSigner real, LintAlarm alarm) {
        return sign(tbs, DerBytes.encode(real.getAlgorithmIdentifier()), kind, material, real, alarm);
    }

    private X509Certificate sign(byte[] tbs, byte[] algorithm, LeafKind kind, CaMaterial material,
            ContentSigner real, LintAlarm alarm) {
        byte[] lintEncoding = certificate(tbs, algorithm, ThrowawayKey.forCa(material).sign(tbs));
        return lintThenSign(lintEncoding, algorithm, kind, material, real, alarm);
    }

    /** Lints {@code lintEncoding}; only if clean, {@code real} signs its TBS under {@code algorithm} (DER). */
    private X509Certificate lintThenSign(byte[] lintEncoding, byte[] algorithm, LeafKind kind, CaMaterial material,
            ContentSigner real, LintAlarm alarm) {
        byte[] tbs = lint(lintEncoding, kind, material, alarm);
        byte[] signature = signature(real, tbs);
        // Asked again, as a certificate builder would: a signer that changes its mind is caught here.
        AlgorithmIdentifier outer = real.getAlgorithmIdentifier();
        byte[] outerDer = DerBytes.encode(outer);
        if (!Arrays.equals(outerDer, algorithm)) {
            throw refused(List.of(new LintFinding(TBS_NOT_DETERMINISTIC,
                    "the signer's algorithm changed to " + outer.getAlgorithm() + " after linting")), kind, alarm);
        }
        return signed(tbs, outerDer, signature, kind, alarm);
    }

    /**
     * As {@link #sign(LeafTemplate, LeafKind, CaMaterial, ContentSigner, LintAlarm)} with a key that
     * signs without holding the caller's thread: the throwaway-key copy is linted here, in the
     * calling thread; the stage then waits for {@code real}'s signature of the same TBS and frames
     * it in the thread that completes that signature.
     *
     * @throws SignetException {@code CERTIFICATE_LINT} at once, before {@code real} is asked
     */
    CompletionStage<X509Certificate> signAsync(LeafTemplate template, LeafKind kind, CaMaterial material,
            AsyncSigner real, LintAlarm alarm) {
        byte[] algorithm = DerBytes.encode(real.algorithmIdentifier());
        return signAsync(template.tbs(algorithm), algorithm, kind, material, real, alarm);
    }

    /** As {@link #signAsync(LeafTemplate, LeafKind, CaMaterial, AsyncSigner, LintAlarm)} for an encoded TBS. */
    CompletionStage<X509Certificate> signAsync(byte[] tbs, LeafKind kind, CaMaterial material, AsyncSigner real,
            LintAlarm alarm) {
        return signAsync(tbs, DerBytes.encode(real.algorithmIdentifier()), kind, material, real, alarm);
    }

    private CompletionStage<X509Certificate> signAsync(byte[] tbs, byte[] algorithm, LeafKind kind,
            CaMaterial material, AsyncSigner real, LintAlarm alarm) {
        byte[] linted = lint(certificate(tbs, algorithm, ThrowawayKey.forCa(material).sign(tbs)), kind, material,
                alarm);
        return real.sign(linted).thenApply(signature -> signed(linted, algorithm, signature, kind, alarm));
    }

    /** The TBS of {@code lintEncoding} if it breaks no rule. */
    private byte[] lint(byte[] lintEncoding, LeafKind kind, CaMaterial material, LintAlarm alarm) {
        List<LintFinding> findings = linter.lint(lintEncoding,
                new LintContext(material.issuingCertificate(), maxValidity, kind, subjectKeyIdentifier));
        if (!findings.isEmpty()) {
            throw refused(findings, kind, alarm);
        }
        return LintedCertificate.tbsBytes(lintEncoding);
    }

    /** The certificate of the linted {@code tbs} and the CA key's signature of it. */
    private X509Certificate signed(byte[] tbs, byte[] algorithm, byte[] signature, LeafKind kind, LintAlarm alarm) {
        // The linted TBS bytes themselves, framed: they are DER already, so nothing is parsed or re-encoded.
        byte[] signed = certificate(tbs, algorithm, signature);
        if (!Arrays.equals(LintedCertificate.tbsBytes(signed), tbs)) {
            throw refused(List.of(new LintFinding(TBS_NOT_DETERMINISTIC,
                    "the signed TBS differs from the linted one")), kind, alarm);
        }
        return new DeferredX509Certificate(signed);
    }

    private static SignetException refused(List<LintFinding> findings, LeafKind kind, LintAlarm alarm) {
        findings.forEach(finding -> alarm.raise(finding.rule()));
        String more = findings.size() == 1 ? ""
                : " (and " + findings.subList(1, findings.size()).stream().map(LintFinding::rule).toList() + ")";
        return new SignetException(ErrorKind.CERTIFICATE_LINT, findings.get(0).rule() + ": "
                + findings.get(0).detail() + more + " [" + kind + "]");
    }

    private static byte[] signature(ContentSigner real, byte[] tbs) {
        try (OutputStream out = real.getOutputStream()) {
            out.write(tbs);
        } catch (IOException e) {
            throw new IllegalStateException("CA signer refused the TBS", e);
        }
        return real.getSignature();
    }

    /** The DER Certificate of a TBS and an AlgorithmIdentifier that are DER already, and a signature. */
    static byte[] certificate(byte[] tbs, byte[] algorithm, byte[] signature) {
        return sequence(tbs, algorithm, DerBytes.encode(new DERBitString(signature)));
    }

    /** A DER SEQUENCE of elements that are DER-encoded already. */
    static byte[] sequence(byte[]... elements) {
        return DerBytes.frame(DerBytes.SEQUENCE, elements);
    }
}
