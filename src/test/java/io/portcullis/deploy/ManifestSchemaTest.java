package io.portcullis.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every manifest in deploy/ against the Kubernetes (and Knative Serving) API schemas, without a
 * cluster: each document is read into the API model generated from those schemas, with no type
 * coercion, and a field the API does not define anywhere in the object fails, with its path.
 * The Ingress example must serve the host of PORTCULLIS_PUBLIC_URL through the Service's port.
 */
class ManifestSchemaTest {

    /** apiVersion/kind of every kind deploy/ uses, and its API model class. */
    static final Map<String, Class<?>> MODELS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/Ingress", Ingress.class,
            "serving.knative.dev/v1/Service", io.fabric8.knative.serving.v1.Service.class);

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    @Test
    void everyManifestIsAValidApiObject() throws IOException {
        List<String> checked = new ArrayList<>();
        for (Map.Entry<Path, JsonNode> manifest : manifests()) {
            String where = manifest.getKey() + " " + manifest.getValue().path("kind").asText();
            assertThat(validate(manifest.getValue())).as(where).isEmpty();
            checked.add(where);
        }
        assertThat(checked).as("manifests checked").hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void theCheckFailsOnFieldsTheApiDoesNotHave() throws IOException {
        JsonNode deployment = manifests().stream().map(Map.Entry::getValue)
                .filter(doc -> doc.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        JsonNode typo = deployment.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) typo.at("/spec/template/spec/containers/0")).put("imagePullPolcy", "Always");
        assertThat(validate(typo)).singleElement().asString().contains("imagePullPolcy").contains("containers");

        JsonNode wrongType = deployment.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) wrongType.at("/spec")).put("replicas", "two");
        assertThatThrownBy(() -> validate(wrongType)).hasMessageContaining("replicas");

        JsonNode unknownKind = deployment.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) unknownKind).put("apiVersion", "apps/v1beta1");
        assertThatThrownBy(() -> validate(unknownKind)).hasMessageContaining("apps/v1beta1/Deployment");
    }

    @Test
    void theIngressServesThePublicUrlThroughTheService() throws IOException {
        Ingress ingress = null;
        ConfigMap config = null;
        Service service = null;
        for (Map.Entry<Path, JsonNode> manifest : manifests()) {
            JsonNode doc = manifest.getValue();
            switch (doc.path("apiVersion").asText() + "/" + doc.path("kind").asText()) {
                case "networking.k8s.io/v1/Ingress" -> ingress = STRICT.treeToValue(doc, Ingress.class);
                case "v1/ConfigMap" -> config = STRICT.treeToValue(doc, ConfigMap.class);
                case "v1/Service" -> service = STRICT.treeToValue(doc, Service.class);
                default -> { }
            }
        }
        assertThat(ingress).as("an Ingress example").isNotNull();
        String host = URI.create(config.getData().get("PORTCULLIS_PUBLIC_URL")).getHost();
        assertThat(ingress.getSpec().getTls()).as("TLS for the public host")
                .anySatisfy(tls -> assertThat(tls.getHosts()).contains(host));
        var backend = ingress.getSpec().getRules().stream().filter(r -> host.equals(r.getHost())).findFirst().orElseThrow()
                .getHttp().getPaths().get(0).getBackend().getService();
        assertThat(backend.getName()).isEqualTo(service.getMetadata().getName());
        Service finalService = service;
        assertThat(finalService.getSpec().getPorts()).anySatisfy(port -> assertThat(port.getName()).isEqualTo(backend.getPort().getName()));
    }

    @Test
    void theGuidesSecretCommandCreatesTheExamplesKeys() throws IOException {
        String guide = Files.readString(DeploymentManifestsTest.DEPLOY.resolve("README.md"));
        Set<String> created = new java.util.TreeSet<>();
        java.util.regex.Matcher literal = java.util.regex.Pattern.compile("--from-literal=([A-Z_]+)=").matcher(guide);
        while (literal.find()) {
            created.add(literal.group(1));
        }
        Secret example = manifests().stream().map(Map.Entry::getValue)
                .filter(doc -> doc.path("kind").asText().equals("Secret")).findFirst()
                .map(doc -> STRICT.convertValue(doc, Secret.class)).orElseThrow();
        assertThat(created).containsExactlyInAnyOrderElementsOf(example.getStringData().keySet());
        // every value comes from a tool a Debian or macOS machine has, and an empty one stops the command
        assertThat(guide).doesNotContain("$(uuidgen)").contains(":?}");
    }

    /** The fields of the document that the API model does not define, as JSON-ish paths. */
    static List<String> validate(JsonNode document) throws IOException {
        String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        Class<?> model = MODELS.get(type);
        if (model == null) {
            throw new AssertionError("a manifest of an API this check does not know: " + type);
        }
        Object object = STRICT.treeToValue(document, model);
        List<String> unknown = new ArrayList<>();
        unknownFields(object, "", unknown, new IdentityHashMap<>());
        return unknown;
    }

    /** Walks the model: fabric8 keeps fields it does not know in each object's additionalProperties. */
    private static void unknownFields(Object node, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (node == null || seen.put(node, true) != null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknownFields(value, path + "." + key, unknown, seen));
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
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else if (value != null && (value instanceof Collection<?> || value instanceof Map<?, ?>
                    || value.getClass().getName().startsWith("io.fabric8."))) {
                String name = getter.getName().substring(3);
                unknownFields(value, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), unknown, seen);
            }
        }
    }

    /** Every document of every YAML file in deploy/ (kustomize's own file aside: build input, not an API object). */
    static List<Map.Entry<Path, JsonNode>> manifests() throws IOException {
        List<Map.Entry<Path, JsonNode>> documents = new ArrayList<>();
        YAMLMapper yaml = new YAMLMapper(new YAMLFactory());
        try (Stream<Path> files = Files.walk(DeploymentManifestsTest.DEPLOY)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode doc : yaml.readValues(yaml.createParser(file.toFile()), JsonNode.class).readAll()) {
                    if (doc != null && !doc.isEmpty() && !Set.of("Kustomization").contains(doc.path("kind").asText())) {
                        documents.add(Map.entry(file, doc));
                    }
                }
            }
        }
        return documents;
    }
}
