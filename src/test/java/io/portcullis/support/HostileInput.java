package io.portcullis.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Generates hostile input from a seeded {@link Random}: injection strings, broken encodings, wrong
 * JSON types, unknown fields, large arrays. The same seed gives the same inputs, so that a failure
 * can be replayed with {@code -Dportcullis.fuzz.seed=...}.
 */
public final class HostileInput {

    private static final List<String> NASTY = List.of(
            "' OR '1'='1", "'; DROP TABLE applications; --", "\") OR 1=1 --", "1; SELECT pg_sleep(10)--",
            "' UNION SELECT ciphertext FROM application_secrets--", "$1", "?", "\\", "\\\\'", "%", "%%", "%zz", "%00",
            "\u0000", "\u0001\u001f", "\ud800", "\ufffd", "ä漢字🙂", "\u202e", "${jndi:ldap://x/a}", "{{7*7}}",
            "<script>alert(1)</script>", "../../../etc/passwd", "\"}],\"admin\":true,\"x\":[{\"", "{\"$ne\":null}",
            "null", "true", "-1", "0", "1e309", "99999999999999999999999", "", " ", "\t\r\n", "Basic ", "Bearer ",
            "client_credentials", "CLIENT_CREDENTIALS", "ORGANIZATION_ADMIN", "00000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff", "not-a-uuid", "=", "&", "+", ";", ",");

    private static final List<String> FIELDS = List.of(
            "name", "description", "enabled", "protocol", "type", "grantTypes", "tokenEndpointAuthMethod", "role",
            "scope", "previous", "expiresAt", "id", "environment", "resource", "scopes", "audience",
            "accessTokenValiditySeconds", "algorithm", "keyLength", "default", "secret", "__proto__", "constructor");

    private final Random random;

    public HostileInput(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    public boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    public <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    /** A hostile string: an injection, an odd character, a long run, or several glued together. */
    public String string() {
        return switch (random.nextInt(6)) {
            case 0 -> pick(NASTY);
            case 1 -> pick(NASTY) + pick(NASTY) + pick(NASTY);
            case 2 -> "x".repeat(1 + random.nextInt(3000));
            case 3 -> UUID.randomUUID().toString();
            case 4 -> randomChars(1 + random.nextInt(40));
            default -> pick(FIELDS) + pick(NASTY);
        };
    }

    private String randomChars(int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append((char) (random.nextBoolean() ? 0x20 + random.nextInt(0x5f) : random.nextInt(0x3000)));
        }
        return out.toString();
    }

    /** Raw bytes for a form value: maybe percent-encoded, maybe broken UTF-8 or broken escapes. */
    public byte[] formValue() {
        String value = string();
        return switch (random.nextInt(4)) {
            case 0 -> java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).getBytes(StandardCharsets.US_ASCII);
            case 1 -> new byte[] {(byte) 0xff, (byte) 0xfe, 'a', (byte) 0xc3};
            case 2 -> ("%" + Integer.toHexString(random.nextInt(256)) + "%" + (char) ('g' + random.nextInt(10))).getBytes(StandardCharsets.US_ASCII);
            default -> value.getBytes(StandardCharsets.UTF_8);
        };
    }

    /** A form body: known and unknown names, hostile values, sometimes a parameter twice. */
    public byte[] formBody(List<String> names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.write('&');
            }
            String name = chance(80) ? pick(names) : string();
            out.writeBytes(java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).getBytes(StandardCharsets.US_ASCII));
            if (chance(90)) {
                out.write('=');
                out.writeBytes(formValue());
            }
        }
        return out.toByteArray();
    }

    /** A JSON value of any type, hostile where it is a string; depth-limited. */
    public Object jsonValue(int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (depth > 2 ? random.nextInt(5) : random.nextInt(8)) {
            case 0 -> f.textNode(string());
            case 1 -> f.numberNode(random.nextLong());
            case 2 -> f.numberNode(random.nextDouble() * 1e300);
            case 3 -> f.booleanNode(random.nextBoolean());
            case 4 -> f.nullNode();
            case 5 -> jsonObject(depth + 1);
            case 6 -> {
                ArrayNode array = f.arrayNode();
                int size = chance(10) ? 2000 + random.nextInt(2000) : random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    array.add(size > 100 ? f.textNode(pick(NASTY)) : (com.fasterxml.jackson.databind.JsonNode) jsonValue(depth + 1));
                }
                yield array;
            }
            default -> f.textNode(pick(List.of("CLIENT_CREDENTIALS", "WORKER", "OPENID_CONNECT", "CLIENT_SECRET_BASIC",
                    "ENVIRONMENT", "ORGANIZATION", "READ_ONLY", "2030-01-01T00:00:00Z")));
        };
    }

    /** A JSON object with known field names (wrong types likely) and unknown ones. */
    public ObjectNode jsonObject(int depth) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        int fields = random.nextInt(7);
        for (int i = 0; i < fields; i++) {
            object.set(chance(85) ? pick(FIELDS) : string(), (com.fasterxml.jackson.databind.JsonNode) jsonValue(depth));
        }
        return object;
    }

    /** A request body: JSON of the wrong shape, or something that is not JSON at all. */
    public byte[] jsonBody(ObjectMapper json) {
        try {
            return switch (random.nextInt(6)) {
                case 0 -> string().getBytes(StandardCharsets.UTF_8);
                case 1 -> {
                    byte[] whole = json.writeValueAsBytes(jsonObject(0));
                    yield java.util.Arrays.copyOf(whole, random.nextInt(whole.length + 1)); // cut short
                }
                case 2 -> new byte[] {'{', '"', 'n', (byte) 0xff, '"', ':', '1', '}'};
                default -> json.writeValueAsBytes(jsonValue(0));
            };
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A path segment: the given valid id, a random UUID, or a hostile string, percent-encoded. */
    public String pathSegment(String validId) {
        return switch (random.nextInt(4)) {
            case 0 -> validId;
            case 1 -> UUID.randomUUID().toString();
            default -> encode(string());
        };
    }

    /** Percent-encodes for a URL path or query, cut to 300 characters so the request line stays valid. */
    public static String encode(String value) {
        String cut = value.length() > 300 ? value.substring(0, 300) : value;
        return java.net.URLEncoder.encode(cut, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
