package io.portcullis.support;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives every Quarkus application the tests start (in-process, or packaged for an integration
 * test) a free port of its own for the management interface (health and metrics), so that parallel
 * runs do not collide on 9000. A test field of this type receives it.
 */
@QuarkusTestResource(ManagementInterface.class)
public class ManagementInterface implements QuarkusTestResourceLifecycleManager {

    private int port;

    @Override
    public Map<String, String> start() {
        port = freePort();
        String value = String.valueOf(port);
        return Map.of("quarkus.management.port", value, "quarkus.management.test-port", value);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(this, new TestInjector.MatchesType(ManagementInterface.class));
    }

    @Override
    public void stop() {
        // nothing to release: the application closes the port
    }

    public int port() {
        return port;
    }

    /** A request to the management interface (paths start with /q). */
    public RequestSpecification request() {
        return given().baseUri("http://localhost").port(port);
    }

    /** The Prometheus exposition of {@code /q/metrics}. */
    public String metrics() {
        return request().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of one Prometheus sample whose labels contain {@code labels}; 0 when absent. */
    public static double sample(String exposition, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(exposition);
        while (m.find()) {
            String found = m.group(1) == null ? "" : m.group(1);
            if (found.contains(labels)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    /** A port nothing listens on now (the caller binds it soon after). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
