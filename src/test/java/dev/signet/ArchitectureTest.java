package dev.signet;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, checked on the compiled main classes: transport types
 * stay at the edge, the lint step alone holds the throwaway key, CA key material stays in
 * {@code ca}, the low-level packages import no feature package, the package graph has no cycle, and
 * the codec package is the bottom of the graph with the one Bouncy Castle provider.
 */
class ArchitectureTest {
    /** Packages that face a transport: the API, the embedded log's HTTP face, request logging, metrics and the dev-only demo issuer. */
    private static final String[] EDGE = {"dev.signet.api..", "dev.signet.ctlog.embedded.http..",
            "dev.signet.logging..", "dev.signet.metrics..", "dev.signet.demo.."};

    private static final ArchRule SERVER_TRANSPORT_AT_THE_EDGE = noClasses()
            .that().resideOutsideOfPackages(EDGE)
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "org.jboss.resteasy..",
                    "io.quarkus.grpc..", "io.vertx.ext.web..", "io.quarkus.vertx.http..")
            .orShould().dependOnClassesThat().haveNameMatching("io\\.vertx\\.core\\.http\\.HttpServer.*")
            .orShould().dependOnClassesThat().haveNameMatching("io\\.grpc\\.(Server|BindableService|Metadata).*")
            .because("only the edge knows how a request arrived; issuance, identity, CA and log are transport-neutral");

    private static final ArchRule VERTX_AT_THE_EDGE_AND_IN_CLIENTS = noClasses()
            .that().resideOutsideOfPackages(EDGE)
            .and().resideOutsideOfPackages("dev.signet.identity.oidc..", "dev.signet.ctlog.remote..",
                    "dev.signet.health..", "dev.signet.wiring")
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..")
            .because("Vert.x is the HTTP server at the edge and the bounded HTTP client of discovery, the remote "
                    + "log and its probe; nothing else needs it");

    private static final ArchRule GRPC_AT_THE_EDGE_AND_IN_THE_CLOUD_KMS_CLIENT = noClasses()
            .that().resideOutsideOfPackages(EDGE)
            .and().resideOutsideOfPackage("dev.signet.ca.kms.gcp..")
            .should().dependOnClassesThat().resideInAnyPackage("io.grpc..")
            .because("gRPC is the API's transport at the edge and the Google Cloud KMS client's channel; nothing else "
                    + "needs it");

    private static final ArchRule THROWAWAY_KEY_IN_THE_LINT_STEP = classes()
            .that().haveNameMatching("dev\\.signet\\.ca\\.ThrowawayKey(\\$.*)?")
            .should().onlyHaveDependentClassesThat()
            .haveNameMatching("dev\\.signet\\.ca\\.(ThrowawayKey|PreIssuanceLint)(\\$.*)?")
            .because("a certificate signed by the throwaway key must never leave the lint step");

    private static final ArchRule CA_MATERIAL_IN_CA = noClasses()
            .that().resideOutsideOfPackage("dev.signet.ca..")
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.signet.ca.CaMaterial")
            .because("the CA's private key is reachable only through the ca package's signing step");

    private static final ArchRule PRIVATE_KEYS_OWNED = noClasses()
            .that().resideOutsideOfPackages("dev.signet.ca..", "dev.signet.ctlog.embedded..", "dev.signet.demo..")
            .should().dependOnClassesThat().haveFullyQualifiedName("java.security.PrivateKey")
            .because("private keys are the CA's (ca), the embedded log's (its log key) and the dev profile's demo "
                    + "issuer's; clients' keys are public keys only");

    private static final ArchRule ONE_BOUNCY_CASTLE_PROVIDER = noClasses()
            .that().resideOutsideOfPackage("dev.signet.codec")
            .should().callConstructor(BouncyCastleProvider.class)
            .because("one shared provider instance (codec.BouncyCastle.PROVIDER): building one is slow, and one "
                    + "instance means one set of algorithms for every parse, signature and verification");

    private static final ArchRule CODEC_AT_THE_BOTTOM = noClasses()
            .that().resideInAPackage("dev.signet.codec..")
            .should().dependOnClassesThat(resideInAPackage("dev.signet..")
                    .and(resideOutsideOfPackage("dev.signet.codec..")))
            .because("DER, PEM and the provider are used by every layer, so they may use none of them");

    /** The packages every feature may use: they import no feature package (nor the edge, nor the wiring). */
    private static final String[] LOW_LEVEL = {"dev.signet.config..", "dev.signet.error..", "dev.signet.metrics..",
            "dev.signet.logging.."};

    /** What the low-level packages may use of Signet besides each other: the codecs below them. */
    private static final DescribedPredicate<JavaClass> BELOW_THE_FEATURES = resideInAnyPackage(LOW_LEVEL)
            .or(resideInAPackage("dev.signet.codec.."));

    private static final ArchRule LOW_LEVEL_PACKAGES_IMPORT_NO_FEATURE = noClasses()
            .that().resideInAnyPackage(LOW_LEVEL)
            .should().dependOnClassesThat(resideInAPackage("dev.signet..").and(not(BELOW_THE_FEATURES)))
            .because("configuration, errors, metrics and logging sit below every feature: a feature type there "
                    + "would tie the bottom of the graph to its top");

    private static final ArchRule NO_PACKAGE_CYCLES = slices().matching("dev.signet.(**)")
            .should().beFreeOfCycles()
            .because("dependencies run one way (transport -> issuance -> identity, challenge, policy -> ca, ctlog "
                    + "-> certificate -> codecs; config, error, metrics, logging at the bottom; dev.signet.wiring "
                    + "composes the variants): a package never imports its own variants");

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.signet");
    }

    @Test
    void serverTransportTypesStayAtTheEdge() {
        SERVER_TRANSPORT_AT_THE_EDGE.check(main);
    }

    @Test
    void vertxIsUsedOnlyAtTheEdgeAndByOutboundClients() {
        VERTX_AT_THE_EDGE_AND_IN_CLIENTS.check(main);
    }

    @Test
    void grpcIsUsedOnlyAtTheEdgeAndByTheCloudKmsClient() {
        GRPC_AT_THE_EDGE_AND_IN_THE_CLOUD_KMS_CLIENT.check(main);
    }

    @Test
    void onlyTheLintStepReachesTheThrowawayKey() {
        THROWAWAY_KEY_IN_THE_LINT_STEP.check(main);
    }

    @Test
    void caKeyMaterialStaysInTheCaPackage() {
        CA_MATERIAL_IN_CA.check(main);
    }

    @Test
    void privateKeysAreOnlyTheCasTheLogsAndTheDemoIssuers() {
        PRIVATE_KEYS_OWNED.check(main);
    }

    @Test
    void onlyTheCodecPackageBuildsABouncyCastleProvider() {
        ONE_BOUNCY_CASTLE_PROVIDER.check(main);
    }

    @Test
    void theCodecPackageDependsOnNoOtherSignetPackage() {
        CODEC_AT_THE_BOTTOM.check(main);
    }

    @Test
    void lowLevelPackagesImportNoFeaturePackage() {
        LOW_LEVEL_PACKAGES_IMPORT_NO_FEATURE.check(main);
    }

    @Test
    void thePackageGraphHasNoCycles() {
        NO_PACKAGE_CYCLES.check(main);
    }
}
