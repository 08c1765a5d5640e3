package dev.signet.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lints and renders the Helm chart in {@code helm/signet} with the Helm embedded by helm-java, and
 * checks the rendered manifests for the properties operators rely on.
 */
class HelmChartTest {

    private static final Path CHART = Path.of("helm", "signet");
    private static final Path INVALID_VALUES = Path.of("src", "test", "resources", "dev", "signet", "helm");
    private static final String RELEASE = "signet";
    private static final String NAMESPACE = "signing";
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    // ---------------------------------------------------------------- lint

    static Stream<Path> ciValuesFiles() throws IOException {
        try (Stream<Path> files = Files.list(CHART.resolve("ci"))) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith("-values.yaml")).sorted().toList();
            assertTrue(found.size() >= 4, "ci values files: " + found);
            return found.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void lintsStrictlyWithEachCiValuesFile(Path ciValues, @TempDir Path staging) throws IOException {
        // Helm's lint takes no values file: lint a copy whose values.yaml has the CI values merged in,
        // as chart-testing does; lint also checks the merged values against values.schema.json.
        Path chart = stageChart(staging, ciValues);

        LintResult result = new Helm(chart).lint().strict().call();

        assertFalse(result.isFailed(), () -> ciValues + ": " + result.getMessages());
        assertTrue(result.getMessages().stream().noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]")),
                () -> ciValues + ": " + result.getMessages());
    }

    @Test
    void lintsStrictlyWithTheDefaultValues() {
        // Helm's lint logs a template's fail() instead of reporting it, so the default values
        // (no CA secret) lint clean; the refusal itself is asserted by rendering below.
        LintResult result = new Helm(CHART).lint().strict().call();

        assertFalse(result.isFailed(), () -> result.getMessages().toString());
        assertTrue(result.getMessages().stream().noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]")),
                () -> result.getMessages().toString());
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void defaultValuesRefuseToRenderWithoutACaSecret() {
        String message = renderFailure(t -> {
        });

        assertTrue(message.contains("ca.existingSecret is required with ca.type=file"), message);
        assertTrue(message.contains("never generates CA keys"), message);
        assertTrue(message.contains("ca.type=ephemeral"), message);
    }

    @Test
    void ephemeralCaRendersWithoutASecretAndMountsNoCaVolume() {
        Manifests manifests = render(t -> t.set("ca.type", "ephemeral"));

        JsonNode container = manifests.signetContainer();
        assertEquals("ephemeral", env(container, "SIGNET_CA_TYPE"));
        assertNull(envVar(container, "SIGNET_CA_FILE_KEY"));
        assertNull(envVar(container, "SIGNET_CA_FILE_PASSWORD"));
        assertNull(volume(manifests.podSpec(), "ca"));
    }

    @Test
    void withNoIssuersConfiguredNoIdentityFileIsRendered() {
        Manifests manifests = render(t -> t.set("ca.type", "ephemeral"));

        assertEquals(0, manifests.one("ConfigMap").get("data").size());
        assertNull(envVar(manifests.signetContainer(), "SIGNET_IDENTITY_CONFIG"));
    }

    /** The local log has one writer behind a file lock: the schema refuses a second pod before anything renders. */
    @Test
    void theSchemaRefusesMoreThanOneReplicaOnTheLocalLog() {
        String message =
                renderFailure(t -> t.withValuesFile(INVALID_VALUES.resolve("embedded-three-replicas-values.yaml")));
        String implicit = renderFailure(t -> t.set("ca.existingSecret", "signet-ca").set("replicaCount", "2"));

        assertTrue(message.contains("'/replicaCount': maximum: got 3, want 1"), message);
        assertTrue(implicit.contains("'/replicaCount': maximum: got 2, want 1"),
                "local is the default storage: " + implicit);
    }

    @Test
    void theSchemaRefusesAnAutoscalerOnTheLocalLog() {
        String message =
                renderFailure(t -> t.withValuesFile(INVALID_VALUES.resolve("embedded-autoscaling-values.yaml")));

        assertTrue(message.contains("'/autoscaling/enabled': value must be one of false"), message);
    }

    /** Each of these is needed by every replica of the shared log; leaving one out is refused by the schema. */
    @ParameterizedTest
    @MethodSource("sharedLogRequirements")
    void theSchemaRefusesTheSharedLogWithoutEachOfItsRequirements(String key, String location) {
        String message =
                renderFailure(t -> t.withValuesFile(CHART.resolve("ci/postgresql-cnpg-values.yaml")).set(key, ""));

        assertTrue(message.contains("'" + location + "': minLength: got 0, want 1"), message);
    }

    static Stream<Arguments> sharedLogRequirements() {
        return Stream.of(
                Arguments.of("database.host", "/database/host"),
                Arguments.of("database.name", "/database/name"),
                Arguments.of("database.user", "/database/user"),
                Arguments.of("database.password.existingSecret", "/database/password/existingSecret"),
                Arguments.of("ctlog.embedded.key.existingSecret", "/ctlog/embedded/key/existingSecret"),
                Arguments.of("publicUrl", "/publicUrl"));
    }

    @Test
    void theSchemaRefusesTheSharedLogWithNothingButTheStorage() {
        String message =
                renderFailure(t -> t.withValuesFile(INVALID_VALUES.resolve("postgresql-without-database-values.yaml")));

        for (String location : List.of("/database/host", "/database/name", "/database/user",
                "/database/password/existingSecret", "/ctlog/embedded/key/existingSecret", "/publicUrl")) {
            assertTrue(message.contains("'" + location + "'"), location + " in " + message);
        }
    }

    /**
     * The host and database name are spliced into the JDBC URL: neither may add a parameter (e.g. sslmode=disable)
     * or a path. verify-full and verify-ca need the CA that verifies the server (pgjdbc would otherwise look in the
     * read-only home), from one source; sslmode takes only the modes that never fall back to plain text.
     */
    @ParameterizedTest
    @MethodSource("refusedSharedLogValues")
    void theSchemaRefusesSharedLogValuesThatWouldWeakenOrBreakTheConnection(String key, String value, String location) {
        String message =
                renderFailure(t -> t.withValuesFile(CHART.resolve("ci/postgresql-cnpg-values.yaml")).set(key, value));

        assertTrue(message.contains("'" + location), message);
    }

    static Stream<Arguments> refusedSharedLogValues() {
        return Stream.of(
                Arguments.of("database.name", "app?sslmode=disable&x=y", "/database/name'"),
                Arguments.of("database.host", "evil.example/app?sslmode=disable", "/database/host'"),
                Arguments.of("database.tls.caCert.secretName", "", "/database/tls/caCert"),
                Arguments.of("database.tls.caCert.configMapName", "rds-ca-bundle", "/database/tls/caCert'"),
                Arguments.of("database.tls.sslmode", "prefer", "/database/tls/sslmode'"));
    }

    @Test
    void anUnverifiedConnectionMountsNoCaCertificate() {
        Manifests unverified = render(t -> t.withValuesFile(CHART.resolve("ci/postgresql-cnpg-values.yaml"))
                .set("database.tls.sslmode", "require").set("database.tls.caCert.secretName", ""));

        assertEquals("jdbc:postgresql://signet-db-rw.signing.svc:5432/app?sslmode=require",
                env(unverified.signetContainer(), "SIGNET_CTLOG_EMBEDDED_POSTGRESQL_URL"));
        assertNull(volume(unverified.podSpec(), "database-ca"));
    }

    @Test
    void remoteLogWithoutAPublicKeyIsRefused() {
        String message = renderFailure(t -> t.withValuesFile(INVALID_VALUES.resolve("remote-without-key-values.yaml")));

        assertTrue(message.contains("ctlog.remote.publicKey is required"), message);
    }

    @Test
    void theSchemaRejectsValuesOfTheWrongShape() {
        String badLog = renderFailure(t -> t.set("ca.existingSecret", "signet-ca").set("ctlog.type", "sideways"));
        String badDigest = renderFailure(t -> t.set("ca.existingSecret", "signet-ca").set("image.digest", "latest"));
        String typo = renderFailure(t -> t.set("ca.existingSecret", "signet-ca").set("replicas", "2"));

        assertTrue(badLog.contains("ctlog"), badLog);
        assertTrue(badDigest.contains("digest"), badDigest);
        assertTrue(typo.contains("replicas"), typo);
    }

    // ---------------------------------------------------------------- defaults with a CA secret

    @Test
    void defaultsRunOneHardenedReplicaProbedOnTheManagementPort() {
        Manifests manifests = renderCi("defaults-with-secret-values.yaml");
        JsonNode deployment = manifests.one("Deployment");
        JsonNode pod = manifests.podSpec();
        JsonNode container = manifests.signetContainer();

        assertEquals(1, deployment.at("/spec/replicas").asInt());
        assertEquals("Recreate", deployment.at("/spec/strategy/type").asText());
        assertEquals("signet/signet:0.1.0", container.get("image").asText());
        assertEquals(
                List.of("java", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=50.0", "-XX:TrimNativeHeapInterval=10000",
                        "-Djava.io.tmpdir=/tmp", "-jar", "/deployments/quarkus-run.jar"),
                commandLine(container));

        assertProbe(container, "startupProbe", "/q/health/started");
        assertProbe(container, "livenessProbe", "/q/health/live");
        assertProbe(container, "readinessProbe", "/q/health/ready");
        assertEquals(5555, port(container, "http"));
        assertEquals(9000, port(container, "management"));
        assertEquals("5555", env(container, "QUARKUS_HTTP_PORT"));
        assertEquals("9000", env(container, "QUARKUS_MANAGEMENT_PORT"));

        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        assertTrue(pod.at("/securityContext/runAsUser").asInt() > 0);
        assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText());
        assertFalse(pod.get("automountServiceAccountToken").asBoolean());
        assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertFalse(container.at("/securityContext/allowPrivilegeEscalation").asBoolean());
        assertEquals("ALL", container.at("/securityContext/capabilities/drop/0").asText());
        assertTrue(volume(pod, "tmp").has("emptyDir"));
        assertEquals("/tmp", mountPath(container, "tmp"));

        assertTrue(container.at("/resources/requests/cpu").isTextual());
        assertTrue(container.at("/resources/requests/memory").isTextual());
        assertTrue(container.at("/resources/limits/memory").isTextual());
    }

    @Test
    void theServiceExposesTheApiAndManagementPorts() {
        JsonNode service = renderCi("defaults-with-secret-values.yaml").one("Service");

        JsonNode ports = service.at("/spec/ports");
        assertEquals(2, ports.size());
        assertEquals("http", ports.get(0).get("name").asText());
        assertEquals(80, ports.get(0).get("port").asInt());
        assertEquals("http", ports.get(0).get("targetPort").asText());
        assertEquals("management", ports.get(1).get("name").asText());
        assertEquals(9000, ports.get(1).get("port").asInt());
        assertEquals("signet", service.at("/spec/selector/app.kubernetes.io~1instance").asText());
    }

    @Test
    void theCaComesFromTheExistingSecretWithFulcioKeyNamesAndThePasswordOnlyByEnvironment() {
        Manifests manifests = renderCi("defaults-with-secret-values.yaml");
        JsonNode container = manifests.signetContainer();
        JsonNode ca = volume(manifests.podSpec(), "ca");

        assertEquals("file", env(container, "SIGNET_CA_TYPE"));
        assertEquals("signet-ca", ca.at("/secret/secretName").asText());
        assertEquals(Set.of("private", "cert"), texts(ca.at("/secret/items"), "key"));
        assertEquals("/var/run/signet-secrets", mountPath(container, "ca"));
        assertTrue(mount(container, "ca").get("readOnly").asBoolean());
        assertEquals("/var/run/signet-secrets/cert", env(container, "SIGNET_CA_FILE_CERT"));
        assertEquals("/var/run/signet-secrets/private", env(container, "SIGNET_CA_FILE_KEY"));
        JsonNode password = envVar(container, "SIGNET_CA_FILE_PASSWORD").at("/valueFrom/secretKeyRef");
        assertEquals("signet-ca", password.get("name").asText());
        assertEquals("password", password.get("key").asText());
        assertTrue(manifests.all("Secret").isEmpty(), "the chart must never create CA key material");
    }

    @Test
    void theConfigMapHoldsTheIdentityFileAndItsChecksumRollsThePods() throws IOException {
        Manifests manifests = renderCi("defaults-with-secret-values.yaml");
        JsonNode configMap = manifests.one("ConfigMap");
        JsonNode container = manifests.signetContainer();

        JsonNode identity = YAML.readTree(configMap.at("/data/identity.yaml").asText());
        JsonNode configured =
                YAML.readTree(CHART.resolve("ci/defaults-with-secret-values.yaml").toFile()).at("/config/contents");
        assertEquals(configured, identity);
        assertEquals("/etc/signet/config/identity.yaml", env(container, "SIGNET_IDENTITY_CONFIG"));
        assertNull(envVar(container, "SIGNET_POLICY_CONFIG"));
        assertEquals(configMap.at("/metadata/name").asText(),
                volume(manifests.podSpec(), "config").at("/configMap/name").asText());
        assertTrue(mount(container, "config").get("readOnly").asBoolean());

        String checksum =
                manifests.one("Deployment").at("/spec/template/metadata/annotations/checksum~1config").asText();
        assertTrue(checksum.matches("[0-9a-f]{64}"), checksum);
        String changed = render(t -> t.withValuesFile(CHART.resolve("ci/defaults-with-secret-values.yaml"))
                .set("config.contents.oidc-issuers.https://accounts\\.google\\.com.client-id", "other"))
                .one("Deployment").at("/spec/template/metadata/annotations/checksum~1config").asText();
        assertNotEquals(checksum, changed);
    }

    @Test
    void theEmbeddedLogKeepsItsDataOnAClaimThatSurvivesUninstall() {
        Manifests manifests = renderCi("defaults-with-secret-values.yaml");
        JsonNode container = manifests.signetContainer();
        JsonNode claim = manifests.one("PersistentVolumeClaim");

        assertEquals("embedded", env(container, "SIGNET_CTLOG_TYPE"));
        assertEquals("/var/lib/signet", env(container, "SIGNET_DATA_DIR"));
        assertEquals("/var/lib/signet", mountPath(container, "data"));
        assertEquals(claim.at("/metadata/name").asText(),
                volume(manifests.podSpec(), "data").at("/persistentVolumeClaim/claimName").asText());
        assertEquals("keep", claim.at("/metadata/annotations/helm.sh~1resource-policy").asText());
    }

    @Test
    void optionalObjectsAreAbsentByDefault() {
        Manifests manifests = renderCi("defaults-with-secret-values.yaml");

        assertEquals(Set.of("ConfigMap", "Deployment", "PersistentVolumeClaim", "Service", "ServiceAccount"),
                manifests.kinds());
    }

    /** The shared-log settings leave the default (local) rendering as it was: no database, no log key, no new objects. */
    @Test
    void theDefaultLocalLogRendersNoSharedLogSettings() {
        Manifests manifests = renderCi("defaults-with-secret-values.yaml");
        JsonNode container = manifests.signetContainer();

        assertNull(envVar(container, "SIGNET_CTLOG_EMBEDDED_ORIGIN"),
                "Signet derives the origin (or keeps its default)");
        List<String> names = new ArrayList<>();
        container.get("env").forEach(e -> names.add(e.get("name").asText()));
        assertEquals(
                List.of("QUARKUS_HTTP_PORT", "QUARKUS_MANAGEMENT_PORT", "SIGNET_DATA_DIR", "SIGNET_IDENTITY_CONFIG",
                        "SIGNET_CA_TYPE", "SIGNET_CA_FILE_CERT", "SIGNET_CA_FILE_KEY", "SIGNET_CA_FILE_PASSWORD",
                        "SIGNET_CTLOG_TYPE"),
                names);
        assertEquals(Set.of("tmp", "data", "config", "ca"), texts(manifests.podSpec().get("volumes"), "name"));
        assertEquals(Set.of("tmp", "data", "config", "ca"), texts(container.get("volumeMounts"), "name"));
        assertEquals(1, manifests.one("Deployment").at("/spec/replicas").asInt());
    }

    /** A log key from a Secret is honoured on the local log too, e.g. to keep the key when the claim is replaced. */
    @Test
    void theLocalLogTakesItsKeyFromASecretWhenOneIsNamed() {
        Manifests manifests = render(t -> t.withValuesFile(CHART.resolve("ci/defaults-with-secret-values.yaml"))
                .set("ctlog.embedded.key.existingSecret", "signet-ctlog-key"));

        assertEquals("/var/run/signet-ctlog-key/key.pem",
                env(manifests.signetContainer(), "SIGNET_CTLOG_EMBEDDED_KEY"));
        assertEquals("signet-ctlog-key", volume(manifests.podSpec(), "ctlog-key").at("/secret/secretName").asText());
        assertEquals("Recreate", manifests.one("Deployment").at("/spec/strategy/type").asText());
        assertEquals(1, manifests.all("PersistentVolumeClaim").size());
    }

    // ---------------------------------------------------------------- embedded log shared in PostgreSQL

    @Test
    void theSharedLogOnCloudNativePgReachesItsDatabaseWithVerifiedTls() {
        Manifests manifests = renderCi("postgresql-cnpg-values.yaml");
        JsonNode container = manifests.signetContainer();

        assertEquals("embedded", env(container, "SIGNET_CTLOG_TYPE"));
        assertEquals("postgresql", env(container, "SIGNET_CTLOG_EMBEDDED_STORAGE"));
        assertEquals("jdbc:postgresql://signet-db-rw.signing.svc:5432/app?sslmode=verify-full"
                + "&sslrootcert=/var/run/signet-database-ca/ca.crt",
                env(container, "SIGNET_CTLOG_EMBEDDED_POSTGRESQL_URL"));
        assertEquals("app", env(container, "SIGNET_CTLOG_EMBEDDED_POSTGRESQL_USER"));
        assertEquals("/var/run/signet-database/password",
                env(container, "SIGNET_CTLOG_EMBEDDED_POSTGRESQL_PASSWORD_FILE"));
        assertNull(envVar(container, "SIGNET_CTLOG_EMBEDDED_POSTGRESQL_MAX_CONNECTIONS"),
                "Signet's default unless set");
        assertEquals("https://signet.example.com", env(container, "SIGNET_PUBLIC_URL"));
        assertNull(envVar(container, "SIGNET_CTLOG_EMBEDDED_ORIGIN"),
                "the shared log derives its origin from the public URL");
    }

    /** Only the entries Signet reads are mounted: CloudNativePG's -app Secret holds URIs, its -ca Secret the CA's private key. */
    @Test
    void theSharedLogMountsOnlyThePasswordTheCaCertificateAndTheLogKey() {
        Manifests manifests = renderCi("postgresql-cnpg-values.yaml");
        JsonNode pod = manifests.podSpec();
        JsonNode container = manifests.signetContainer();

        JsonNode password = volume(pod, "database-password").get("secret");
        assertEquals("signet-db-app", password.get("secretName").asText());
        assertEquals(Set.of("password"), texts(password.get("items"), "key"));
        assertEquals("/var/run/signet-database", mountPath(container, "database-password"));
        JsonNode ca = volume(pod, "database-ca").get("secret");
        assertEquals("signet-db-ca", ca.get("secretName").asText());
        assertEquals(Set.of("ca.crt"), texts(ca.get("items"), "key"));
        assertEquals("/var/run/signet-database-ca", mountPath(container, "database-ca"));
        JsonNode key = volume(pod, "ctlog-key").get("secret");
        assertEquals("signet-ctlog-key", key.get("secretName").asText());
        assertEquals(Set.of("key.pem"), texts(key.get("items"), "key"));
        assertEquals("/var/run/signet-ctlog-key/key.pem", env(container, "SIGNET_CTLOG_EMBEDDED_KEY"));
        for (String name : List.of("database-password", "database-ca", "ctlog-key")) {
            assertTrue(mount(container, name).get("readOnly").asBoolean(), name);
        }
        assertTrue(manifests.all("Secret").isEmpty(),
                "the chart never creates the log key or the database credentials");
    }

    @Test
    void theSharedLogNeedsNoClaimAndRollsOutOnlyThroughReadyPods() {
        Manifests manifests = renderCi("postgresql-cnpg-values.yaml");
        JsonNode deployment = manifests.one("Deployment");

        assertTrue(manifests.all("PersistentVolumeClaim").isEmpty());
        assertTrue(volume(manifests.podSpec(), "data").has("emptyDir"));
        assertEquals("RollingUpdate", deployment.at("/spec/strategy/type").asText());
        assertEquals(0, deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt());
        assertEquals(1, deployment.at("/spec/strategy/rollingUpdate/maxSurge").asInt());
        assertProbe(manifests.signetContainer(), "readinessProbe", "/q/health/ready");
    }

    @Test
    void theSharedLogTurnsOnTheAutoscalerAndTheDisruptionBudgetByDefault() {
        Manifests manifests = renderCi("postgresql-cnpg-values.yaml");
        JsonNode deployment = manifests.one("Deployment");
        JsonNode hpa = manifests.one("HorizontalPodAutoscaler");
        JsonNode pdb = manifests.one("PodDisruptionBudget");

        assertFalse(deployment.at("/spec").has("replicas"), "the autoscaler owns the replica count");
        assertEquals(2, hpa.at("/spec/minReplicas").asInt());
        assertEquals(6, hpa.at("/spec/maxReplicas").asInt());
        assertEquals(1, pdb.at("/spec/maxUnavailable").asInt());
        assertEquals(deployment.at("/spec/selector/matchLabels"), pdb.at("/spec/selector/matchLabels"));
        assertEquals(
                Set.of("ConfigMap", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Service",
                        "ServiceAccount"),
                manifests.kinds());
    }

    @Test
    void theSharedLogOnAManagedDatabaseWithAFixedReplicaCountAndTheProvidersCaBundle() {
        Manifests manifests = renderCi("postgresql-managed-values.yaml");
        JsonNode container = manifests.signetContainer();
        JsonNode ca = volume(manifests.podSpec(), "database-ca");

        assertEquals(3, manifests.one("Deployment").at("/spec/replicas").asInt());
        assertTrue(manifests.all("HorizontalPodAutoscaler").isEmpty(),
                "autoscaling.enabled=false overrides the mode's default");
        assertEquals(2, manifests.one("PodDisruptionBudget").at("/spec/minAvailable").asInt());
        assertEquals("jdbc:postgresql://signet.abcdefghijkl.eu-west-1.rds.amazonaws.com:5432/signet?sslmode=verify-full"
                + "&sslrootcert=/var/run/signet-database-ca/global-bundle.pem",
                env(container, "SIGNET_CTLOG_EMBEDDED_POSTGRESQL_URL"));
        assertEquals("rds-ca-bundle", ca.at("/configMap/name").asText());
        assertEquals(Set.of("global-bundle.pem"), texts(ca.at("/configMap/items"), "key"));
        assertEquals("/var/run/signet-database/db-password",
                env(container, "SIGNET_CTLOG_EMBEDDED_POSTGRESQL_PASSWORD_FILE"));
        assertEquals(Set.of("db-password"),
                texts(volume(manifests.podSpec(), "database-password").at("/secret/items"), "key"));
        assertEquals("8", env(container, "SIGNET_CTLOG_EMBEDDED_POSTGRESQL_MAX_CONNECTIONS"));
        assertEquals("/var/run/signet-ctlog-key/log-key.pem", env(container, "SIGNET_CTLOG_EMBEDDED_KEY"));
    }

    @Test
    void theSharedLogsAutoscalerAndDisruptionBudgetCanBeTurnedOff() {
        Manifests manifests = render(t -> t.withValuesFile(CHART.resolve("ci/postgresql-cnpg-values.yaml"))
                .set("autoscaling.enabled", "false").set("podDisruptionBudget.enabled", "false")
                .set("replicaCount", "4"));

        assertEquals(4, manifests.one("Deployment").at("/spec/replicas").asInt());
        assertTrue(manifests.all("HorizontalPodAutoscaler").isEmpty());
        assertTrue(manifests.all("PodDisruptionBudget").isEmpty());
    }

    /** The storage only concerns the embedded log: with a remote log the database values are ignored. */
    @Test
    void theDatabaseIsIgnoredWithARemoteLog() {
        Manifests manifests = render(t -> t.withValuesFile(CHART.resolve("ci/remote-ha-values.yaml"))
                .set("ctlog.embedded.storage", "postgresql"));
        JsonNode container = manifests.signetContainer();

        assertNull(envVar(container, "SIGNET_CTLOG_EMBEDDED_STORAGE"));
        assertNull(volume(manifests.podSpec(), "database-password"));
        assertFalse(manifests.one("Deployment").at("/spec").has("strategy"));
    }

    // ---------------------------------------------------------------- remote log, highly available

    @Test
    void remoteHaRunsThreeToTenReplicasUnderAnAutoscalerAndADisruptionBudget() {
        Manifests manifests = renderCi("remote-ha-values.yaml");
        JsonNode deployment = manifests.one("Deployment");
        JsonNode hpa = manifests.one("HorizontalPodAutoscaler");
        JsonNode pdb = manifests.one("PodDisruptionBudget");

        assertFalse(deployment.at("/spec").has("replicas"), "the autoscaler owns the replica count");
        assertFalse(deployment.at("/spec").has("strategy"), "a remote log allows rolling updates");
        assertEquals("autoscaling/v2", hpa.get("apiVersion").asText());
        assertEquals(3, hpa.at("/spec/minReplicas").asInt());
        assertEquals(10, hpa.at("/spec/maxReplicas").asInt());
        assertEquals("signet", hpa.at("/spec/scaleTargetRef/name").asText());
        assertEquals(Set.of("cpu", "memory"), texts(hpa.at("/spec/metrics"), "resource", "name"));
        assertEquals("policy/v1", pdb.get("apiVersion").asText());
        assertEquals(2, pdb.at("/spec/minAvailable").asInt());
        assertFalse(pdb.at("/spec").has("maxUnavailable"));
        assertEquals(deployment.at("/spec/selector/matchLabels"), pdb.at("/spec/selector/matchLabels"));
    }

    @Test
    void remoteHaVerifiesTheRemoteLogWithItsPublicKeyFromTheConfigMap() {
        Manifests manifests = renderCi("remote-ha-values.yaml");
        JsonNode container = manifests.signetContainer();
        JsonNode configMap = manifests.one("ConfigMap");

        assertEquals("remote", env(container, "SIGNET_CTLOG_TYPE"));
        assertEquals("http://tesseract.ct.svc.cluster.local", env(container, "SIGNET_CTLOG_URL"));
        assertEquals("ct.example.com", env(container, "SIGNET_CTLOG_ORIGIN"));
        assertEquals("/etc/signet/config/ctlog-public-key.pem", env(container, "SIGNET_CTLOG_PUBLIC_KEY"));
        String pem = configMap.at("/data/ctlog-public-key.pem").asText();
        assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----\n") && pem.endsWith("-----END PUBLIC KEY-----"), pem);
        assertTrue(manifests.all("PersistentVolumeClaim").isEmpty());
        assertTrue(volume(manifests.podSpec(), "data").has("emptyDir"));
    }

    /** As Fulcio's {@code --ct-log.tls-ca-cert}: a private CA bundle for the remote log's TLS, from the ConfigMap. */
    @Test
    void remoteLogTlsCaBundleIsMountedAsFulciosCtLogTlsCaCert() {
        String bundle = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
        Manifests manifests = render(t -> t.withValuesFile(CHART.resolve("ci/remote-ha-values.yaml"))
                .set("ctlog.remote.tlsCaCert", bundle));
        assertEquals("/etc/signet/config/ctlog-tls-ca.pem",
                env(manifests.signetContainer(), "SIGNET_CTLOG_TLS_CA_CERT"));
        assertEquals(bundle, manifests.one("ConfigMap").at("/data/ctlog-tls-ca.pem").asText());
        assertFalse(renderCi("remote-ha-values.yaml").one("ConfigMap").get("data").has("ctlog-tls-ca.pem"),
                "no bundle unless set: the JDK trust store");
    }

    /** Behind an ingress the trusted root must name Signet by the URL clients use, set once for every pod. */
    @Test
    void thePublicUrlReachesEveryPodAndOnlyAnHttpUrlWithoutUserInfoIsAccepted() {
        Manifests manifests = render(t -> t.withValuesFile(CHART.resolve("ci/remote-ha-values.yaml"))
                .set("publicUrl", "https://signet.example.com"));
        assertEquals("https://signet.example.com", env(manifests.signetContainer(), "SIGNET_PUBLIC_URL"));
        assertNull(envVar(renderCi("remote-ha-values.yaml").signetContainer(), "SIGNET_PUBLIC_URL"),
                "unset: Signet names itself by its own host and port");

        String userInfo = renderFailure(t -> t.set("ca.existingSecret", "signet-ca")
                .set("publicUrl", "https://user@signet.example.com"));
        String scheme =
                renderFailure(t -> t.set("ca.existingSecret", "signet-ca").set("publicUrl", "signet.example.com"));
        assertTrue(userInfo.contains("publicUrl"), userInfo);
        assertTrue(scheme.contains("publicUrl"), scheme);
    }

    @Test
    void remoteHaRendersTheIdentityFileAsJsonAndThePolicyBesideIt() throws IOException {
        Manifests manifests = renderCi("remote-ha-values.yaml");
        JsonNode container = manifests.signetContainer();
        JsonNode data = manifests.one("ConfigMap").get("data");

        assertFalse(data.has("identity.yaml"));
        JsonNode identity = JSON.readTree(data.get("identity.json").asText());
        assertEquals(1, identity.size(), "the configured file replaces the chart's default, never merges with it");
        assertEquals("email", identity.at("/OIDCIssuers/https:~1~1token.actions.githubusercontent.com/Type").asText());
        assertEquals("/etc/signet/config/identity.json", env(container, "SIGNET_IDENTITY_CONFIG"));
        JsonNode policy = YAML.readTree(data.get("policy.yaml").asText());
        assertEquals("repository_owner",
                policy.at("/issuers/https:~1~1token.actions.githubusercontent.com/0/claim").asText());
        assertEquals("/etc/signet/config/policy.yaml", env(container, "SIGNET_POLICY_CONFIG"));
    }

    @Test
    void remoteHaPinsTheImageByDigestAndCarriesPodExtras() {
        Manifests manifests = renderCi("remote-ha-values.yaml");
        JsonNode container = manifests.signetContainer();
        JsonNode template = manifests.one("Deployment").at("/spec/template");

        assertEquals("registry.example.com/platform/signet@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", container.get("image").asText());
        assertEquals("platform", template.at("/metadata/annotations/example.com~1team").asText());
        assertTrue(template.at("/metadata/annotations").has("checksum/config"));
        List<String> command = commandLine(container);
        assertTrue(command.indexOf("-Dsignet.ctlog.timeout=20s") < command.indexOf("-jar"), command::toString);
        JsonNode spread = template.at("/spec/topologySpreadConstraints/0");
        assertEquals("topology.kubernetes.io/zone", spread.get("topologyKey").asText());
        assertEquals(manifests.one("Deployment").at("/spec/selector/matchLabels"),
                spread.at("/labelSelector/matchLabels"));
    }

    @Test
    void remoteHaScrapesMetricsAndRoutesHttpAndGrpcIngresses() {
        Manifests manifests = renderCi("remote-ha-values.yaml");
        JsonNode monitor = manifests.one("ServiceMonitor");
        List<JsonNode> ingresses = manifests.all("Ingress");

        assertEquals("monitoring.coreos.com/v1", monitor.get("apiVersion").asText());
        assertEquals("management", monitor.at("/spec/endpoints/0/port").asText());
        assertEquals("/q/metrics", monitor.at("/spec/endpoints/0/path").asText());
        assertEquals("prometheus", monitor.at("/metadata/labels/release").asText());
        assertEquals(manifests.one("Service").at("/spec/selector"), monitor.at("/spec/selector/matchLabels"));

        assertEquals(Set.of("signet-http", "signet-grpc"), texts(ingresses, "metadata", "name"));
        for (JsonNode ingress : ingresses) {
            JsonNode backend = ingress.at("/spec/rules/0/http/paths/0/backend/service");
            assertEquals("signet", backend.get("name").asText());
            assertEquals("http", backend.at("/port/name").asText());
            assertEquals("nginx", ingress.at("/spec/ingressClassName").asText());
        }
        JsonNode grpc = ingresses.stream().filter(i -> i.at("/metadata/name").asText().endsWith("grpc")).findFirst()
                .orElseThrow();
        assertEquals("GRPC", grpc.at("/metadata/annotations/nginx.ingress.kubernetes.io~1backend-protocol").asText());
        assertEquals("signet-grpc.example.com", grpc.at("/spec/rules/0/host").asText());
        assertEquals("signet-grpc-tls", grpc.at("/spec/tls/0/secretName").asText());
    }

    // ---------------------------------------------------------------- PKCS#11 and the embedded PVC

    @Test
    void pkcs11ComesInThroughExtraVolumesAndEnvironment() {
        Manifests manifests = renderCi("pkcs11-values.yaml");
        JsonNode pod = manifests.podSpec();
        JsonNode container = manifests.signetContainer();

        assertEquals("pkcs11", env(container, "SIGNET_CA_TYPE"));
        assertNull(envVar(container, "SIGNET_CA_FILE_CERT"));
        assertNull(volume(pod, "ca"));
        assertEquals("/etc/signet/pkcs11/pkcs11.cfg", env(container, "SIGNET_CA_PKCS11_CONFIG"));
        assertEquals("pin", envVar(container, "SIGNET_CA_PKCS11_PIN").at("/valueFrom/secretKeyRef/key").asText());
        assertEquals("signet-hsm-settings", container.at("/envFrom/0/configMapRef/name").asText());
        assertEquals("signet-pkcs11", volume(pod, "pkcs11-config").at("/secret/secretName").asText());
        assertTrue(volume(pod, "hsm-module").has("emptyDir"));
        assertEquals("/opt/hsm", mountPath(container, "hsm-module"));
        assertEquals("/etc/signet/pkcs11", mountPath(container, "pkcs11-config"));
        assertEquals("hsm-client", pod.at("/initContainers/0/name").asText());
        // the chart's own volumes stay beside the extra ones
        assertEquals("/tmp", mountPath(container, "tmp"));
        assertEquals("signet-log", volume(pod, "data").at("/persistentVolumeClaim/claimName").asText());
        assertTrue(manifests.all("PersistentVolumeClaim").isEmpty(), "an existing claim is used, not created");
    }

    @Test
    void kmsCaTakesItsKeyReferenceAndChainSecretAndItsCredentialsFromTheServiceAccount() {
        Manifests manifests = renderCi("kms-values.yaml");
        JsonNode pod = manifests.podSpec();
        JsonNode container = manifests.signetContainer();

        assertEquals("kms", env(container, "SIGNET_CA_TYPE"));
        assertEquals("awskms:///arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                env(container, "SIGNET_CA_KMS_KEY"));
        assertEquals("/var/run/signet-kms/cert", env(container, "SIGNET_CA_KMS_CERT_CHAIN"));
        assertEquals("signet-kms-chain", volume(pod, "kms-chain").at("/secret/secretName").asText());
        assertEquals("/var/run/signet-kms", mountPath(container, "kms-chain"));
        assertNull(volume(pod, "ca"));
        assertNull(volume(pod, "vault-token"));
        assertNull(envVar(container, "SIGNET_CA_FILE_PASSWORD"));
        assertEquals("arn:aws:iam::111122223333:role/signet-ca-signer", manifests.all("ServiceAccount").get(0)
                .at("/metadata/annotations/eks.amazonaws.com~1role-arn").asText());
    }

    @Test
    void kmsCaOnGoogleCloudKmsTakesItsCredentialsFromWorkloadIdentity() {
        Manifests manifests = renderCi("gcpkms-values.yaml");
        JsonNode container = manifests.signetContainer();

        assertEquals("gcpkms://projects/signet-prod/locations/europe-west1/keyRings/signet/cryptoKeys/ca-intermediate"
                + "/cryptoKeyVersions/1", env(container, "SIGNET_CA_KMS_KEY"));
        assertEquals("signet-kms-chain", volume(manifests.podSpec(), "kms-chain").at("/secret/secretName").asText());
        assertNull(envVar(container, "SIGNET_CA_KMS_ENDPOINT"));
        assertEquals("signet-ca@signet-prod.iam.gserviceaccount.com", manifests.all("ServiceAccount").get(0)
                .at("/metadata/annotations/iam.gke.io~1gcp-service-account").asText());
    }

    @Test
    void kmsCaOnVaultMountsTheTokenSecretAsAFile() {
        Manifests manifests = render(t -> t.withValuesFile(CHART.resolve("ci/kms-values.yaml"))
                .set("ca.kms.key", "hashivault://signet-ca")
                .set("ca.kms.endpoint", "https://vault.example.com:8200")
                .set("ca.kms.vault.tokenSecret", "signet-vault-token"));
        JsonNode container = manifests.signetContainer();

        assertEquals("https://vault.example.com:8200", env(container, "SIGNET_CA_KMS_ENDPOINT"));
        assertEquals("/var/run/signet-vault/token", env(container, "SIGNET_CA_KMS_VAULT_TOKEN_FILE"));
        assertEquals("signet-vault-token",
                volume(manifests.podSpec(), "vault-token").at("/secret/secretName").asText());
    }

    @Test
    void kmsCaOnVaultLogsInWithAProjectedServiceAccountToken() {
        Manifests manifests = render(t -> t.withValuesFile(CHART.resolve("ci/kms-values.yaml"))
                .set("ca.kms.key", "hashivault://signet-ca")
                .set("ca.kms.vault.kubernetes.role", "signet"));
        JsonNode container = manifests.signetContainer();
        JsonNode pod = manifests.podSpec();

        assertEquals("signet", env(container, "SIGNET_CA_KMS_VAULT_KUBERNETES_ROLE"));
        assertEquals("kubernetes", env(container, "SIGNET_CA_KMS_VAULT_KUBERNETES_MOUNT"));
        assertEquals("/var/run/signet-vault-sa/token", env(container, "SIGNET_CA_KMS_VAULT_KUBERNETES_TOKEN_FILE"));
        JsonNode token = volume(pod, "vault-service-account-token").at("/projected/sources/0/serviceAccountToken");
        assertEquals("token", token.at("/path").asText());
        assertEquals(3600, token.at("/expirationSeconds").asInt());
        assertFalse(pod.at("/automountServiceAccountToken").asBoolean(), "only the projected token is mounted");
        assertNull(volume(pod, "vault-token"));

        String both = renderFailure(t -> t.withValuesFile(CHART.resolve("ci/kms-values.yaml"))
                .set("ca.kms.key", "hashivault://signet-ca")
                .set("ca.kms.vault.kubernetes.role", "signet")
                .set("ca.kms.vault.tokenSecret", "signet-vault-token"));
        assertTrue(both.contains("ca.kms.vault.kubernetes.role and ca.kms.vault.tokenSecret are both set"), both);
    }

    @Test
    void kmsCaWithoutKeyOrChainIsRefusedAndAMalformedReferenceFailsTheSchema() {
        String message = renderFailure(t -> t.set("ca.type", "kms").set("ca.kms.key", "hashivault://signet-ca"));
        assertTrue(message.contains("ca.kms.key and ca.kms.certChainSecret are required with ca.type=kms"), message);
        String schema = renderFailure(t -> t.withValuesFile(CHART.resolve("ci/kms-values.yaml"))
                .set("ca.kms.key", "kms://not-a-reference"));
        assertTrue(schema.contains("ca.kms.key") || schema.contains("/ca/kms/key"), schema);
    }

    @Test
    void embeddedLogOnACreatedClaimWithItsOwnOrigin() {
        Manifests manifests = renderCi("embedded-pvc-values.yaml");
        JsonNode claim = manifests.one("PersistentVolumeClaim");
        JsonNode container = manifests.signetContainer();

        assertEquals("signet-data", claim.at("/metadata/name").asText());
        assertEquals("fast-ssd", claim.at("/spec/storageClassName").asText());
        assertEquals("20Gi", claim.at("/spec/resources/requests/storage").asText());
        assertEquals("ReadWriteOnce", claim.at("/spec/accessModes/0").asText());
        assertEquals("daily", claim.at("/metadata/annotations/example.com~1backup").asText());
        assertEquals("ct.example.com/2026h1", env(container, "SIGNET_CTLOG_EMBEDDED_ORIGIN"));
        assertEquals("signet-data",
                volume(manifests.podSpec(), "data").at("/persistentVolumeClaim/claimName").asText());
        assertEquals(1, manifests.one("Deployment").at("/spec/replicas").asInt());
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void everyCiValuesFileRendersAHardenedPodInTheReleaseNamespace(Path ciValues) {
        Manifests manifests = render(t -> t.withValuesFile(ciValues));
        JsonNode container = manifests.signetContainer();

        for (JsonNode manifest : manifests.list()) {
            assertEquals(NAMESPACE, manifest.at("/metadata/namespace").asText(), manifest::toString);
            assertEquals("signet", manifest.at("/metadata/labels/app.kubernetes.io~1part-of").asText(),
                    manifest::toString);
        }
        assertTrue(manifests.podSpec().at("/securityContext/runAsNonRoot").asBoolean());
        assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertEquals("/tmp", mountPath(container, "tmp"));
        assertProbe(container, "readinessProbe", "/q/health/ready");
    }

    // ---------------------------------------------------------------- documentation

    @Test
    void everyValueIsInTheSchemaAndDocumentedInTheReadme() throws IOException {
        JsonNode values = YAML.readTree(CHART.resolve("values.yaml").toFile());
        JsonNode schema = JSON.readTree(CHART.resolve("values.schema.json").toFile());
        String readme = Files.readString(CHART.resolve("README.md"));

        Set<String> valuePaths = new TreeSet<>();
        collectValuePaths(values, schema, "", valuePaths);
        Set<String> schemaPaths = new TreeSet<>();
        collectSchemaPaths(schema, "", schemaPaths);
        schemaPaths.remove("global");

        assertEquals(schemaPaths, valuePaths, "values.yaml and values.schema.json must describe the same keys");
        List<String> undocumented = valuePaths.stream().filter(p -> !readme.contains("`" + p + "`")).toList();
        assertEquals(List.of(), undocumented, "README.md must document every value");
    }

    /** Collects the dotted paths of the leaves of values.yaml; a map is a leaf where the schema lists no properties for it. */
    private static void collectValuePaths(JsonNode values, JsonNode schema, String prefix, Set<String> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = values.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = prefix + field.getKey();
            JsonNode child = schema.at("/properties/" + field.getKey().replace("~", "~0").replace("/", "~1"));
            if (field.getValue().isObject() && child.has("properties")) {
                collectValuePaths(field.getValue(), child, path + ".", out);
            } else {
                out.add(path);
            }
        }
    }

    private static void collectSchemaPaths(JsonNode schema, String prefix, Set<String> out) {
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            String path = prefix + property.getKey();
            if (property.getValue().has("properties")) {
                collectSchemaPaths(property.getValue(), path + ".", out);
            } else {
                out.add(path);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The manifests of one rendering, parsed. */
    private record Manifests(List<JsonNode> list) {

        Set<String> kinds() {
            return list.stream().map(m -> m.get("kind").asText()).collect(Collectors.toCollection(TreeSet::new));
        }

        List<JsonNode> all(String kind) {
            return list.stream().filter(m -> kind.equals(m.get("kind").asText())).toList();
        }

        JsonNode one(String kind) {
            List<JsonNode> found = all(kind);
            assertEquals(1, found.size(), () -> "exactly one " + kind + " in " + kinds());
            return found.get(0);
        }

        JsonNode podSpec() {
            return one("Deployment").at("/spec/template/spec");
        }

        JsonNode signetContainer() {
            JsonNode containers = podSpec().get("containers");
            assertEquals(1, containers.size());
            assertEquals("signet", containers.get(0).get("name").asText());
            return containers.get(0);
        }
    }

    private static Manifests renderCi(String ciFile) {
        return render(t -> t.withValuesFile(CHART.resolve("ci").resolve(ciFile)));
    }

    private static Manifests render(Consumer<TemplateCommand> options) {
        TemplateCommand command =
                new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion("1.30.0");
        options.accept(command);
        String yaml = command.call();
        try {
            List<JsonNode> manifests = new ArrayList<>();
            for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
                if (document != null && document.isObject() && document.size() > 0) {
                    manifests.add(document);
                }
            }
            return new Manifests(List.copyOf(manifests));
        } catch (IOException e) {
            throw new UncheckedIOException(yaml, e);
        }
    }

    private static String renderFailure(Consumer<TemplateCommand> options) {
        RuntimeException failure = assertThrows(RuntimeException.class, () -> render(options));
        return String.valueOf(failure.getMessage());
    }

    /** A copy of the chart whose values.yaml is the chart's defaults with the given file merged over them. */
    private static Path stageChart(Path staging, Path valuesFile) throws IOException {
        Path chart = staging.resolve("signet");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path source : files.toList()) {
                Path target = chart.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        JsonNode merged = YAML.readTree(CHART.resolve("values.yaml").toFile());
        mergeInto((ObjectNode) merged, YAML.readTree(valuesFile.toFile()));
        YAML.writeValue(chart.resolve("values.yaml").toFile(), merged);
        return chart;
    }

    /** Helm's merge: maps merge key by key, anything else replaces. */
    private static void mergeInto(ObjectNode target, JsonNode overrides) {
        overrides.fields().forEachRemaining(field -> {
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue().isObject()) {
                mergeInto(existingObject, field.getValue());
            } else {
                target.set(field.getKey(), field.getValue());
            }
        });
    }

    private static void assertProbe(JsonNode container, String probe, String path) {
        JsonNode get = container.at("/" + probe + "/httpGet");
        assertEquals(path, get.get("path").asText(), probe);
        assertEquals("management", get.get("port").asText(), probe);
        assertTrue(container.at("/" + probe + "/periodSeconds").asInt() > 0, probe);
    }

    private static List<String> commandLine(JsonNode container) {
        List<String> line = new ArrayList<>();
        container.get("command").forEach(c -> line.add(c.asText()));
        container.get("args").forEach(a -> line.add(a.asText()));
        return line;
    }

    private static int port(JsonNode container, String name) {
        return named(container.get("ports"), name).get("containerPort").asInt();
    }

    private static JsonNode envVar(JsonNode container, String name) {
        return named(container.get("env"), name);
    }

    private static String env(JsonNode container, String name) {
        JsonNode variable = envVar(container, name);
        assertTrue(variable != null && variable.has("value"), () -> name + " in " + container.get("env"));
        return variable.get("value").asText();
    }

    private static JsonNode volume(JsonNode podSpec, String name) {
        return named(podSpec.get("volumes"), name);
    }

    private static JsonNode mount(JsonNode container, String name) {
        JsonNode found = named(container.get("volumeMounts"), name);
        assertTrue(found != null, () -> "mount " + name);
        return found;
    }

    private static String mountPath(JsonNode container, String name) {
        return mount(container, name).get("mountPath").asText();
    }

    private static JsonNode named(JsonNode list, String name) {
        if (list == null) {
            return null;
        }
        JsonNode found = null;
        for (JsonNode item : list) {
            if (name.equals(item.path("name").asText())) {
                assertNull(found, () -> "duplicate name " + name);
                found = item;
            }
        }
        return found;
    }

    private static Set<String> texts(JsonNode list, String... path) {
        return texts(StreamSupport.stream(list.spliterator(), false).toList(), path);
    }

    private static Set<String> texts(List<JsonNode> list, String... path) {
        return list.stream().map(node -> {
            JsonNode current = node;
            for (String step : path) {
                current = current.path(step);
            }
            return current.asText();
        }).collect(Collectors.toCollection(TreeSet::new));
    }
}
