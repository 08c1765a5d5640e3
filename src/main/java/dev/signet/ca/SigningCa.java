package dev.signet.ca;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.LeafTemplate;
import dev.signet.certificate.TbsExtensions;
import dev.signet.certificate.lint.CertificateLinter;
import dev.signet.certificate.lint.LeafKind;
import dev.signet.certificate.lint.LintAlarm;
import dev.signet.codec.DerBytes;
import dev.signet.error.AsyncFailure;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.operator.ContentSigner;

/**
 * The shared base of CA backends whose key is in this process: builds the leaf from the profile
 * and signs it with the current {@link CaMaterial}, which a subclass may swap at any time. Every
 * leaf is linted before the CA key signs it ({@link PreIssuanceLint}).
 */
public abstract class SigningCa implements CertificateAuthority {

    private final LeafProfile profile;
    private volatile CaMaterial material;
    private volatile SigningStatus signingStatus = SigningStatus.signing(Instant.now());
    private final PreIssuanceLint lint;
    private volatile LintAlarm lintAlarm = LintAlarm.NONE;

    protected SigningCa(LeafProfile profile, CaMaterial material) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.material = Objects.requireNonNull(material, "material");
        this.lint = new PreIssuanceLint(CertificateLinter.standard(), profile.validity(),
                profile.writesSubjectKeyIdentifier());
        lint.prepareFor(material);
    }

    /** Where broken lint rules are reported (the alarm metric); until set, only the refusal itself. */
    public void onLintFailure(LintAlarm alarm) {
        lintAlarm = Objects.requireNonNull(alarm, "alarm");
    }

    /** The material in use now; take it once per issuance and use that instance throughout. */
    public CaMaterial material() {
        return material;
    }

    public LeafProfile profile() {
        return profile;
    }

    /** Makes {@code next} the material for every issuance that starts after this call. */
    protected void replaceMaterial(CaMaterial next) {
        lint.prepareFor(Objects.requireNonNull(next, "next"));
        material = next;
    }

    /** The real signer of {@code signing}'s key; the one place leaves get the CA's signature. */
    protected ContentSigner signer(CaMaterial signing) {
        return signing.signer();
    }

    private X509Certificate sign(CaMaterial signing, LeafTemplate template, LeafKind kind) {
        return lint.sign(template, kind, signing, signer(signing), lintAlarm);
    }

    @Override
    public IssuedCertificate issue(CertificateIdentity identity, PublicKey subjectKey) {
        CaMaterial current = material;
        return backend("leaf certificate", () -> {
            LeafTemplate template = profile.template(current.issuingCertificate(), subjectKey, identity);
            return new IssuedCertificate(sign(current, template, LeafKind.UNLOGGED), current.chain());
        });
    }

    @Override
    public Precertificate precertificate(CertificateIdentity identity, PublicKey subjectKey) {
        CaMaterial current = material;
        return backend("precertificate", () -> {
            LeafTemplate template = profile.template(current.issuingCertificate(), subjectKey, identity);
            X509Certificate precertificate = sign(current,
                    template.withExtensions(template.extensions().plus(LeafProfile.precertificatePoison())),
                    LeafKind.PRECERTIFICATE);
            return new Precertificate(precertificate, template, current);
        });
    }

    @Override
    public IssuedCertificate finish(Precertificate precertificate, byte[] sctList) {
        CaMaterial signer = precertificate.material();
        return backend("final certificate", () -> new IssuedCertificate(
                lint.sign(finalTbs(precertificate, sctList), LeafKind.FINAL, signer, signer(signer), lintAlarm),
                signer.chain()));
    }

    /**
     * {@link #issueAsync(CertificateIdentity, PublicKey)} for a backend whose key signs without
     * holding the caller's thread: {@code signer} gives the asynchronous signer of the material the
     * issuance takes. Lint runs in the calling thread, the rest when the signature arrives.
     */
    protected final CompletionStage<IssuedCertificate> issueAsync(CertificateIdentity identity, PublicKey subjectKey,
            Function<CaMaterial, AsyncSigner> signer) {
        CaMaterial current = material;
        return backendAsync("leaf certificate", () -> {
            LeafTemplate template = profile.template(current.issuingCertificate(), subjectKey, identity);
            return lint.signAsync(template, LeafKind.UNLOGGED, current, signer.apply(current), lintAlarm)
                    .thenApply(leaf -> new IssuedCertificate(leaf, current.chain()));
        });
    }

    /** {@link #precertificateAsync(CertificateIdentity, PublicKey)} with an asynchronous signer. */
    protected final CompletionStage<Precertificate> precertificateAsync(CertificateIdentity identity,
            PublicKey subjectKey, Function<CaMaterial, AsyncSigner> signer) {
        CaMaterial current = material;
        return backendAsync("precertificate", () -> {
            LeafTemplate template = profile.template(current.issuingCertificate(), subjectKey, identity);
            return lint
                    .signAsync(template.withExtensions(template.extensions().plus(LeafProfile.precertificatePoison())),
                            LeafKind.PRECERTIFICATE, current, signer.apply(current), lintAlarm)
                    .thenApply(precertificate -> new Precertificate(precertificate, template, current));
        });
    }

    /** {@link #finishAsync(Precertificate, byte[])} with an asynchronous signer. */
    protected final CompletionStage<IssuedCertificate> finishAsync(Precertificate precertificate, byte[] sctList,
            Function<CaMaterial, AsyncSigner> signer) {
        CaMaterial current = precertificate.material();
        return backendAsync("final certificate", () -> lint.signAsync(finalTbs(precertificate, sctList),
                LeafKind.FINAL, current, signer.apply(current), lintAlarm)
                .thenApply(leaf -> new IssuedCertificate(leaf, current.chain())));
    }

    /** The linted precertificate's own TBS with the poison swapped for the SCT list, in its place. */
    private static byte[] finalTbs(Precertificate precertificate, byte[] sctList) {
        // What the log signed is, byte for byte, what the final certificate holds.
        return TbsExtensions.replacing(encoded(precertificate.certificate()), LeafProfile.CT_PRECERT_POISON,
                DerBytes.encode(new Extension(LeafProfile.CT_SCT_LIST, false, sctList)));
    }

    /**
     * Runs a signing step; whatever fails becomes CA_BACKEND with the detail for the log only, and a
     * failure of the key itself marks the CA as unable to sign at once.
     */
    private <T> T backend(String what, Supplier<T> step) {
        T result;
        try {
            result = step.get();
        } catch (RuntimeException e) {
            throw failed(what, e);
        }
        recordSigningStatus(true, "");
        return result;
    }

    /** {@link #backend} for a step that ends later: the stage fails with the same SignetException. */
    private <T> CompletionStage<T> backendAsync(String what, Supplier<CompletionStage<T>> step) {
        CompletionStage<T> started;
        try {
            started = step.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(failed(what, e));
        }
        return started.handle((result, failure) -> {
            if (failure != null) {
                throw failed(what, AsyncFailure.cause(failure));
            }
            recordSigningStatus(true, "");
            return result;
        });
    }

    /** The SignetException for a failed step; a failure of the key turns the signing status DOWN. */
    private SignetException failed(String what, Throwable failure) {
        if (failure instanceof SignetException signet) {
            return signet;
        }
        if (TestSignature.isKeyFailure(failure)) {
            recordSigningStatus(false, SigningStatus.SIGNING_FAILED);
        }
        return new SignetException(ErrorKind.CA_BACKEND, what + " could not be issued: " + failure.getMessage(),
                failure);
    }

    @Override
    public void testSignature() {
        try {
            TestSignature.make(material);
        } catch (GeneralSecurityException | RuntimeException e) {
            recordSigningStatus(false, SigningStatus.TEST_SIGNATURE_FAILED);
            throw new SignetException(ErrorKind.CA_BACKEND, "CA key test signature failed: " + e, e);
        }
        recordSigningStatus(true, "");
    }

    @Override
    public SigningStatus signingStatus() {
        return signingStatus;
    }

    /** Records the outcome of a signature; the time moves only when the state changes. */
    private void recordSigningStatus(boolean canSign, String reason) {
        SigningStatus current = signingStatus;
        if (current.canSign() != canSign || !current.reason().equals(reason)) {
            signingStatus =
                    canSign ? SigningStatus.signing(Instant.now()) : SigningStatus.failing(reason, Instant.now());
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("precertificate cannot be encoded", e);
        }
    }

    @Override
    public List<X509Certificate> trustChain() {
        return material.chain();
    }
}
