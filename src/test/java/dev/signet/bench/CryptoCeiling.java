package dev.signet.bench;

import dev.signet.certificate.lint.CertificateLinter;
import dev.signet.certificate.lint.LeafKind;
import dev.signet.certificate.lint.LintContext;
import dev.signet.certificate.lint.LintFinding;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The crypto ceiling: what one issuance costs in crypto and certificate building alone, measured in
 * the bench JVM with the server's JDK, providers and key types, as CPU time of one thread. One
 * issuance here is: verify the token's signature (SunRsaSign for RS256, BC for ES256), decode the
 * client key and verify its proof (BC), build and sign the precertificate (BC, CA key), parse it and
 * re-encode its TBS without the poison as a log does, hash the leaf and a Merkle path (JDK SHA-256),
 * sign the SCT (BC, P-256), build and sign the final certificate with the SCT list. Every
 * {@link Signature} and {@link ContentSigner} is new per operation, as a request handler's would be.
 * Nothing else: no JSON, no HTTP, no claim checks, no storage.
 */
final class CryptoCeiling {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final ASN1ObjectIdentifier POISON = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.3");
    private static final ASN1ObjectIdentifier SCT_LIST = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2");
    private static final ASN1ObjectIdentifier ISSUER_V1 = new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1.1");
    private static final ASN1ObjectIdentifier ISSUER_V2 = new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1.8");
    /** A Merkle path in a log of about 16 million entries. */
    private static final int MERKLE_HASHES = 24;

    /** The warm-up goes on past its minimum until the JIT settles (as the server's), at most this long. */
    private static final Duration MAX_WARMUP = Duration.ofSeconds(60);
    private static final Duration JIT_PROBE = Duration.ofSeconds(2);

    /** One measurement: issuances and the CPU nanoseconds of the measuring thread, after its warm-up. */
    record Result(String when, long issuances, long cpuNanos, long wallNanos, long warmupNanos) {
        double microsPerIssuance() {
            return cpuNanos / 1000.0 / issuances;
        }

        double perCpuSecond() {
            return issuances / (cpuNanos / 1e9);
        }

        String json() {
            return String.format(Locale.ROOT, "{\"when\":\"%s\",\"issuances\":%d,\"cpu_us_per_issuance\":%.0f,"
                    + "\"per_cpu_second\":%.0f,\"thread_cpu_share\":%.2f,\"warmup_s\":%.0f}", when, issuances,
                    microsPerIssuance(), perCpuSecond(), cpuNanos / (double) wallNanos, warmupNanos / 1e9);
        }
    }

    private final IssuanceFixtures fixtures;
    private final PublicKey rsaIssuerKey;
    private final PublicKey ecIssuerKey;
    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final String caSignatureAlgorithm;
    private final X500Name caName;
    private final byte[] caKeyId;
    private final KeyPair logKeys;
    private final SecureRandom random = new SecureRandom();
    private String issuerUrl = "https://issuer.example";

    CryptoCeiling(IssuanceFixtures fixtures, PublicKey rsaIssuerKey, PublicKey ecIssuerKey, KeyPair caKeys,
            X509Certificate caCertificate, String caSignatureAlgorithm, KeyPair logKeys) {
        this.fixtures = fixtures;
        this.rsaIssuerKey = rsaIssuerKey;
        this.ecIssuerKey = ecIssuerKey;
        this.caKeys = caKeys;
        this.caCertificate = caCertificate;
        this.caSignatureAlgorithm = caSignatureAlgorithm;
        this.caName = X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded());
        // The CA certificate's own key identifier, as the server's authorityKeyIdentifier carries it.
        this.caKeyId = ASN1OctetString.getInstance(ASN1OctetString.getInstance(
                caCertificate.getExtensionValue(Extension.subjectKeyIdentifier.getId())).getOctets()).getOctets();
        this.logKeys = logKeys;
    }

    CryptoCeiling issuerUrl(String url) {
        this.issuerUrl = url;
        return this;
    }

    /**
     * Runs issuances on the calling thread for at least {@code warmup} and then until this JVM's JIT
     * has settled, by the server's rule (compilers under {@link LoadPhases#JIT_SETTLED_CORES} of a core
     * over a probe; at most {@link #MAX_WARMUP}), then measures for {@code duration}. Without it the
     * first measurement counts Bouncy Castle's code before C2 compiles it, up to a quarter dearer,
     * which flattered efficiency in short runs.
     */
    Result measure(String when, Duration warmup, Duration duration) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long warmStart = System.nanoTime();
        long sequence = 0;
        long minimumEnd = warmStart + warmup.toNanos();
        long maximumEnd = warmStart + Math.max(warmup.toNanos(), MAX_WARMUP.toNanos());
        long probeStart = warmStart;
        long compileMillisAtProbe = jit.getTotalCompilationTime();
        while (true) {
            issueOnce(fixtures.get(sequence++));
            long now = System.nanoTime();
            if (now >= maximumEnd) {
                break;
            }
            if (now - probeStart >= JIT_PROBE.toNanos()) {
                long compileMillis = jit.getTotalCompilationTime();
                boolean settled = (compileMillis - compileMillisAtProbe) * 1e6 < LoadPhases.JIT_SETTLED_CORES
                        * (now - probeStart);
                if (settled && now >= minimumEnd) {
                    break;
                }
                probeStart = now;
                compileMillisAtProbe = compileMillis;
            }
        }
        long warmupNanos = System.nanoTime() - warmStart;
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        long end = wallStart + duration.toNanos();
        long count = 0;
        while (System.nanoTime() < end) {
            issueOnce(fixtures.get(sequence++));
            count++;
        }
        return new Result(when, count, threads.getCurrentThreadCpuTime() - cpuStart, System.nanoTime() - wallStart,
                warmupNanos);
    }

    /**
     * CPU µs of one check of an SCT signature with the log's key, as issuance makes before embedding
     * an SCT: not part of the ceiling (the issue's ceiling counts the SCT's signature, not its check),
     * reported beside it because the transparency-log issue requires it. One log key object is reused,
     * as the server does, over a precertificate entry of the size the server signs.
     */
    double sctCheckMicros(Duration duration) throws Exception {
        byte[] entry = new byte[900];
        random.nextBytes(entry);
        Signature signer = Signature.getInstance("SHA256withECDSA", BC);
        signer.initSign(logKeys.getPrivate());
        signer.update(entry);
        byte[] signature = signer.sign();
        PublicKey logKey = KeyFactory.getInstance("EC", BC).generatePublic(
                new X509EncodedKeySpec(logKeys.getPublic().getEncoded()));
        return cpuMicrosPerCall(duration, call -> {
            Signature verifier = Signature.getInstance("SHA256withECDSA", BC);
            verifier.initVerify(logKey);
            verifier.update(entry);
            if (!verifier.verify(signature)) {
                throw new IllegalStateException("SCT signature did not verify");
            }
        });
    }

    /**
     * CPU µs of the server's own pre-issuance lint (Signet's {@link CertificateLinter}, every rule) of
     * one precertificate and one final certificate, as issuance runs it before each CA signature: not
     * part of the ceiling, reported beside it because lint before sign is required. The leaves are
     * this ceiling's; a rule they break would make the figure meaningless, so any finding throws.
     */
    double lintMicros(Duration duration) throws Exception {
        Leaves[] leaves = new Leaves[32];
        for (int i = 0; i < leaves.length; i++) {
            IssuanceFixtures.Fixture fixture = fixtures.get(i);
            leaves[i] = leaves(SubjectPublicKeyInfo.getInstance(fixture.publicKeyDer()), fixture.email());
        }
        CertificateLinter linter = CertificateLinter.standard();
        LintContext precertificate = new LintContext(caCertificate, Duration.ofMinutes(10), LeafKind.PRECERTIFICATE);
        LintContext finalCertificate = new LintContext(caCertificate, Duration.ofMinutes(10), LeafKind.FINAL);
        return cpuMicrosPerCall(duration, call -> {
            Leaves pair = leaves[(int) (call % leaves.length)];
            List<LintFinding> findings = linter.lint(pair.precertificate(), precertificate);
            if (findings.isEmpty()) {
                findings = linter.lint(pair.certificate(), finalCertificate);
            }
            if (!findings.isEmpty()) {
                throw new IllegalStateException("the ceiling's leaves break lint rules: " + findings);
            }
        });
    }

    /** One call of what {@link #cpuMicrosPerCall} measures; {@code call} counts from 0. */
    @FunctionalInterface
    private interface Call {
        void run(long call) throws Exception;
    }

    /** CPU µs of this thread per run of {@code body}, run over and over for {@code duration}. */
    private static double cpuMicrosPerCall(Duration duration, Call body) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long end = System.nanoTime() + duration.toNanos();
        long count = 0;
        while (System.nanoTime() < end) {
            body.run(count++);
        }
        return (threads.getCurrentThreadCpuTime() - cpuStart) / 1000.0 / count;
    }

    /** A precertificate and the final certificate issued from it, with the SCT list between. */
    private record Leaves(byte[] precertificate, byte[] certificate) {
    }

    /** One issuance's crypto and certificate building; throws if any signature fails to verify. */
    void issueOnce(IssuanceFixtures.Fixture fixture) throws Exception {
        verifyToken(fixture.token(), fixture.es256());
        PublicKey clientKey =
                KeyFactory.getInstance("EC", BC).generatePublic(new X509EncodedKeySpec(fixture.publicKeyDer()));
        Signature proof = Signature.getInstance("SHA256withECDSA", BC);
        proof.initVerify(clientKey);
        proof.update(fixture.email().getBytes(StandardCharsets.UTF_8));
        if (!proof.verify(fixture.proof())) {
            throw new IllegalStateException("proof of possession did not verify");
        }
        Leaves leaves = leaves(SubjectPublicKeyInfo.getInstance(clientKey.getEncoded()), fixture.email());
        if (leaves.certificate().length < 300) {
            throw new IllegalStateException("certificate too short");
        }
    }

    /** Builds and signs the precertificate, logs it (SCT signature), builds and signs the final certificate. */
    private Leaves leaves(SubjectPublicKeyInfo spki, String email) throws Exception {
        BigInteger serial = new BigInteger(159, random).setBit(0);
        long now = System.currentTimeMillis() / 1000 * 1000;
        byte[] precertificate =
                build(spki, serial, now, email, new Extension(POISON, true, DERNull.INSTANCE.getEncoded()));
        byte[] sctList = logEntry(precertificate);
        byte[] certificate = build(spki, serial, now, email,
                new Extension(SCT_LIST, false, new DEROctetString(sctList).getEncoded()));
        return new Leaves(precertificate, certificate);
    }

    private void verifyToken(String token, boolean es256) throws GeneralSecurityException {
        int lastDot = token.lastIndexOf('.');
        byte[] signingInput = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
        Signature verifier = es256 ? Signature.getInstance("SHA256withPLAIN-ECDSA", BC)
                : Signature.getInstance("SHA256withRSA");
        verifier.initVerify(es256 ? ecIssuerKey : rsaIssuerKey);
        verifier.update(signingInput);
        if (!verifier.verify(signature)) {
            throw new IllegalStateException("token signature did not verify");
        }
    }

    private byte[] build(SubjectPublicKeyInfo spki, BigInteger serial, long now, String email, Extension last)
            throws IOException, OperatorCreationException {
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(caName, serial, new Date(now),
                new Date(now + 600_000), new X500Name(new org.bouncycastle.asn1.x500.RDN[0]), spki);
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                new SubjectKeyIdentifier(sha1(spki.getPublicKeyData().getBytes())));
        builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(caKeyId));
        builder.addExtension(Extension.subjectAlternativeName, true,
                new GeneralNames(new GeneralName(GeneralName.rfc822Name, email)));
        // Fulcio's legacy issuer extension holds the URL's bytes themselves, not a DER string.
        builder.addExtension(new Extension(ISSUER_V1, false, issuerUrl.getBytes(StandardCharsets.UTF_8)));
        builder.addExtension(ISSUER_V2, false, new DERUTF8String(issuerUrl));
        builder.addExtension(last);
        ContentSigner signer = new JcaContentSignerBuilder(caSignatureAlgorithm).setProvider(BC)
                .build(caKeys.getPrivate());
        return builder.build(signer).getEncoded();
    }

    /** What a CT log does for a precertificate: re-encode the TBS without poison, hash, sign the SCT. */
    private byte[] logEntry(byte[] precertificate) throws Exception {
        TBSCertificate tbs = Certificate.getInstance(precertificate).getTBSCertificate();
        Extensions extensions = tbs.getExtensions();
        ASN1EncodableVector kept = new ASN1EncodableVector();
        for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
            if (!oid.equals(POISON)) {
                kept.add(extensions.getExtension(oid));
            }
        }
        org.bouncycastle.asn1.x509.V3TBSCertificateGenerator generator =
                new org.bouncycastle.asn1.x509.V3TBSCertificateGenerator();
        generator.setSerialNumber(tbs.getSerialNumber());
        generator.setSignature(tbs.getSignature());
        generator.setIssuer(tbs.getIssuer());
        generator.setStartDate(tbs.getStartDate());
        generator.setEndDate(tbs.getEndDate());
        generator.setSubject(tbs.getSubject());
        generator.setSubjectPublicKeyInfo(tbs.getSubjectPublicKeyInfo());
        generator.setExtensions(Extensions.getInstance(new DERSequence(kept)));
        byte[] leafTbs = generator.generateTBSCertificate().getEncoded();

        byte[] issuerKeyHash = MessageDigest.getInstance("SHA-256").digest(caKeys.getPublic().getEncoded());
        ByteBuffer signed = ByteBuffer.allocate(leafTbs.length + 64);
        signed.put((byte) 0).put((byte) 0).putLong(System.currentTimeMillis()).putShort((short) 1)
                .put(issuerKeyHash).put((byte) (leafTbs.length >>> 16)).putShort((short) leafTbs.length)
                .put(leafTbs).putShort((short) 0);
        byte[] input = java.util.Arrays.copyOf(signed.array(), signed.position());
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update((byte) 0);
        byte[] node = sha256.digest(input);
        byte[] pair = new byte[65];
        for (int i = 0; i < MERKLE_HASHES; i++) {
            pair[0] = 1;
            System.arraycopy(node, 0, pair, 1, 32);
            System.arraycopy(issuerKeyHash, 0, pair, 33, 32);
            node = sha256.digest(pair);
        }
        Signature sct = Signature.getInstance("SHA256withECDSA", BC);
        sct.initSign(logKeys.getPrivate());
        sct.update(input);
        byte[] sctSignature = sct.sign();
        // An SCT list of one: version, log id, timestamp, no extensions, the DigitallySigned.
        ByteBuffer list = ByteBuffer.allocate(sctSignature.length + 60);
        list.putShort((short) (sctSignature.length + 49)).putShort((short) (sctSignature.length + 47))
                .put((byte) 0).put(node).putLong(System.currentTimeMillis()).putShort((short) 0)
                .put((byte) 4).put((byte) 3).putShort((short) sctSignature.length).put(sctSignature);
        return java.util.Arrays.copyOf(list.array(), list.position());
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
