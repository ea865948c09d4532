package io.portcullis.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.portcullis.config.PortcullisConfig;
import io.smallrye.config.ConfigMapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every manifest in deploy/ parses and agrees with the application: probe paths are the health
 * groups the service serves on its management port, forwarded addresses are trusted from the proxy
 * only, every environment variable names a property the application reads
 * at run time, the ConfigMap and Secret are the ones referenced, and images and ports match the
 * Dockerfiles and {@code quarkus.http.port}.
 */
class DeploymentManifestsTest {

    static final Path DEPLOY = Path.of("deploy");
    static final Path DOCKER = Path.of("src", "main", "docker");
    static final Set<String> PROBE_PATHS = Set.of("/q/health/started", "/q/health/ready", "/q/health/live");

    static List<JsonNode> documents;
    static Properties applicationProperties;
    static Set<String> runtimeEnvironmentVariables;

    @BeforeAll
    static void load() throws IOException {
        documents = new ArrayList<>();
        YAMLMapper yaml = new YAMLMapper(new YAMLFactory());
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                yaml.readValues(yaml.createParser(file.toFile()), JsonNode.class).readAll().stream()
                        .filter(doc -> doc != null && !doc.isEmpty())
                        .filter(doc -> !doc.path("kind").asText().equals("Kustomization")) // build input, not an object
                        .forEach(documents::add);
            }
        }
        applicationProperties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src", "main", "resources", "application.properties"))) {
            applicationProperties.load(in);
        }
        runtimeEnvironmentVariables = knownEnvironmentVariables();
    }

    @Test
    void everyManifestHasAKindAndAName() {
        assertThat(documents).isNotEmpty();
        assertThat(documents).allSatisfy(doc -> {
            assertThat(doc.path("apiVersion").asText()).isNotBlank();
            assertThat(doc.path("kind").asText()).isNotBlank();
            assertThat(doc.at("/metadata/name").asText()).isNotBlank();
        });
        assertThat(kinds()).contains("Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler",
                "ConfigMap", "Secret");
        assertThat(documents).anyMatch(doc -> doc.path("kind").asText().equals("Service")
                && doc.path("apiVersion").asText().startsWith("serving.knative.dev/"));
    }

    @Test
    void probesAndScrapingUseTheManagementPort() {
        for (JsonNode container : containers()) {
            Map<String, Integer> ports = new HashMap<>();
            container.path("ports").forEach(p -> {
                assertThat(p.path("containerPort").asInt()).as("containerPort").isIn(httpPort(), managementPort());
                ports.put(p.path("name").asText(), p.path("containerPort").asInt());
            });
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                JsonNode get = container.path(probe).path("httpGet");
                if (get.isMissingNode()) {
                    continue;
                }
                assertThat(PROBE_PATHS).as(probe + " path").contains(get.path("path").asText());
                // Health is served on the management interface only: a probe of the public port would fail.
                JsonNode port = get.path("port");
                int probed = port.isInt() ? port.asInt() : ports.getOrDefault(port.asText(), -1);
                assertThat(probed).as(probe + " port " + port).isEqualTo(managementPort());
            }
            assertThat(container.path("readinessProbe").at("/httpGet/path").asText()).isEqualTo("/q/health/ready");
        }
        JsonNode deployment = only("Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        // Knative rewrites a liveness probe's port to the serving port, where no health is served.
        JsonNode knative = documents.stream()
                .filter(doc -> doc.path("apiVersion").asText().startsWith("serving.knative.dev/")).findFirst().orElseThrow();
        JsonNode liveness = knative.at("/spec/template/spec/containers/0/livenessProbe");
        assertThat(liveness.has("tcpSocket") && !liveness.has("httpGet")).as("Knative liveness is a TCP check").isTrue();
        assertThat(container.at("/resources/requests/cpu").asText()).isNotBlank();
        assertThat(container.at("/resources/limits/memory").asText()).isNotBlank();
        JsonNode annotations = deployment.at("/spec/template/metadata/annotations");
        assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(String.valueOf(managementPort()));
        assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
    }

    @Test
    void forwardedAddressesAreTrustedFromTheProxyOnly() {
        // Brute-force protection counts per client address: behind an Ingress or Knative's
        // queue-proxy that is X-Forwarded-For, and only from the proxy (never from anyone).
        JsonNode config = only("ConfigMap").path("data");
        assertThat(config.path("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING").asText()).isEqualTo("true");
        assertThat(config.path("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED").asText()).isEqualTo("true");
        assertThat(config.path("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES").asText()).isNotBlank().doesNotContain("0.0.0.0/0");
        JsonNode knative = documents.stream()
                .filter(doc -> doc.path("apiVersion").asText().startsWith("serving.knative.dev/")).findFirst().orElseThrow();
        JsonNode env = knative.at("/spec/template/spec/containers/0/env");
        assertThat(env.findValues("name").stream().map(JsonNode::asText)).contains("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES");
        env.forEach(variable -> {
            if (variable.path("name").asText().equals("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES")) {
                assertThat(variable.path("value").asText()).as("Knative's queue-proxy is on loopback").startsWith("127.0.0.1");
            }
        });
    }

    @Test
    void everyEnvironmentVariableIsARunTimeProperty() throws IOException {
        Map<String, String> configured = new HashMap<>();
        for (String kind : List.of("ConfigMap", "Secret")) {
            for (JsonNode doc : ofKind(kind)) {
                JsonNode data = doc.has("stringData") ? doc.path("stringData") : doc.path("data");
                data.fieldNames().forEachRemaining(name -> configured.put(name, kind + " " + doc.at("/metadata/name").asText()));
            }
        }
        for (JsonNode container : containers()) {
            container.path("env").forEach(env -> configured.put(env.path("name").asText(), "env of " + container.path("name").asText()));
        }
        assertThat(configured).isNotEmpty();
        // Read by the JVM itself, not the application: where a manifest sets it (knative: C1 only),
        // it must keep the image's own options, which it replaces.
        String jvmOptions = configured.containsKey("JAVA_TOOL_OPTIONS") ? containers().stream()
                .flatMap(c -> java.util.stream.StreamSupport.stream(c.path("env").spliterator(), false))
                .filter(env -> env.path("name").asText().equals("JAVA_TOOL_OPTIONS"))
                .map(env -> env.path("value").asText()).findFirst().orElseThrow() : null;
        if (jvmOptions != null) {
            List<String> own = List.of(jvmOptions.split(" +"));
            for (String option : imageJvmOptions()) {
                // C1 only replaces the image's compile thresholds, which scale C2's as well as C1's.
                if (option.startsWith("-XX:CompileThresholdScaling=") && own.contains("-XX:TieredStopAtLevel=1")) {
                    continue;
                }
                assertThat(own).as("the image's JVM option " + option).contains(option);
            }
            configured.remove("JAVA_TOOL_OPTIONS");
        }
        configured.forEach((name, where) -> assertThat(runtimeEnvironmentVariables)
                .as(name + " (" + where + ") must name a run-time property of the application")
                .contains(name));
        assertThat(configured).containsKeys("PORTCULLIS_MASTER_KEY", "PORTCULLIS_PUBLIC_URL", "QUARKUS_DATASOURCE_JDBC_URL",
                "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD", "PORTCULLIS_BOOTSTRAP_CLIENT_ID",
                "PORTCULLIS_BOOTSTRAP_CLIENT_SECRET", "PORTCULLIS_BOOTSTRAP_ENVIRONMENT_ID");
        JsonNode secret = only("Secret");
        JsonNode secretKeys = secret.has("stringData") ? secret.path("stringData") : secret.path("data");
        for (String sensitive : List.of("PORTCULLIS_MASTER_KEY", "QUARKUS_DATASOURCE_PASSWORD", "PORTCULLIS_BOOTSTRAP_CLIENT_SECRET")) {
            assertThat(secretKeys.has(sensitive)).as(sensitive + " comes from the Secret").isTrue();
        }
    }

    @Test
    void workloadsReferenceTheConfigMapAndSecretThatExist() {
        Set<String> configMaps = names("ConfigMap");
        Set<String> secrets = names("Secret");
        for (JsonNode container : containers()) {
            Set<String> fromConfigMaps = new HashSet<>();
            Set<String> fromSecrets = new HashSet<>();
            container.path("envFrom").forEach(from -> {
                if (from.has("configMapRef")) {
                    fromConfigMaps.add(from.at("/configMapRef/name").asText());
                }
                if (from.has("secretRef")) {
                    fromSecrets.add(from.at("/secretRef/name").asText());
                }
            });
            assertThat(fromConfigMaps).isNotEmpty().isSubsetOf(configMaps);
            assertThat(fromSecrets).isNotEmpty().isSubsetOf(secrets);
        }
    }

    @Test
    void selectorsScalersAndBudgetsPointAtTheDeployment() {
        JsonNode deployment = only("Deployment");
        JsonNode labels = deployment.at("/spec/template/metadata/labels");
        assertThat(deployment.at("/spec/selector/matchLabels")).isEqualTo(labels);
        assertThat(only("PodDisruptionBudget").at("/spec/selector/matchLabels")).isEqualTo(labels);
        JsonNode service = ofKind("Service").stream()
                .filter(s -> s.path("apiVersion").asText().equals("v1")).findFirst().orElseThrow();
        assertThat(service.at("/spec/selector")).isEqualTo(labels);
        String targetPort = service.at("/spec/ports/0/targetPort").asText();
        assertThat(deployment.at("/spec/template/spec/containers/0/ports/0/name").asText()).isEqualTo(targetPort);
        JsonNode hpa = only("HorizontalPodAutoscaler");
        assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(deployment.at("/metadata/name").asText());
        assertThat(hpa.at("/spec/minReplicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(only("PodDisruptionBudget").at("/spec/minAvailable").asInt())
                .isLessThan(hpa.at("/spec/minReplicas").asInt());
    }

    @Test
    void imagesAreTheOnesTheDockerfilesBuildAndRunReadOnlyAsNonRoot() throws IOException {
        Map<String, Path> dockerfileOfImage = dockerfileOfEachImage();
        for (JsonNode container : containers()) {
            String image = container.path("image").asText();
            assertThat(dockerfileOfImage).as("image " + image + " is built by a Dockerfile in " + DOCKER).containsKey(image);
            String dockerfile = Files.readString(dockerfileOfImage.get(image));
            assertThat(dockerfile).contains("EXPOSE " + httpPort());
            assertThat(Pattern.compile("(?m)^USER (\\d+)").matcher(dockerfile).find()).as("numeric non-root USER").isTrue();
            assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
            Set<String> mounts = new HashSet<>();
            container.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
            assertThat(mounts).as("a writable /tmp under a read-only root").contains("/tmp");
        }
    }

    @Test
    void environmentVariableCheckRejectsWhatTheApplicationDoesNotRead() {
        // The check above must be able to fail: names close to real ones are not accepted.
        assertThat(runtimeEnvironmentVariables).contains("PORTCULLIS_MASTER_KEY", "QUARKUS_DATASOURCE_JDBC_URL",
                "QUARKUS_HTTP_PORT", "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "QUARKUS_SHUTDOWN_TIMEOUT");
        assertThat(runtimeEnvironmentVariables).doesNotContain("PORTCULLIS_MASTERKEY", "QUARKUS_DATASOURCE_URL",
                "QUARKUS_SHUTDOWN_DELAY_ENABLED" /* build time: an env var would have no effect */);
    }

    // --- what the application reads ---

    /**
     * Environment-variable names of every property the application reads at run time: the
     * {@code portcullis.*} mapping, application.properties' own keys, and the run-time properties that the
     * Quarkus extensions on the class path document (META-INF/quarkus-config-doc).
     */
    static Set<String> knownEnvironmentVariables() throws IOException {
        Set<String> names = new HashSet<>();
        String prefix = PortcullisConfig.class.getAnnotation(ConfigMapping.class).prefix();
        mappingProperties(prefix, PortcullisConfig.class, names);
        for (String key : applicationProperties.stringPropertyNames()) {
            String withoutProfile = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            if (!withoutProfile.startsWith("quarkus.")) { // Quarkus's own come with their phase below
                names.add(environmentName(withoutProfile));
            }
        }
        ObjectMapper json = JsonMapper.builder().build();
        for (URL model : Collections.list(DeploymentManifestsTest.class.getClassLoader()
                .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json"))) {
            try (InputStream in = model.openStream()) {
                collectRunTimeVariables(json.readTree(in), names);
            }
        }
        return names;
    }

    private static void collectRunTimeVariables(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            JsonNode path = node.path("path");
            String phase = node.path("phase").asText();
            // Build-time properties are fixed in the jar: an environment variable for one has no effect.
            if (path.has("environmentVariable") && phase.equals("RUN_TIME")) {
                names.add(path.path("environmentVariable").asText());
            }
            node.forEach(child -> collectRunTimeVariables(child, names));
        } else if (node.isArray()) {
            node.forEach(child -> collectRunTimeVariables(child, names));
        }
    }

    private static void mappingProperties(String prefix, Class<?> mapping, Set<String> names) {
        for (Method method : mapping.getDeclaredMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || Modifier.isPrivate(method.getModifiers())
                    || method.getParameterCount() > 0) {
                continue;
            }
            String property = prefix + "." + kebab(method.getName());
            if (method.getReturnType().isInterface() && method.getReturnType().getEnclosingClass() == mapping) {
                mappingProperties(property, method.getReturnType(), names);
            } else {
                names.add(environmentName(property));
            }
        }
    }

    private static String kebab(String camel) {
        Matcher m = Pattern.compile("([a-z0-9])([A-Z])").matcher(camel);
        return m.replaceAll("$1-$2").toLowerCase(Locale.ROOT);
    }

    /** MicroProfile Config's environment-variable form of a property name. */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    // --- manifests ---

    private static int httpPort() {
        return Integer.parseInt(applicationProperties.getProperty("quarkus.http.port"));
    }

    private static int managementPort() {
        assertThat(applicationProperties.getProperty("quarkus.management.enabled")).isEqualTo("true");
        return Integer.parseInt(applicationProperties.getProperty("quarkus.management.port"));
    }

    private static Map<String, Path> dockerfileOfEachImage() throws IOException {
        Map<String, Path> images = new HashMap<>();
        Pattern tag = Pattern.compile("docker build -f (\\S+) -t (\\S+) ");
        try (Stream<Path> files = Files.list(DOCKER)) {
            for (Path dockerfile : files.toList()) {
                Matcher m = tag.matcher(Files.readString(dockerfile));
                while (m.find()) {
                    assertThat(Path.of(m.group(1))).isEqualTo(dockerfile);
                    images.put(m.group(2), dockerfile);
                }
            }
        }
        return images;
    }

    private static List<JsonNode> containers() {
        List<JsonNode> containers = new ArrayList<>();
        for (JsonNode doc : documents) {
            String kind = doc.path("kind").asText();
            if (kind.equals("Deployment") || kind.equals("Service") && doc.path("apiVersion").asText().startsWith("serving.knative.dev/")) {
                doc.at("/spec/template/spec/containers").forEach(containers::add);
            }
        }
        assertThat(containers).hasSizeGreaterThanOrEqualTo(2);
        return containers;
    }

    private static Set<String> kinds() {
        Set<String> kinds = new HashSet<>();
        documents.forEach(doc -> kinds.add(doc.path("kind").asText()));
        return kinds;
    }

    private static List<JsonNode> ofKind(String kind) {
        return documents.stream().filter(doc -> doc.path("kind").asText().equals(kind)).toList();
    }

    private static JsonNode only(String kind) {
        List<JsonNode> found = ofKind(kind);
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    private static Set<String> names(String kind) {
        Set<String> names = new HashSet<>();
        ofKind(kind).forEach(doc -> names.add(doc.at("/metadata/name").asText()));
        return names;
    }

    /** The JVM options the container image sets (JAVA_TOOL_OPTIONS in Dockerfile.jvm). */
    private static List<String> imageJvmOptions() throws IOException {
        String dockerfile = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/docker/Dockerfile.jvm"));
        java.util.regex.Matcher options = java.util.regex.Pattern
                .compile("(?m)^ENV JAVA_TOOL_OPTIONS=\"([^\"]*)\"$").matcher(dockerfile);
        assertThat(options.find()).as("JAVA_TOOL_OPTIONS in Dockerfile.jvm").isTrue();
        return List.of(options.group(1).trim().split(" +"));
    }
}
