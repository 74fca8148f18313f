package io.weir.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Binds every manifest the chart renders for the values files in {@code helm/weir/ci} to the typed
 * Kubernetes model (fabric8 kubernetes-model, which follows the API server's OpenAPI schema, and its
 * Prometheus Operator model): a wrong type fails the binding, and a field the schema does not know
 * (a typo, a wrong nesting level), which the model would keep aside as an "additional property",
 * fails the test with its path.
 */
class HelmManifestSchemaTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final Map<String, Class<? extends KubernetesResource>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class));

    @ParameterizedTest
    @ValueSource(strings = {"minimal", "production", "ha", "external-postgresql"})
    void everyRenderedManifestMatchesTheKubernetesSchema(String valuesFile) throws Exception {
        HelmChartTest.Rendered rendered = HelmChartTest.renderValuesFile(valuesFile);

        assertThat(rendered.objects()).isNotEmpty();
        for (int i = 0; i < rendered.objects().size(); i++) {
            Map<String, Object> object = rendered.objects().get(i);
            String type = object.get("apiVersion") + "/" + object.get("kind");
            assertThat(KINDS).as("a typed model for %s", type).containsKey(type);
            KubernetesResource typed = YAML.readValue(rendered.sources().get(i), KINDS.get(type));
            List<String> unknown = new ArrayList<>();
            collectUnknownFields(typed, type, unknown, new IdentityHashMap<>());
            assertThat(unknown).as("fields unknown to the %s schema in %s", type, valuesFile).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void reportsAFieldTheSchemaDoesNotKnow() throws Exception {
        String misspelt = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: weir
                spec:
                  replica: 2
                  template:
                    spec:
                      containers:
                        - name: weir
                          image: weir
                          readinesProbe:
                            httpGet:
                              path: /q/health/ready
                              port: http
                """;
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(YAML.readValue(misspelt, Deployment.class), "Deployment", unknown, new IdentityHashMap<>());

        assertThat(unknown).containsExactlyInAnyOrder("Deployment.Spec: [replica]",
                "Deployment.Spec.Template.Spec.Containers[0]: [readinesProbe]");
    }

    /** Walks the bound model through its getters and records every non-empty additional property. */
    private static void collectUnknownFields(Object node, String path, List<String> unknown, Map<Object, Boolean> seen)
            throws ReflectiveOperationException {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + index++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> entries) {
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                collectUnknownFields(entry.getValue(), path + "." + entry.getKey(), unknown, seen);
            }
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = getter.invoke(node);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else {
                collectUnknownFields(value, path + "." + getter.getName().substring(3), unknown, seen);
            }
        }
    }
}
