package dev.signet.ca;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.codec.Pem;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A CA backend that also publishes configured chains beside its issuing chain
 * ({@code signet.ca.additional-chains}): the older chain that signed until a rotation, or the next
 * one clients should trust before it signs. Signing is the backend's; only
 * {@link #publishedChains()} differs, and it follows the backend's issuing chain when that
 * changes on reload.
 */
public final class AdditionalChainsCa implements CertificateAuthority, AutoCloseable {

    private final CertificateAuthority backend;
    private final List<List<X509Certificate>> additional;

    private AdditionalChainsCa(CertificateAuthority backend, List<List<X509Certificate>> additional) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.additional = List.copyOf(additional);
    }

    /** {@code backend} publishing {@code additional} too; {@code backend} itself when there are none. */
    public static CertificateAuthority wrap(CertificateAuthority backend, List<List<X509Certificate>> additional) {
        return additional.isEmpty() ? backend : new AdditionalChainsCa(backend, additional);
    }

    /**
     * Reads and checks each file: PEM certificates of one CA chain, issuing certificate first and
     * root last (see {@link CaMaterialCheck#checkPublishedChain}).
     *
     * @throws SignetException {@code CA_BACKEND} naming the file and the problem
     */
    public static List<List<X509Certificate>> load(List<Path> files) {
        List<List<X509Certificate>> chains = new ArrayList<>();
        for (Path file : files) {
            String source = file + " (signet.ca.additional-chains)";
            List<X509Certificate> chain;
            try {
                chain = Pem.certificates(readBounded(file));
            } catch (IOException e) {
                throw new SignetException(ErrorKind.CA_BACKEND, "CA chain " + source + " cannot be read: " + e, e);
            } catch (IllegalArgumentException e) {
                throw new SignetException(ErrorKind.CA_BACKEND, "CA chain " + source + " is not valid PEM: "
                        + e.getMessage(), e);
            }
            chains.add(CaMaterialCheck.checkPublishedChain(chain, source));
        }
        return chains;
    }

    private static String readBounded(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(Pem.MAX_PEM_CHARS + 1);
            if (bytes.length > Pem.MAX_PEM_CHARS) {
                throw new IOException("larger than " + Pem.MAX_PEM_CHARS + " bytes");
            }
            return new String(bytes, StandardCharsets.US_ASCII);
        }
    }

    /** The wrapped backend (tests and diagnostics). */
    public CertificateAuthority backend() {
        return backend;
    }

    @Override
    public IssuedCertificate issue(CertificateIdentity identity, PublicKey subjectKey) {
        return backend.issue(identity, subjectKey);
    }

    @Override
    public Precertificate precertificate(CertificateIdentity identity, PublicKey subjectKey) {
        return backend.precertificate(identity, subjectKey);
    }

    @Override
    public IssuedCertificate finish(Precertificate precertificate, byte[] sctList) {
        return backend.finish(precertificate, sctList);
    }

    @Override
    public CompletionStage<IssuedCertificate> issueAsync(CertificateIdentity identity, PublicKey subjectKey) {
        return backend.issueAsync(identity, subjectKey);
    }

    @Override
    public CompletionStage<Precertificate> precertificateAsync(CertificateIdentity identity, PublicKey subjectKey) {
        return backend.precertificateAsync(identity, subjectKey);
    }

    @Override
    public CompletionStage<IssuedCertificate> finishAsync(Precertificate precertificate, byte[] sctList) {
        return backend.finishAsync(precertificate, sctList);
    }

    @Override
    public void testSignature() {
        backend.testSignature();
    }

    @Override
    public SigningStatus signingStatus() {
        return backend.signingStatus();
    }

    @Override
    public List<X509Certificate> trustChain() {
        return backend.trustChain();
    }

    /**
     * The backend's chains (its issuing chain first), then each configured chain in configuration
     * order, skipping any already listed: after a reload onto a chain that was published as the
     * next one, that chain moves to the front and the previous one follows.
     */
    @Override
    public List<List<X509Certificate>> publishedChains() {
        List<List<X509Certificate>> chains = new ArrayList<>(backend.publishedChains());
        for (List<X509Certificate> chain : additional) {
            if (!chains.contains(chain)) {
                chains.add(chain);
            }
        }
        return List.copyOf(chains);
    }

    @Override
    public void close() throws Exception {
        if (backend instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
