package dev.signet.ca;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.LeafTemplate;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.certificate.lint.CertificateLinter;
import dev.signet.certificate.lint.LeafKind;
import dev.signet.certificate.lint.LintContext;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;

/**
 * Not a test: a quick measurement of what lint before sign costs per certificate (the linter, the
 * throwaway signature per CA key type, and a whole issuance with and without them), in thread CPU time. Run with
 * {@code java -cp target/classes:target/test-classes:<deps> dev.signet.ca.LintCostBenchmark}.
 */
public final class LintCostBenchmark {

    private static final int WARMUP = 1_000;
    private static final int ROUNDS = 3_000;

    public static void main(String[] args) throws Exception {
        Map<SigstoreOid, String> values = new EnumMap<>(SigstoreOid.class);
        values.put(SigstoreOid.ISSUER_V1, "https://token.actions.githubusercontent.com");
        values.put(SigstoreOid.ISSUER_V2, "https://token.actions.githubusercontent.com");
        values.put(SigstoreOid.BUILD_SIGNER_URI,
                "https://github.com/signet/signet/.github/workflows/release.yml@refs/heads/main");
        values.put(SigstoreOid.SOURCE_REPOSITORY_URI, "https://github.com/signet/signet");
        values.put(SigstoreOid.SOURCE_REPOSITORY_REF, "refs/heads/main");
        values.put(SigstoreOid.TOKEN_SUBJECT, "repo:signet/signet:ref:refs/heads/main");
        CertificateIdentity identity = new CertificateIdentity(SubjectAltName.uri(
                "https://github.com/signet/signet/.github/workflows/release.yml@refs/heads/main"), values);
        PublicKey client = TestPki.keyPair("P-256").getPublic();
        LeafProfile profile = new LeafProfile(Duration.ofMinutes(10), Clock.systemUTC(), TestPki.RANDOM);

        for (String keyType : new String[] {"P-256", "P-384", "P-521", "RSA", "Ed25519"}) {
            CaMaterial material = TestPki.twoLevel(keyType).material();
            LeafTemplate template = profile.template(material.issuingCertificate(), client, identity);
            ThrowawayKey throwaway = ThrowawayKey.forCa(material);
            byte[] algorithm = material.signer().getAlgorithmIdentifier().getEncoded(ASN1Encoding.DER);
            byte[] lintCertificate = throwawaySigned(template, algorithm, throwaway);
            LintContext context = new LintContext(material.issuingCertificate(), profile.validity(), LeafKind.UNLOGGED);
            CertificateLinter linter = CertificateLinter.standard();
            SigningCa linted = new SigningCa(profile, material) {
            };

            double lint = perCall(() -> {
                if (!linter.lint(lintCertificate, context).isEmpty()) {
                    throw new IllegalStateException("benchmark leaf is not clean");
                }
            });
            double throwawayBuild = perCall(() -> throwawaySigned(template, algorithm, throwaway));
            double realBuild = perCall(() -> material.sign(template));
            double issueWithLint = perCall(() -> linted.issue(identity, client));
            if (keyType.equals("P-384")) {
                dev.signet.certificate.lint.LintedCertificate parsed =
                        dev.signet.certificate.lint.LintedCertificate.parse(lintCertificate, context);
                System.out.printf("  parse %.1f us%n", perCall(
                        () -> dev.signet.certificate.lint.LintedCertificate.parse(lintCertificate, context)));
                for (var rule : linter.rules()) {
                    System.out.printf("  %-40s %6.2f us%n", rule.name(), perCall(() -> rule.check().problem(
                            dev.signet.certificate.lint.LintedCertificate.parse(lintCertificate, context))) - 0);
                }
            }
            System.out.printf("%-8s lint %6.1f us | throwaway-signed build %6.1f us | real-signed build %7.1f us"
                    + " | issue() with lint %7.1f us (overhead %5.1f us)%n", keyType, lint, throwawayBuild, realBuild,
                    issueWithLint, issueWithLint - realBuild);
        }
    }

    /** The lint certificate as {@link PreIssuanceLint} makes it: the TBS written directly, the throwaway signature. */
    private static byte[] throwawaySigned(LeafTemplate template, byte[] algorithm, ThrowawayKey throwaway) {
        byte[] tbs = template.tbs(algorithm);
        return PreIssuanceLint.certificate(tbs, algorithm, throwaway.sign(tbs));
    }

    /** Microseconds of this thread's CPU per call: the shared build machine's load does not count. */
    private static double perCall(Runnable call) {
        for (int i = 0; i < WARMUP; i++) {
            call.run();
        }
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < ROUNDS; i++) {
            call.run();
        }
        return (THREADS.getCurrentThreadCpuTime() - start) / 1_000.0 / ROUNDS;
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
}
