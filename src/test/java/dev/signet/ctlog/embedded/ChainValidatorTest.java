package dev.signet.ctlog.embedded;

import static dev.signet.testing.Der.nestedSequences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ctlog.CertificateMaker;
import dev.signet.ctlog.CertificateMaker.Made;
import dev.signet.ctlog.CtCertificates;
import dev.signet.ctlog.EntryType;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.testing.MutableClock;
import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;

/** The chain checks on their own, without a log: what an issuer must be, the order of the checks, the caches. */
class ChainValidatorTest {
    private static final Made ROOT = CertificateMaker.ca("Validator Test Root").make();

    private final ChainValidator validator = new ChainValidator(List.of(ROOT.x509()), Clock.systemUTC());

    private static SignetException refused(ChainValidator validator, boolean precert, byte[]... chain) {
        SignetException e = assertThrows(SignetException.class, () -> validator.validate(List.of(chain), precert));
        assertSame(ErrorKind.LOG_REJECTED_CHAIN, e.kind());
        return e;
    }

    @Test
    void aChainThroughACaIntermediateIsAccepted() {
        Made intermediate = CertificateMaker.ca("Intermediate").pathLength(0).issuedBy(ROOT).make();
        byte[] precert = CertificateMaker.leaf("alice@example.com").poison().issuedBy(intermediate).make().der();
        AcceptedChain accepted = validator.validate(List.of(precert, intermediate.der()), true);
        assertEquals(EntryType.PRECERT_ENTRY, accepted.type());
        assertEquals(2, accepted.issuers().size());
    }

    @Test
    void anEndEntityCertificateCannotIssueEvenWithEverySignatureValid() {
        Made endEntity = CertificateMaker.leaf("ordinary@corp.example").issuedBy(ROOT).make();
        byte[] fake = CertificateMaker.leaf("victim@corp.example").poison().issuedBy(endEntity).make().der();
        refused(validator, true, fake, endEntity.der(), ROOT.der());
        refused(validator, true, fake, endEntity.der());
    }

    @Test
    void allowedIssuerKeysAreAccepted() {
        for (KeyPair keys : List.of(CertificateMaker.ec("secp384r1"), CertificateMaker.ec("secp521r1"),
                CertificateMaker.generate("Ed25519", 0), CertificateMaker.generate("RSA", 2048))) {
            Made intermediate = CertificateMaker.ca("Allowed " + keys.getPublic().getAlgorithm()).keys(keys)
                    .issuedBy(ROOT).make();
            byte[] leaf = CertificateMaker.leaf("alice@example.com").issuedBy(intermediate).make().der();
            assertEquals(EntryType.X509_ENTRY, validator.validate(List.of(leaf, intermediate.der(), ROOT.der()), false)
                    .type());
        }
    }

    @Test
    void anIssuerKeyOutsideTheAllowListIsRefusedBeforeAnySignatureIsChecked() {
        SubjectPublicKeyInfo huge = CertificateMaker.bareRsaKey(16_384,
                BigInteger.ONE.shiftLeft(16_000).add(BigInteger.ONE));
        // The intermediate is not even signed by the root: the key is refused before that is found out.
        Made intermediate = CertificateMaker.ca("Huge RSA").bareKey(huge).issuedBy(ROOT)
                .signedWith(CertificateMaker.p256()).make();
        byte[] leaf = CertificateMaker.leaf("alice@example.com").issuedBy(intermediate)
                .signedWith(CertificateMaker.p256()).make().der();
        SignetException e = refused(validator, false, leaf, intermediate.der(), ROOT.der());
        assertTrue(e.getMessage().contains("key"), e.getMessage());
    }

    @Test
    void signaturesAreCheckedFromTheRootDown() {
        Made upper = CertificateMaker.ca("Upper").issuedBy(ROOT).signedWith(CertificateMaker.p256()).make();
        Made lower = CertificateMaker.ca("Lower").issuedBy(upper).signedWith(CertificateMaker.p256()).make();
        byte[] leaf = CertificateMaker.leaf("alice@example.com").issuedBy(lower).make().der();
        SignetException e = refused(validator, false, leaf, lower.der(), upper.der(), ROOT.der());
        assertTrue(e.getMessage().contains("certificate 2"), e.getMessage());
    }

    @Test
    void aCachedIssuerChainIsRefusedOnceAnIssuerHasExpired() {
        MutableClock clock = new MutableClock();
        ChainValidator cached = new ChainValidator(List.of(ROOT.x509()), clock);
        Instant now = clock.instant();
        Made intermediate = CertificateMaker.ca("Short-lived").issuedBy(ROOT)
                .validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofMinutes(10))).make();
        List<byte[]> chain = List.of(CertificateMaker.leaf("alice@example.com").issuedBy(intermediate).make().der(),
                intermediate.der(), ROOT.der());
        cached.validate(chain, false);
        cached.validate(chain, false);
        clock.advance(Duration.ofMinutes(11));
        refused(cached, false, chain.toArray(byte[][]::new));
    }

    @Test
    void aPathLengthOfTheRootCountsTheIntermediatesBelowIt() {
        Made zeroRoot = CertificateMaker.ca("Root pathlen 0").pathLength(0).make();
        ChainValidator underZero = new ChainValidator(List.of(zeroRoot.x509()), Clock.systemUTC());
        Made intermediate = CertificateMaker.ca("Below pathlen 0").issuedBy(zeroRoot).make();
        refused(underZero, false, CertificateMaker.leaf("alice@example.com").issuedBy(intermediate).make().der(),
                intermediate.der());
        byte[] direct = CertificateMaker.leaf("alice@example.com").issuedBy(zeroRoot).make().der();
        assertEquals(EntryType.X509_ENTRY, underZero.validate(List.of(direct), false).type());
    }

    @Test
    void aRootAloneIsNotLogged() {
        refused(validator, false, ROOT.der());
    }

    @Test
    void deepNestingIsRefusedWithoutDeepRecursionAsLeafIntermediateAndExtensionValue() throws Exception {
        Made intermediate = CertificateMaker.ca("Intermediate").issuedBy(ROOT).make();
        byte[] deep = nestedSequences(10_000);
        byte[] deepPoison = CertificateMaker.leaf("alice@example.com").issuedBy(intermediate)
                .extension(CtCertificates.POISON, true, deep).make().der();
        Made deepEku = CertificateMaker.ca("Deep EKU").extension(Extension.extendedKeyUsage, false, deep)
                .issuedBy(ROOT).make();
        byte[] underDeepEku = CertificateMaker.leaf("alice@example.com").poison().issuedBy(deepEku).make().der();
        byte[] leaf = CertificateMaker.leaf("alice@example.com").issuedBy(intermediate).make().der();
        List<List<byte[]>> chains = List.of(List.of(deep, intermediate.der()), List.of(leaf, deep, ROOT.der()),
                List.of(deepPoison, intermediate.der()), List.of(underDeepEku, deepEku.der()));
        for (List<byte[]> chain : chains) {
            // A small stack: a parser that recursed once per level would overflow it.
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread thread = new Thread(null, () -> {
                try {
                    validator.validate(chain, true);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            }, "small-stack", 256 * 1024);
            thread.start();
            thread.join();
            assertTrue(thrown.get() instanceof SignetException signet && signet.kind() == ErrorKind.LOG_REJECTED_CHAIN,
                    String.valueOf(thrown.get()));
        }
    }
}
