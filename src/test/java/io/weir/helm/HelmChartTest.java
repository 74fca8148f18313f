package io.weir.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
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
        assertThat(env(container)).containsEntry("JDK_JAVA_OPTIONS",
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
        assertThat(env(container)).containsEntry("JDK_JAVA_OPTIONS", "-XX:MaxRAMPercentage=75");
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

        Map<String, Object> secret = rendered.named("Secret", "weir");
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

        assertThat(rendered.all("Secret")).extracting(HelmChartTest::name).containsExactly("weir-properties");
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

        assertThat(rendered.all("Secret")).extracting(HelmChartTest::name).containsExactly("weir-properties");
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

        Map<String, Object> secret = rendered.named("Secret", "weir");
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
    void rejectsMoreThanOneReplicaOnH2() {
        assertThatThrownBy(() -> render(template -> template.set("replicaCount", 2).set("broker.enabled", false)))
                .hasMessageContaining("replicaCount > 1 needs PostgreSQL");
    }

    @Test
    void rejectsMoreThanOneReplicaWithTheSingleNodeBuiltInBroker() {
        assertThatThrownBy(() -> render(template -> template
                .set("replicaCount", 2)
                .set("postgresql.enabled", true)
                .set("postgresql.password", "pw")))
                .hasMessageContaining("replicaCount > 1 needs broker.enabled=false: the built-in broker is single-node");
    }

    @Test
    void rejectsClusterModeOnH2() {
        assertThatThrownBy(() -> render(template -> template.set("cluster.enabled", true)))
                .hasMessageContaining("cluster.enabled needs PostgreSQL");
    }

    @Test
    void rejectsBundledPostgresqlWithoutPassword() {
        assertThatThrownBy(() -> render(template -> template.set("postgresql.enabled", true)))
                .hasMessageContaining("postgresql.password is required");
    }

    @Test
    void rejectsSourceWithoutKindAndReceiverWithoutType() {
        assertThatThrownBy(() -> render(template -> template.set("sources.prod.bootstrap-servers", "kafka:9092")))
                .hasMessageContaining("sources.prod.kind is required");
        assertThatThrownBy(() -> render(template -> template.set("receivers.team.url", "https://example.com")))
                .hasMessageContaining("receivers.team.type is required");
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
        // The user's queues.yml replaces the shipped one; the other shipped files stay.
        assertThat(map(rulesConfigMap, "data").keySet()).containsExactlyInAnyOrderElementsOf(shippedRuleFiles());
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
    void shipsTheRepositoryAlertRulesByDefault() throws IOException {
        Map<String, Object> data = map(render(template -> template).named("ConfigMap", "weir-alert-rules"), "data");

        for (String rule : shippedRuleFiles()) {
            assertThat((String) data.get(rule)).as("shipped %s", rule)
                    .isEqualTo(Files.readString(Path.of("alert-rules", rule), StandardCharsets.UTF_8));
        }
        assertThat(data.keySet()).containsExactlyInAnyOrderElementsOf(shippedRuleFiles());
    }

    /** The rule files the repository ships in alert-rules/. */
    private static List<String> shippedRuleFiles() {
        try (var shipped = Files.list(Path.of("alert-rules"))) {
            return shipped.map(rule -> rule.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void chartCopyOfTheAlertRulesIsTheRepositorys() throws IOException {
        // The chart can only read files inside itself: files/alert-rules must follow alert-rules/.
        try (var shipped = Files.list(Path.of("alert-rules")); var copied = Files.list(CHART.resolve("files/alert-rules"))) {
            Map<String, String> repository = new LinkedHashMap<>();
            for (Path rule : shipped.toList()) {
                repository.put(rule.getFileName().toString(), Files.readString(rule));
            }
            Map<String, String> chart = new LinkedHashMap<>();
            for (Path rule : copied.toList()) {
                chart.put(rule.getFileName().toString(), Files.readString(rule));
            }
            assertThat(chart).as("cp alert-rules/*.yml helm/weir/files/alert-rules/").isEqualTo(repository);
        }
    }

    @Test
    void createsEmptyAlertRulesConfigMapWithoutShippedRules() {
        Map<String, Object> rulesConfigMap = render(template -> template.set("shippedAlertRules", false))
                .named("ConfigMap", "weir-alert-rules");

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
        Map<String, Object> sourcesChanged = podAnnotations(render(template -> template
                .set("config.WEIR_SOURCES_PROD_KIND", "kafka")
                .set("extraSecretEnv.WEIR_SOURCES_PROD_PASSWORD", "one")
                .set("sources.prod.kind", "kafka")
                .set("sources.prod.password", "changed")));

        assertThat(before).containsKeys("checksum/config", "checksum/secret", "checksum/alert-rules");
        assertThat(configChanged.get("checksum/config")).isNotEqualTo(before.get("checksum/config"));
        assertThat(configChanged.get("checksum/secret")).isEqualTo(before.get("checksum/secret"));
        assertThat(secretChanged.get("checksum/secret")).isNotEqualTo(before.get("checksum/secret"));
        assertThat(secretChanged.get("checksum/config")).isEqualTo(before.get("checksum/config"));
        assertThat(rulesChanged.get("checksum/alert-rules")).isNotEqualTo(before.get("checksum/alert-rules"));
        assertThat(sourcesChanged.get("checksum/properties")).isNotEqualTo(before.get("checksum/properties"));
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

    @Test
    void putsSourceAndReceiverCredentialsInTheSecretAndNeverInConfigMaps() {
        Rendered rendered = renderValuesFile("production");
        List<String> credentials = List.of("kafka-s3cret", "rabbit-s3cret", "SLACKTOKEN", "R0UT1NGKEY");

        for (Map<String, Object> configMap : rendered.all("ConfigMap")) {
            String data = String.valueOf(configMap.get("data"));
            assertThat(credentials).as("ConfigMap %s", name(configMap)).noneMatch(data::contains);
        }
        assertThat(rendered.sourceOf("Deployment")).doesNotContain("s3cret");

        String secretProperties = secretData(rendered.named("Secret", "weir-properties")).get("weir.properties");
        assertThat(secretProperties.lines())
                .contains("weir.sources.events.password=rabbit-s3cret",
                        "weir.sources.prod.properties.\"security.protocol\"=SASL_SSL",
                        "weir.sources.prod.properties.\"sasl.jaas.config\"=org.apache.kafka.common.security.scram."
                                + "ScramLoginModule required username=\"weir\" password=\"kafka-s3cret\";",
                        "weir.alerting.receivers.team-slack.url=https://hooks.slack.com/services/T000/B000/SLACKTOKEN",
                        "weir.alerting.receivers.on-call.routing-key=R0UT1NGKEY0123456789012345678901");
        String configProperties = (String) map(rendered.named("ConfigMap", "weir-properties"), "data").get("weir.properties");
        assertThat(configProperties.lines())
                .contains("weir.sources.prod.kind=kafka",
                        "weir.sources.prod.bootstrap-servers=kafka-1.kafka:9092,kafka-2.kafka:9092",
                        "weir.sources.events.username=weir",
                        "weir.alerting.receivers.team-slack.type=slack",
                        "weir.alerting.routes.10-critical.matchers=severity=\"critical\"",
                        "weir.alerting.routes.default.group-by=alertname,source",
                        "weir.public-url=https://weir.example.com");

        Map<String, Object> deployment = rendered.one("Deployment");
        Map<String, Object> container = container(deployment);
        assertThat(env(container)).containsEntry("QUARKUS_CONFIG_LOCATIONS",
                "/etc/weir/config/weir.properties,/etc/weir/secret/weir.properties");
        assertThat(mountPaths(container)).containsEntry("config", "/etc/weir/config").containsEntry("secret-config", "/etc/weir/secret");
        assertThat(map(volume(deployment, "secret-config"), "secret")).containsEntry("secretName", "weir-properties");
        assertThat(map(volume(deployment, "config"), "configMap")).containsEntry("name", "weir-properties");
    }

    @Test
    void escapesLineBreaksAndBackslashesInProperties() {
        String properties = (String) map(render(template -> template
                .set("sources.a.kind", "kafka")
                .set("settings.weir\\.public-url", "C:\\weir\nnext=1"))
                .named("ConfigMap", "weir-properties"), "data").get("weir.properties");

        assertThat(properties.lines()).contains("weir.public-url=C:\\\\weir\\nnext=1").doesNotContain("next=1");
    }

    @Test
    void singleReplicaOnH2KeepsOneWriterAndNoDisruptionBudget() {
        Rendered rendered = renderValuesFile("minimal");

        Map<String, Object> deployment = rendered.one("Deployment");
        assertThat(map(deployment, "spec", "strategy")).containsEntry("type", "Recreate");
        assertThat(env(container(deployment)))
                .containsEntry("WEIR_DATABASE_KIND", "h2")
                .containsEntry("WEIR_BROKER_ENABLED", "true")
                .doesNotContainKey("WEIR_CLUSTER_ENABLED");
        assertThat(rendered.all("PodDisruptionBudget")).isEmpty();
        assertThat(rendered.all("StatefulSet")).isEmpty();
        assertThat(rendered.all("NetworkPolicy")).isEmpty();
        assertThat(rendered.all("ServiceMonitor")).isEmpty();
        assertThat(rendered.all("PrometheusRule")).isEmpty();
        assertThat(rendered.one("PersistentVolumeClaim")).isNotNull();
    }

    @Test
    void haReplicasElectALeaderInTheBundledPostgresqlAndRollOneByOne() {
        Rendered rendered = renderValuesFile("ha");

        Map<String, Object> deployment = rendered.one("Deployment");
        assertThat(map(deployment, "spec")).containsEntry("replicas", 3);
        assertThat(map(deployment, "spec", "strategy")).containsEntry("type", "RollingUpdate");
        assertThat(map(deployment, "spec", "strategy", "rollingUpdate")).containsEntry("maxUnavailable", 0);
        Map<String, Object> container = container(deployment);
        assertThat(env(container))
                .containsEntry("WEIR_CLUSTER_ENABLED", "true")
                .containsEntry("WEIR_DATABASE_KIND", "postgresql")
                .containsEntry("WEIR_BROKER_ENABLED", "false")
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://weir-postgresql:5432/weir")
                .containsEntry("QUARKUS_DATASOURCE_USERNAME", "weir");
        assertThat(map(envVar(container, "QUARKUS_DATASOURCE_PASSWORD"), "valueFrom", "secretKeyRef"))
                .containsEntry("name", "weir-postgresql")
                .containsEntry("key", "password");
        // Nothing single-writer lives in the data directory: no claim shared by the replicas.
        assertThat(rendered.all("PersistentVolumeClaim")).isEmpty();
        assertThat(volume(deployment, "data")).containsKey("emptyDir");
        assertThat(map(deployment, "spec", "template", "spec", "affinity", "podAntiAffinity")).isNotEmpty();

        Map<String, Object> budget = rendered.one("PodDisruptionBudget");
        assertThat(map(budget, "spec")).containsEntry("maxUnavailable", 1);
        assertThat(map(budget, "spec", "selector", "matchLabels")).isEqualTo(map(deployment, "spec", "selector", "matchLabels"));

        Map<String, Object> postgres = rendered.one("StatefulSet");
        assertThat(name(postgres)).isEqualTo("weir-postgresql");
        Map<String, Object> postgresContainer = list(postgres, "spec", "template", "spec", "containers").get(0);
        assertThat(postgresContainer).containsEntry("image", "postgres:16");
        assertThat(map(envVar(postgresContainer, "POSTGRES_PASSWORD"), "valueFrom", "secretKeyRef")).containsEntry("name", "weir-postgresql");
        assertThat(secretData(rendered.named("Secret", "weir-postgresql"))).containsEntry("password", "try-me-out");
        assertThat(map(list(postgres, "spec", "volumeClaimTemplates").get(0), "spec", "resources", "requests"))
                .containsEntry("storage", "5Gi");
        assertThat(map(postgresContainer, "securityContext")).containsEntry("readOnlyRootFilesystem", true);

        // Weir's Service and ServiceMonitor must not select the database's pods.
        Map<String, Object> postgresPodLabels = map(postgres, "spec", "template", "metadata", "labels");
        Map<String, Object> weirSelector = map(rendered.named("Service", "weir"), "spec", "selector");
        assertThat(postgresPodLabels.entrySet().containsAll(weirSelector.entrySet())).as("Weir's selector matches the database").isFalse();
        assertThat(map(rendered.named("Service", "weir-postgresql"), "spec", "selector").entrySet())
                .isSubsetOf(postgresPodLabels.entrySet());
    }

    @Test
    void externalPostgresqlKeepsItsPasswordInTheSecret() {
        Rendered rendered = renderValuesFile("external-postgresql");

        assertThat(rendered.all("StatefulSet")).isEmpty();
        Map<String, Object> container = container(rendered.one("Deployment"));
        assertThat(env(container))
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres.db.svc:5432/weir")
                .containsEntry("WEIR_DATABASE_KIND", "postgresql")
                .containsEntry("WEIR_CLUSTER_ENABLED", "true")
                .doesNotContainKey("QUARKUS_DATASOURCE_PASSWORD");
        assertThat(secretData(rendered.named("Secret", "weir"))).containsEntry("QUARKUS_DATASOURCE_PASSWORD", "db-s3cret");
        assertThat(rendered.sourceOf("Deployment")).doesNotContain("db-s3cret");
        assertThat(rendered.one("PodDisruptionBudget")).isNotNull();
    }

    @Test
    void serviceMonitorScrapesWeirsServiceOnly() {
        Rendered rendered = renderValuesFile("production");

        Map<String, Object> monitor = rendered.one("ServiceMonitor");
        assertThat(map(monitor, "metadata", "labels")).containsEntry("release", "prometheus");
        assertThat(map(monitor, "spec", "selector", "matchLabels")).isEqualTo(map(rendered.one("Deployment"), "spec", "selector", "matchLabels"));
        assertThat(list(monitor, "spec", "endpoints")).singleElement().satisfies(endpoint -> assertThat(endpoint)
                .containsEntry("port", "http")
                .containsEntry("path", "/q/metrics")
                .containsEntry("interval", "30s"));
    }

    @Test
    void prometheusRuleCarriesTheShippedRulesUnchangedForOneReplica() throws Exception {
        Map<String, Object> rule = renderValuesFile("production").one("PrometheusRule");

        Map<String, String> expressions = expressions(rule);
        assertThat(expressions).containsEntry("ConsumerLagHigh", "weir_consumergroup_lag_seconds > 300")
                .containsEntry("SourceUnreachable", "weir_source_up == 0");
        assertThat(expressions).hasSize(shippedAlertNames().size());
        assertThat(expressions.keySet()).containsExactlyInAnyOrderElementsOf(shippedAlertNames());
        assertPromtoolAccepts(rule);
    }

    @Test
    void prometheusRuleCountsOnlyTheLeadersSeriesWithSeveralReplicas() throws Exception {
        Map<String, Object> rule = renderValuesFile("ha").one("PrometheusRule");

        assertThat(expressions(rule)).containsEntry("ConsumerLagHigh",
                "(weir_consumergroup_lag_seconds > 300) and on(namespace, pod) (weir_leader == 1)");
        assertThat(expressions(rule).values()).allMatch(expr -> expr.endsWith(" and on(namespace, pod) (weir_leader == 1)"));
        assertPromtoolAccepts(rule);
    }

    @Test
    void networkPoliciesOpenOnlyTheHttpPortAndTheDatabaseToWeir() {
        Rendered rendered = renderValuesFile("ha");

        Map<String, Object> weirPolicy = rendered.named("NetworkPolicy", "weir");
        assertThat(map(weirPolicy, "spec")).containsEntry("policyTypes", List.of("Ingress", "Egress"));
        assertThat(list(weirPolicy, "spec", "ingress")).singleElement().satisfies(rule ->
                assertThat(list(rule, "ports")).singleElement().satisfies(port -> assertThat(port).containsEntry("port", "http")));
        List<Map<String, Object>> egress = list(weirPolicy, "spec", "egress");
        assertThat(egress).hasSize(3); // DNS, the bundled PostgreSQL, the user's Kafka rule
        assertThat(list(egress.get(1), "ports")).singleElement().satisfies(port -> assertThat(port).containsEntry("port", 5432));

        Map<String, Object> databasePolicy = rendered.named("NetworkPolicy", "weir-postgresql");
        assertThat(list(databasePolicy, "spec", "ingress")).singleElement().satisfies(rule -> assertThat(
                map(list(rule, "from").get(0), "podSelector", "matchLabels"))
                .isEqualTo(map(rendered.one("Deployment"), "spec", "selector", "matchLabels")));

        Map<String, Object> productionPolicy = renderValuesFile("production").named("NetworkPolicy", "weir");
        assertThat(map(productionPolicy, "spec")).containsEntry("policyTypes", List.of("Ingress"));
        assertThat(list(list(productionPolicy, "spec", "ingress").get(0), "from")).hasSize(1);
    }

    @Test
    void ingressRoutesTheHostWithTls() {
        Map<String, Object> ingress = renderValuesFile("production").one("Ingress");

        assertThat(map(ingress, "spec")).containsEntry("ingressClassName", "nginx");
        assertThat(list(ingress, "spec", "tls")).singleElement().satisfies(tls -> assertThat(tls)
                .containsEntry("secretName", "weir-tls")
                .containsEntry("hosts", List.of("weir.example.com")));
        assertThat(list(ingress, "spec", "rules")).singleElement().satisfies(rule -> assertThat(rule).containsEntry("host", "weir.example.com"));
    }

    // --- rendering and navigation helpers ---

    static Rendered renderValuesFile(String name) {
        return render(template -> template.withValuesFile(CHART.resolve("ci/" + name + "-values.yaml")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> expressions(Map<String, Object> prometheusRule) {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (Map<String, Object> group : list(prometheusRule, "spec", "groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                expressions.put((String) rule.get("alert"), (String) rule.get("expr"));
            }
        }
        return expressions;
    }

    @SuppressWarnings("unchecked")
    private static List<String> shippedAlertNames() throws IOException {
        List<String> names = new ArrayList<>();
        try (var files = Files.list(Path.of("alert-rules"))) {
            for (Path file : files.toList()) {
                Map<String, Object> rules = new Yaml().load(Files.readString(file));
                for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
                    for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                        names.add((String) rule.get("alert"));
                    }
                }
            }
        }
        return names;
    }

    /** Debian's promtool (.ci/services installs it) checks the groups as a Prometheus rule file. */
    private void assertPromtoolAccepts(Map<String, Object> prometheusRule) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assertThat(promtool).as("promtool (package prometheus): run .ci/services up").exists();
        Path rules = tempDir.resolve("prometheus-rule.yml");
        Files.writeString(rules, dump(Map.of("groups", list(prometheusRule, "spec", "groups"))), StandardCharsets.UTF_8);
        Process check = new ProcessBuilder(promtool.toString(), "check", "rules", rules.toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as("promtool check rules:%n%s", output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    static Rendered render(UnaryOperator<TemplateCommand> customizer) {
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
    record Rendered(List<Map<String, Object>> objects, List<String> sources) {

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
