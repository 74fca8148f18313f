package io.weir.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Lints and renders the Helm chart in {@code helm/weir} with helm-java (native Helm, no cluster
 * needed) and checks the rendered Kubernetes objects field by field.
 */
class HelmChartTest {

    private static final Path CHART = Path.of("helm/weir");
    private static final String RELEASE = "weir";
    private static final String NAMESPACE = "ops";

    @TempDir
    Path tempDir;

    @Test
    void chartPassesStrictLint() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages())
                .noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));
    }

    @Test
    void rendersStandardLabelsOnEveryObject() {
        Rendered rendered = render(template -> template);

        assertThat(rendered.objects()).isNotEmpty();
        for (Map<String, Object> object : rendered.objects()) {
            assertThat(map(object, "metadata", "labels"))
                    .as("labels of %s", object.get("kind"))
                    .containsEntry("app.kubernetes.io/name", "weir")
                    .containsEntry("app.kubernetes.io/instance", RELEASE)
                    .containsEntry("app.kubernetes.io/version", "0.1.0")
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsEntry("helm.sh/chart", "weir-0.1.0");
        }
    }

    @Test
    void rendersNonRootDeploymentWithHealthProbes() {
        Map<String, Object> deployment = render(template -> template).one("Deployment");

        assertThat(map(deployment, "spec")).containsEntry("replicas", 1);
        assertThat(map(deployment, "spec", "strategy")).containsEntry("type", "Recreate");

        Map<String, Object> podSpec = map(deployment, "spec", "template", "spec");
        assertThat(podSpec).containsEntry("serviceAccountName", "weir");
        Map<String, Object> podSecurity = map(podSpec, "securityContext");
        assertThat(podSecurity)
                .containsEntry("runAsNonRoot", true)
                .containsEntry("runAsUser", 185)
                .containsEntry("fsGroup", 185);
        assertThat(map(podSecurity, "seccompProfile")).containsEntry("type", "RuntimeDefault");

        Map<String, Object> container = container(deployment);
        assertThat(container).containsEntry("image", "weir:0.1.0").containsEntry("imagePullPolicy", "IfNotPresent");
        Map<String, Object> containerSecurity = map(container, "securityContext");
        assertThat(containerSecurity)
                .containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("readOnlyRootFilesystem", true);
        assertThat(map(containerSecurity, "capabilities")).containsEntry("drop", List.of("ALL"));

        assertThat(list(container, "ports")).singleElement().satisfies(port -> assertThat(port)
                .containsEntry("name", "http")
                .containsEntry("containerPort", 8080));
        assertThat(env(container)).containsEntry("QUARKUS_HTTP_PORT", "8080");

        assertThat(map(container, "startupProbe", "httpGet"))
                .containsEntry("path", "/q/health/started")
                .containsEntry("port", "http");
        assertThat(map(container, "livenessProbe", "httpGet"))
                .containsEntry("path", "/q/health/live")
                .containsEntry("port", "http");
        assertThat(map(container, "readinessProbe", "httpGet"))
                .containsEntry("path", "/q/health/ready")
                .containsEntry("port", "http");

        assertThat(map(container, "resources", "requests"))
                .containsEntry("cpu", "500m")
                .containsEntry("memory", "512Mi");
        assertThat(map(container, "resources", "limits")).containsEntry("memory", "768Mi");
        // The heap the README recommends, well inside the limit.
        assertThat(env(container)).containsEntry("JAVA_OPTS_APPEND",
                "-Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=256m -Xss512k");

        // A read-only root file system needs a writable /tmp.
        assertThat(mountPaths(container)).containsEntry("tmp", "/tmp");
        assertThat(volume(deployment, "tmp")).containsKey("emptyDir");
    }

    @Test
    void appliesImageAndJvmOptionsFromValues() {
        Map<String, Object> container = container(render(template -> template
                .set("image.repository", "registry.example.com/ops/weir")
                .set("image.tag", "1.2.3")
                .set("image.pullPolicy", "Always")
                .set("javaOpts", "-XX:MaxRAMPercentage=75"))
                .one("Deployment"));

        assertThat(container)
                .containsEntry("image", "registry.example.com/ops/weir:1.2.3")
                .containsEntry("imagePullPolicy", "Always");
        assertThat(env(container)).containsEntry("JAVA_OPTS_APPEND", "-XX:MaxRAMPercentage=75");
    }

    @Test
    void rendersClusterIpServiceOnNamedHttpPort() {
        Map<String, Object> service = render(template -> template).one("Service");

        assertThat(map(service, "spec")).containsEntry("type", "ClusterIP");
        assertThat(list(service, "spec", "ports")).singleElement().satisfies(port -> assertThat(port)
                .containsEntry("name", "http")
                .containsEntry("port", 8080)
                .containsEntry("targetPort", "http"));
        assertThat(map(service, "spec", "selector"))
                .containsEntry("app.kubernetes.io/name", "weir")
                .containsEntry("app.kubernetes.io/instance", RELEASE);
    }

    @Test
    void rendersPrometheusScrapeAnnotations() {
        Map<String, Object> annotations =
                map(render(template -> template).one("Deployment"), "spec", "template", "metadata", "annotations");

        assertThat(annotations)
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", "8080")
                .containsEntry("prometheus.io/path", "/q/metrics");
    }

    @Test
    void omitsPrometheusAnnotationsWhenDisabled() {
        Map<String, Object> annotations = map(
                render(template -> template.set("metrics.prometheusAnnotations", false)).one("Deployment"),
                "spec", "template", "metadata", "annotations");

        assertThat(annotations.keySet()).noneMatch(key -> key.startsWith("prometheus.io/"));
    }

    @Test
    void putsAdminPasswordInSecretNotInDeployment() {
        Rendered rendered = render(template -> template.set("admin.password", "Adm1n-s3cret"));

        Map<String, Object> secret = rendered.one("Secret");
        assertThat(secretData(secret)).containsEntry("WEIR_ADMIN_PASSWORD", "Adm1n-s3cret");

        Map<String, Object> deployment = rendered.one("Deployment");
        assertThat(rendered.sourceOf("Deployment")).doesNotContain("Adm1n-s3cret");
        Map<String, Object> container = container(deployment);
        assertThat(env(container)).doesNotContainKey("WEIR_ADMIN_PASSWORD");
        assertThat(envFromSecrets(container)).contains(name(secret));
    }

    @Test
    void leavesAdminPasswordUnsetSoTheApplicationGeneratesOne() {
        Rendered rendered = render(template -> template);

        assertThat(rendered.all("Secret")).isEmpty();
        Map<String, Object> container = container(rendered.one("Deployment"));
        assertThat(env(container)).doesNotContainKey("WEIR_ADMIN_PASSWORD");
        assertThat(envFromSecrets(container)).isEmpty();
    }

    @Test
    void readsAdminPasswordFromExistingSecret() {
        Rendered rendered = render(template -> template
                .set("admin.password", "ignored-because-existing-secret-wins")
                .set("admin.existingSecret", "weir-admin")
                .set("admin.existingSecretKey", "password"));

        assertThat(rendered.all("Secret")).isEmpty();
        Map<String, Object> adminEnv = envVar(container(rendered.one("Deployment")), "WEIR_ADMIN_PASSWORD");
        assertThat(adminEnv).doesNotContainKey("value");
        assertThat(map(adminEnv, "valueFrom", "secretKeyRef"))
                .containsEntry("name", "weir-admin")
                .containsEntry("key", "password");
    }

    @Test
    void putsSourceAndDatabasePasswordsInSecretAndDatabaseSettingsInEnv() {
        Rendered rendered = render(template -> template
                .set("database.kind", "postgresql")
                .set("database.url", "jdbc:postgresql://postgres:5432/weir")
                .set("database.username", "weir")
                .set("database.password", "db-s3cret")
                .set("extraSecretEnv.WEIR_SOURCES_PROD_PASSWORD", "kafka-s3cret")
                .set("existingSecret", "weir-more-secrets"));

        Map<String, Object> secret = rendered.one("Secret");
        assertThat(secretData(secret))
                .containsEntry("QUARKUS_DATASOURCE_PASSWORD", "db-s3cret")
                .containsEntry("WEIR_SOURCES_PROD_PASSWORD", "kafka-s3cret")
                .doesNotContainKey("WEIR_ADMIN_PASSWORD");

        assertThat(rendered.sourceOf("Deployment")).doesNotContain("db-s3cret").doesNotContain("kafka-s3cret");
        Map<String, Object> container = container(rendered.one("Deployment"));
        assertThat(env(container))
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres:5432/weir")
                .containsEntry("QUARKUS_DATASOURCE_USERNAME", "weir")
                .doesNotContainKey("QUARKUS_DATASOURCE_PASSWORD");
        assertThat(envFromSecrets(container)).containsExactly(name(secret), "weir-more-secrets");
    }

    @Test
    void rejectsPostgresqlWithoutJdbcUrl() {
        assertThatThrownBy(() -> render(template -> template.set("database.kind", "postgresql")))
                .hasMessageContaining("database.url is required");
    }

    @Test
    void rejectsUnknownDatabaseKind() {
        assertThatThrownBy(() -> render(template -> template.set("database.kind", "mysql")))
                .hasMessageContaining("database.kind must be h2 or postgresql");
    }

    @Test
    void rejectsMoreThanOneReplica() {
        assertThatThrownBy(() -> render(template -> template.set("replicaCount", 2)))
                .hasMessageContaining("replicaCount must be 0 or 1");
    }

    @Test
    void passesNonSecretConfigThroughConfigMapEnvFrom() {
        Rendered rendered = render(template -> template
                .set("config.WEIR_SOURCES_PROD_KIND", "kafka")
                .set("config.WEIR_SOURCES_PROD_BOOTSTRAP_SERVERS", "kafka.prod:9092"));

        Map<String, Object> configMap = rendered.named("ConfigMap", "weir-config");
        assertThat(map(configMap, "data"))
                .containsEntry("WEIR_SOURCES_PROD_KIND", "kafka")
                .containsEntry("WEIR_SOURCES_PROD_BOOTSTRAP_SERVERS", "kafka.prod:9092");
        assertThat(list(container(rendered.one("Deployment")), "envFrom"))
                .anySatisfy(source -> assertThat(map(source, "configMapRef")).containsEntry("name", "weir-config"));
    }

    @Test
    void mountsAlertRulesConfigMap() throws IOException {
        String queuesRules = """
                rules:
                  - name: orders-backlog
                    source: prod
                    queue: orders
                    metric: depth
                    above: 1000
                    for: 5m
                """;
        Path values = tempDir.resolve("alert-rules-values.yaml");
        Map<String, Object> alertRules = new LinkedHashMap<>();
        alertRules.put("queues.yml", queuesRules);
        Files.writeString(values, dump(Map.of("alertRules", alertRules)), StandardCharsets.UTF_8);

        Rendered rendered = render(template -> template.withValuesFile(values));

        Map<String, Object> rulesConfigMap = rendered.named("ConfigMap", "weir-alert-rules");
        assertThat(map(rulesConfigMap, "data")).containsOnlyKeys("queues.yml");
        assertThat((String) map(rulesConfigMap, "data").get("queues.yml")).isEqualToIgnoringNewLines(queuesRules);
        assertThat(new Yaml().<Map<String, Object>>load((String) map(rulesConfigMap, "data").get("queues.yml")))
                .containsKey("rules");

        Map<String, Object> deployment = rendered.one("Deployment");
        Map<String, Object> container = container(deployment);
        assertThat(env(container)).containsEntry("WEIR_ALERTING_RULES_DIR", "/etc/weir/alert-rules");
        assertThat(mountPaths(container)).containsEntry("alert-rules", "/etc/weir/alert-rules");
        assertThat(map(volume(deployment, "alert-rules"), "configMap")).containsEntry("name", "weir-alert-rules");
    }

    @Test
    void acceptsAlertRuleFileNamesWithEscapedDotsOnTheCommandLine() {
        // The form the README documents: --set-file alertRules.queues\.yml=alert-rules/queues.yml
        Rendered rendered = render(template -> template.set("alertRules.queues\\.yml", "rules: []"));

        assertThat(map(rendered.named("ConfigMap", "weir-alert-rules"), "data"))
                .containsEntry("queues.yml", "rules: []");
    }

    @Test
    void createsEmptyAlertRulesConfigMapByDefault() {
        Map<String, Object> rulesConfigMap = render(template -> template).named("ConfigMap", "weir-alert-rules");

        assertThat(rulesConfigMap.get("data")).satisfiesAnyOf(
                data -> assertThat(data).isNull(),
                data -> assertThat(data).isEqualTo(Map.of()));
    }

    @Test
    void usesPersistentVolumeClaimWhenPersistenceEnabled() {
        Rendered rendered = render(template -> template
                .set("persistence.enabled", true)
                .set("persistence.size", "5Gi")
                .set("persistence.storageClass", "fast-ssd"));

        Map<String, Object> claim = rendered.one("PersistentVolumeClaim");
        assertThat(name(claim)).isEqualTo("weir-data");
        assertThat(map(claim, "spec"))
                .containsEntry("accessModes", List.of("ReadWriteOnce"))
                .containsEntry("storageClassName", "fast-ssd");
        assertThat(map(claim, "spec", "resources", "requests")).containsEntry("storage", "5Gi");

        Map<String, Object> deployment = rendered.one("Deployment");
        assertThat(map(volume(deployment, "data"), "persistentVolumeClaim")).containsEntry("claimName", "weir-data");
        Map<String, Object> container = container(deployment);
        assertThat(mountPaths(container)).containsEntry("data", "/var/lib/weir");
        assertThat(env(container)).containsEntry("WEIR_DATA_DIR", "/var/lib/weir");
    }

    @Test
    void usesExistingClaimWithoutCreatingOne() {
        Rendered rendered = render(template -> template
                .set("persistence.enabled", true)
                .set("persistence.existingClaim", "weir-data-restored"));

        assertThat(rendered.all("PersistentVolumeClaim")).isEmpty();
        assertThat(map(volume(rendered.one("Deployment"), "data"), "persistentVolumeClaim"))
                .containsEntry("claimName", "weir-data-restored");
    }

    @Test
    void usesEmptyDirWhenPersistenceDisabled() {
        Rendered rendered = render(template -> template.set("persistence.enabled", false));

        assertThat(rendered.all("PersistentVolumeClaim")).isEmpty();
        Map<String, Object> deployment = rendered.one("Deployment");
        assertThat(volume(deployment, "data")).containsKey("emptyDir").doesNotContainKey("persistentVolumeClaim");
        assertThat(env(container(deployment))).containsEntry("WEIR_DATA_DIR", "/var/lib/weir");
    }

    @Test
    void rollsPodsWhenConfigOrSecretsChange() {
        Map<String, Object> before = podAnnotations(render(template -> template
                .set("config.WEIR_SOURCES_PROD_KIND", "kafka")
                .set("extraSecretEnv.WEIR_SOURCES_PROD_PASSWORD", "one")));
        Map<String, Object> configChanged = podAnnotations(render(template -> template
                .set("config.WEIR_SOURCES_PROD_KIND", "rabbitmq")
                .set("extraSecretEnv.WEIR_SOURCES_PROD_PASSWORD", "one")));
        Map<String, Object> secretChanged = podAnnotations(render(template -> template
                .set("config.WEIR_SOURCES_PROD_KIND", "kafka")
                .set("extraSecretEnv.WEIR_SOURCES_PROD_PASSWORD", "two")));
        Map<String, Object> rulesChanged = podAnnotations(render(template -> template
                .set("config.WEIR_SOURCES_PROD_KIND", "kafka")
                .set("extraSecretEnv.WEIR_SOURCES_PROD_PASSWORD", "one")
                .set("alertRules.queues\\.yml", "rules: []")));

        assertThat(before).containsKeys("checksum/config", "checksum/secret", "checksum/alert-rules");
        assertThat(configChanged.get("checksum/config")).isNotEqualTo(before.get("checksum/config"));
        assertThat(configChanged.get("checksum/secret")).isEqualTo(before.get("checksum/secret"));
        assertThat(secretChanged.get("checksum/secret")).isNotEqualTo(before.get("checksum/secret"));
        assertThat(secretChanged.get("checksum/config")).isEqualTo(before.get("checksum/config"));
        assertThat(rulesChanged.get("checksum/alert-rules")).isNotEqualTo(before.get("checksum/alert-rules"));
    }

    @Test
    void appliesSchedulingConstraints() {
        Map<String, Object> podSpec = map(render(template -> template
                .set("nodeSelector.kubernetes\\.io/os", "linux")
                .set("tolerations[0].key", "dedicated")
                .set("tolerations[0].operator", "Exists")
                .set("tolerations[0].effect", "NoSchedule"))
                .one("Deployment"), "spec", "template", "spec");

        assertThat(map(podSpec, "nodeSelector")).containsEntry("kubernetes.io/os", "linux");
        assertThat(list(podSpec, "tolerations")).singleElement().satisfies(toleration -> assertThat(toleration)
                .containsEntry("key", "dedicated")
                .containsEntry("operator", "Exists")
                .containsEntry("effect", "NoSchedule"));
    }

    @Test
    void notesExplainPortForwardAndWhereTheGeneratedPasswordIsPrinted() {
        String notes = new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE)
                .dryRun().clientOnly()
                .call()
                .getOutput();

        assertThat(notes)
                .contains("kubectl --namespace ops port-forward svc/weir 8080:8080")
                .contains("kubectl --namespace ops logs deploy/weir");
    }

    // --- rendering and navigation helpers ---

    private static Rendered render(UnaryOperator<TemplateCommand> customizer) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        return Rendered.parse(customizer.apply(template).call());
    }

    private static String dump(Object values) {
        return new Yaml().dump(values);
    }

    private static Map<String, Object> podAnnotations(Rendered rendered) {
        return map(rendered.one("Deployment"), "spec", "template", "metadata", "annotations");
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = list(deployment, "spec", "template", "spec", "containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, Object> volume(Map<String, Object> deployment, String name) {
        return list(deployment, "spec", "template", "spec", "volumes").stream()
                .filter(volume -> name.equals(volume.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    /** Plain env values by name; entries with valueFrom map to null. */
    private static Map<String, Object> env(Map<String, Object> container) {
        Map<String, Object> env = new LinkedHashMap<>();
        for (Map<String, Object> variable : list(container, "env")) {
            env.put((String) variable.get("name"), variable.get("value"));
        }
        return env;
    }

    private static Map<String, Object> envVar(Map<String, Object> container, String name) {
        return list(container, "env").stream()
                .filter(variable -> name.equals(variable.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static List<String> envFromSecrets(Map<String, Object> container) {
        List<String> names = new ArrayList<>();
        for (Map<String, Object> source : list(container, "envFrom")) {
            if (source.containsKey("secretRef")) {
                names.add((String) map(source, "secretRef").get("name"));
            }
        }
        return names;
    }

    private static Map<String, Object> mountPaths(Map<String, Object> container) {
        Map<String, Object> mounts = new LinkedHashMap<>();
        for (Map<String, Object> mount : list(container, "volumeMounts")) {
            mounts.put((String) mount.get("name"), mount.get("mountPath"));
        }
        return mounts;
    }

    private static Map<String, String> secretData(Map<String, Object> secret) {
        Map<String, String> decoded = new LinkedHashMap<>();
        map(secret, "data").forEach((key, value) -> decoded.put(
                key, new String(Base64.getDecoder().decode((String) value), StandardCharsets.UTF_8)));
        return decoded;
    }

    private static String name(Map<String, Object> object) {
        return (String) map(object, "metadata").get("name");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> root, String... path) {
        Object current = root;
        for (String key : path) {
            assertThat(current).as("parent of %s", key).isInstanceOf(Map.class);
            current = ((Map<String, Object>) current).get(key);
            assertThat(current).as("%s in path %s", key, String.join(".", path)).isNotNull();
        }
        assertThat(current).isInstanceOf(Map.class);
        return (Map<String, Object>) current;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> root, String... path) {
        String[] parent = java.util.Arrays.copyOf(path, path.length - 1);
        Object value = (parent.length == 0 ? root : map(root, parent)).get(path[path.length - 1]);
        assertThat(value).as(String.join(".", path)).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }

    /** The objects of one {@code helm template} run, each with the YAML document it came from. */
    private record Rendered(List<Map<String, Object>> objects, List<String> sources) {

        @SuppressWarnings("unchecked")
        static Rendered parse(String output) {
            List<Map<String, Object>> objects = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
            for (String document : output.split("(?m)^---\\s*$")) {
                Object parsed = yaml.load(document);
                if (parsed instanceof Map<?, ?> object) {
                    objects.add((Map<String, Object>) object);
                    sources.add(document);
                }
            }
            return new Rendered(objects, sources);
        }

        List<Map<String, Object>> all(String kind) {
            return objects.stream().filter(object -> kind.equals(object.get("kind"))).toList();
        }

        Map<String, Object> one(String kind) {
            List<Map<String, Object>> matches = all(kind);
            assertThat(matches).as("rendered %s objects", kind).hasSize(1);
            return matches.get(0);
        }

        Map<String, Object> named(String kind, String name) {
            Optional<Map<String, Object>> match = all(kind).stream()
                    .filter(object -> name.equals(HelmChartTest.name(object)))
                    .findFirst();
            assertThat(match).as("%s %s", kind, name).isPresent();
            return match.get();
        }

        String sourceOf(String kind) {
            for (int i = 0; i < objects.size(); i++) {
                if (kind.equals(objects.get(i).get("kind"))) {
                    return sources.get(i);
                }
            }
            throw new AssertionError("no " + kind + " rendered");
        }
    }
}
