package dev.quicksilver.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/helm/quicksilver: helm lint, helm template with the value sets of src/test/resources/helm
 * (Helm itself, bundled by helm-java), and every rendered object validated against the Kubernetes
 * API schemas (npm kubernetes-models, run by Node: src/test/node/validate.mjs).
 */
class HelmChartTest {
    private static final Path REPO = Path.of(System.getProperty("quicksilver.repo", ".."));
    private static final Path CHART = REPO.resolve("deploy/helm/quicksilver");
    private static final Path VALUES = Path.of("src/test/resources/helm");
    private static final Path WORK = Path.of(System.getProperty("quicksilver.work", "target"));
    private static final Path CHECKER = WORK.resolve("manifest-check");

    /** Installs the schema checker's npm packages (exact versions, from the committed lock file) once per build directory. */
    @BeforeAll
    static void installChecker() throws Exception {
        Files.createDirectories(CHECKER);
        for (String file : List.of("package.json", "package-lock.json", "validate.mjs")) {
            Files.copy(Path.of("src/test/node", file), CHECKER.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(CHECKER.resolve("node_modules/kubernetes-models"))) {
            Command.check(CHECKER, 300, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        }
    }

    @Test
    @DisplayName("helm lint --strict finds nothing")
    void lint() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    @DisplayName("the defaults: one hub, a volume claim for its history, probes, a locked-down pod, valid objects")
    void defaults() throws Exception {
        String manifests = template(null);
        validate("defaults", manifests);
        assertThat(manifests).contains("kind: StatefulSet").contains("replicas: 1").contains("volumeClaimTemplates:")
                .contains("kind: PodDisruptionBudget").contains("kind: Secret").doesNotContain("kind: Ingress")
                .doesNotContain("kind: ServiceMonitor").doesNotContain("QUICKSILVER_TRANSPORT");
        assertThat(manifests).contains("path: /livez").contains("path: /readyz");
        assertThat(manifests).contains("runAsNonRoot: true").contains("readOnlyRootFilesystem: true")
                .contains("allowPrivilegeEscalation: false").containsPattern("drop:\\s+- ALL");
        assertThat(manifests).contains("name: MERCURE_PUBLISHER_JWT_KEY").contains("name: MERCURE_SUBSCRIBER_JWT_KEY")
                .contains("mountPath: /data").contains("mountPath: /tmp");
    }

    @Test
    @DisplayName("production values: ingress with the SSE annotations, ServiceMonitor, the operator's Secret")
    void production() throws Exception {
        String manifests = template("production.yaml");
        validate("production", manifests);
        assertThat(manifests).contains("kind: Ingress").contains("nginx.ingress.kubernetes.io/proxy-buffering: \"off\"")
                .contains("nginx.ingress.kubernetes.io/proxy-read-timeout: \"3600\"")
                .contains("cert-manager.io/cluster-issuer: letsencrypt").contains("kind: ServiceMonitor")
                .contains("name: mercure-keys").contains("storageClassName: fast-ssd")
                .contains("image: \"registry.example.com/quicksilver:0.1.0\"");
        // The operator's Secret replaces the chart's.
        assertThat(manifests).doesNotContain("kind: Secret");
    }

    @Test
    @DisplayName("several hubs with a cluster transport: the transport URL from the Secret, a claim per hub")
    void cluster() throws Exception {
        String manifests = template("cluster.yaml");
        validate("cluster", manifests);
        assertThat(manifests).contains("replicas: 3").contains("name: QUICKSILVER_TRANSPORT").contains("key: transport-url")
                .contains("volumeClaimTemplates:").contains("podAntiAffinity:");
    }

    @Test
    @DisplayName("values written for the reference chart render unchanged (bolt:// is the single hub's history)")
    void referenceValues() throws Exception {
        String manifests = template("reference.yaml");
        validate("reference", manifests);
        assertThat(manifests).contains("claimName: mercure-data").contains("name: QUICKSILVER_DEMO")
                .contains("name: MERCURE_EXTRA_DIRECTIVES").contains("type: NodePort")
                .doesNotContain("QUICKSILVER_TRANSPORT").doesNotContain("volumeClaimTemplates:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"several-hubs-without-transport.yaml", "caddy-options.yaml", "misspelt.yaml"})
    @DisplayName("value sets that cannot work fail rendering with a message that says what to change")
    void refused(String values) {
        String expected = switch (values) {
            case "several-hubs-without-transport.yaml" -> "replicaCount is 2 but no cluster transport is set";
            case "caddy-options.yaml" -> "caddyExtraConfig configures Caddy in the reference chart";
            default -> "replicas";
        };
        assertThatThrownBy(() -> template(values)).hasMessageContaining(expected);
    }

    private static String template(String values) {
        TemplateCommand command = new Helm(CHART).template().withName("hub").withNamespace("mercure");
        if (values != null) {
            command = command.withValuesFile(VALUES.resolve(values).toAbsolutePath());
        }
        return command.call();
    }

    /** Runs the schema checker on the manifests; fails with its report when an object does not conform. */
    private static void validate(String name, String manifests) throws IOException, InterruptedException {
        Path file = WORK.resolve("helm-" + name + ".yaml");
        Files.writeString(file, manifests);
        Command.Result result = Command.run(CHECKER, 120, List.of("node", "validate.mjs", file.toAbsolutePath().toString()));
        assertThat(result.status()).as(result.output()).isZero();
        assertThat(result.output()).contains("ok apps/v1 StatefulSet");
    }
}
