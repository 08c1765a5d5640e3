package dev.signet.api.hostile;

import static dev.signet.api.hostile.Catalogue.refused;
import static dev.signet.api.hostile.Catalogue.treeSize;
import static dev.signet.ctlog.CertificateMaker.bareRsaKey;
import static dev.signet.testing.Der.concat;
import static dev.signet.testing.Der.indefiniteLength;
import static dev.signet.testing.Der.nestedSequences;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.ctlog.CertificateMaker;
import dev.signet.ctlog.CertificateMaker.Made;
import dev.signet.ctlog.CtCertificates;
import dev.signet.testing.Fixture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;

/**
 * Catalogue §F (the log's submission chains), over the embedded log's RFC 6962 API: chains that do
 * not validate as RFC 5280 paths to an accepted root get 400 with the log's fixed message, and the
 * log's signed tree does not grow.
 */
@QuarkusTest
@WithTestResource(LogChainRoots.class)
class LogChainCatalogueTest {
    @Fixture(LogChainRoots.ROOT)
    CertificateMaker.Made root;
    @Fixture(LogChainRoots.PATH_LENGTH_ZERO_ROOT)
    CertificateMaker.Made pathLengthZeroRoot;
    @Fixture(LogChainRoots.EXPIRED_ROOT)
    CertificateMaker.Made expiredRoot;

    static final String REJECTED = "The submitted chain is not accepted by this log";
    static final String VICTIM = "victim@corp.example";

    static Supplier<ValidatableResponse> submit(String call, byte[]... chain) {
        String body = Arrays.stream(chain).map(der -> "\"" + Base64.getEncoder().encodeToString(der) + "\"")
                .collect(Collectors.joining(",", "{\"chain\":[", "]}"));
        return () -> given().contentType("application/json").body(body).post("/log/ct/v1/" + call).then();
    }

    /** Both calls: the chain under a precertificate and under a certificate that {@code issuer} signed. */
    static void bothRefused(Made issuer, byte[]... above) {
        byte[] precert = CertificateMaker.leaf(VICTIM).poison().issuedBy(issuer).make().der();
        byte[] certificate = CertificateMaker.leaf(VICTIM).issuedBy(issuer).make().der();
        refused(submit("add-pre-chain", prepend(precert, above)), 400, 3, REJECTED);
        refused(submit("add-chain", prepend(certificate, above)), 400, 3, REJECTED);
    }

    static void accepted(Supplier<ValidatableResponse> request) {
        long before = treeSize();
        request.get().statusCode(200);
        assertEquals(before + 1, treeSize());
    }

    static byte[][] prepend(byte[] first, byte[]... rest) {
        byte[][] chain = new byte[rest.length + 1][];
        chain[0] = first;
        System.arraycopy(rest, 0, chain, 1, rest.length);
        return chain;
    }

    Made intermediate(CertificateMaker maker) {
        return maker.issuedBy(root).make();
    }

    @Test
    void anHonestChainThroughAnIntermediateIsLogged() {
        Made intermediate = intermediate(CertificateMaker.ca("Honest Intermediate").pathLength(0));
        accepted(submit("add-pre-chain", CertificateMaker.leaf(VICTIM).poison().issuedBy(intermediate).make().der(),
                intermediate.der(), root.der()));
        accepted(submit("add-chain", CertificateMaker.leaf(VICTIM).issuedBy(intermediate).make().der(),
                intermediate.der()));
    }

    @Test
    void f1_aCertificateThatIsNotACaCannotIssue() {
        Made endEntity = intermediate(CertificateMaker.leaf("ordinary@corp.example"));
        bothRefused(endEntity, endEntity.der(), root.der());
        bothRefused(endEntity, endEntity.der());
        Made noConstraints = intermediate(CertificateMaker.ca("No basicConstraints").basicConstraints(null));
        bothRefused(noConstraints, noConstraints.der(), root.der());
    }

    @Test
    void f2_aCaWithoutKeyCertSignCannotIssue() {
        Made signingOnly = intermediate(CertificateMaker.ca("CA without keyCertSign")
                .keyUsage(KeyUsage.digitalSignature));
        bothRefused(signingOnly, signingOnly.der(), root.der());
        Made withoutKeyUsage = intermediate(CertificateMaker.ca("CA without key usage").keyUsage(null));
        accepted(submit("add-chain", CertificateMaker.leaf(VICTIM).issuedBy(withoutKeyUsage).make().der(),
                withoutKeyUsage.der(), root.der()));
    }

    @Test
    void f3_pathLengthConstraintsAreHonoured() {
        Made underZeroRoot = CertificateMaker.ca("Below a pathlen 0 root").issuedBy(pathLengthZeroRoot)
                .make();
        bothRefused(underZeroRoot, underZeroRoot.der(), pathLengthZeroRoot.der());
        Made zero = intermediate(CertificateMaker.ca("Intermediate pathlen 0").pathLength(0));
        Made belowZero = CertificateMaker.ca("Below a pathlen 0 intermediate").issuedBy(zero).make();
        bothRefused(belowZero, belowZero.der(), zero.der(), root.der());
        Made one = intermediate(CertificateMaker.ca("Intermediate pathlen 1").pathLength(1));
        Made belowOne = CertificateMaker.ca("Below a pathlen 1 intermediate").pathLength(0).issuedBy(one).make();
        accepted(submit("add-chain", CertificateMaker.leaf(VICTIM).issuedBy(belowOne).make().der(), belowOne.der(),
                one.der(), root.der()));
    }

    @Test
    void f4_issuersOutsideTheirValidityAreRefused() {
        Instant now = Instant.now();
        Made expired = intermediate(CertificateMaker.ca("Expired Intermediate")
                .validity(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))));
        bothRefused(expired, expired.der(), root.der());
        Made notYetValid = intermediate(CertificateMaker.ca("Future Intermediate")
                .validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2))));
        bothRefused(notYetValid, notYetValid.der(), root.der());
        bothRefused(expiredRoot, expiredRoot.der());
    }

    @Test
    void f5_issuerKeysOutsideTheAllowListAreRefusedBeforeAnySignatureCheck() {
        for (KeyPair weak : List.of(CertificateMaker.generate("RSA", 1024), CertificateMaker.ec("secp224r1"),
                CertificateMaker.ec("secp256k1"), CertificateMaker.ec("brainpoolP256r1"),
                CertificateMaker.generate("Ed448", 0))) {
            Made issuer = intermediate(CertificateMaker.ca("Weak " + weak.getPublic().getAlgorithm()).keys(weak));
            bothRefused(issuer, issuer.der(), root.der());
        }
        // Keys that would make a signature check expensive or meaningless; nobody holds their private half,
        // so the certificates below them carry a signature by another key.
        for (SubjectPublicKeyInfo bare : List.of(
                bareRsaKey(16_384, BigInteger.ONE.shiftLeft(16_000).add(BigInteger.ONE)),
                bareRsaKey(2048, BigInteger.valueOf(3)),
                bareRsaKey(2048, BigInteger.ONE.shiftLeft(64).add(BigInteger.ONE)))) {
            Made issuer = intermediate(CertificateMaker.ca("Bare RSA").bareKey(bare));
            KeyPair other = CertificateMaker.p256();
            byte[] precert = CertificateMaker.leaf(VICTIM).poison().issuedBy(issuer).signedWith(other).make().der();
            refused(submit("add-pre-chain", precert, issuer.der(), root.der()), 400, 3, REJECTED);
        }
    }

    @Test
    void f6_malformedDerIsRefusedAsLeafAndAsIntermediate() {
        Made intermediate = intermediate(CertificateMaker.ca("Malformed-test Intermediate"));
        byte[] precert = CertificateMaker.leaf(VICTIM).poison().issuedBy(intermediate).make().der();
        byte[] certificate = CertificateMaker.leaf(VICTIM).issuedBy(intermediate).make().der();
        byte[] rootDer = root.der();
        for (byte[] bad : List.of(nestedSequences(10_000), indefiniteLength(intermediate.der()),
                Arrays.copyOf(intermediate.der(), intermediate.der().length - 1),
                concat(intermediate.der(), new byte[] {0}))) {
            refused(submit("add-pre-chain", precert, bad, rootDer), 400, 3, REJECTED);
            refused(submit("add-chain", certificate, bad, rootDer), 400, 3, REJECTED);
        }
        for (byte[] leaf : List.of(precert, certificate)) {
            String call = leaf == precert ? "add-pre-chain" : "add-chain";
            for (byte[] bad : List.of(nestedSequences(10_000), indefiniteLength(leaf),
                    Arrays.copyOf(leaf, leaf.length - 1), concat(leaf, new byte[] {0}))) {
                refused(submit(call, bad, intermediate.der(), rootDer), 400, 3, REJECTED);
            }
        }
        byte[] deep = nestedSequences(10_000);
        byte[] deepPoison = CertificateMaker.leaf(VICTIM).issuedBy(intermediate)
                .extension(CtCertificates.POISON, true, deep).make().der();
        refused(submit("add-pre-chain", deepPoison, intermediate.der(), rootDer), 400, 3, REJECTED);
        Made deepConstraints = intermediate(CertificateMaker.ca("Deep basicConstraints").basicConstraints(null)
                .extension(Extension.basicConstraints, true, deep));
        bothRefused(deepConstraints, deepConstraints.der(), rootDer);
        Made deepEku = intermediate(CertificateMaker.ca("Deep EKU").extension(Extension.extendedKeyUsage, false, deep));
        refused(submit("add-pre-chain", CertificateMaker.leaf(VICTIM).poison().issuedBy(deepEku).make().der(),
                deepEku.der(), rootDer), 400, 3, REJECTED);
        accepted(submit("add-pre-chain", CertificateMaker.leaf(VICTIM).poison().issuedBy(intermediate).make().der(),
                intermediate.der(), rootDer));
    }
}
