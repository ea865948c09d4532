package io.portcullis.oauth;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Strict parser for {@code application/x-www-form-urlencoded} bodies (WHATWG URL §5.1, as RFC 6749
 * Appendix B uses it). Unlike {@code @FormParam}, it sees every value: a repeated parameter is an
 * {@code invalid_request} (RFC 6749 §3.1), as are bad percent-escapes and bytes that are not UTF-8.
 */
public final class FormBody {

    /** More parameters than any OAuth request needs: refuse rather than build a large map. */
    static final int MAX_PARAMETERS = 64;

    private FormBody() {}

    public static Map<String, String> parse(byte[] body) {
        Map<String, String> params = new HashMap<>();
        if (body == null || body.length == 0) {
            return params;
        }
        int start = 0;
        int count = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '&') {
                if (i > start) {
                    if (++count > MAX_PARAMETERS) {
                        throw OAuthError.invalidRequest("Too many parameters");
                    }
                    addPair(params, body, start, i);
                }
                start = i + 1;
            }
        }
        return params;
    }

    private static void addPair(Map<String, String> params, byte[] body, int from, int to) {
        int eq = from;
        while (eq < to && body[eq] != '=') {
            eq++;
        }
        // Whitespace around names and values carries no meaning in OAuth parameters; dropping it
        // accepts bodies written across lines, as in the PingFederate example of the token request.
        String name = decode(body, from, eq).strip();
        String value = eq < to ? decode(body, eq + 1, to).strip() : "";
        if (name.isEmpty()) {
            return;
        }
        if (params.containsKey(name)) {
            throw OAuthError.invalidRequest("Parameter '" + printable(name) + "' is repeated");
        }
        // RFC 6749 §3.1: parameters sent without a value are treated as omitted; a repeat of an
        // empty parameter is still a repeat, so the name is recorded.
        params.put(name, value.isEmpty() ? null : value);
    }

    private static String decode(byte[] body, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                if (i + 2 >= to) {
                    throw OAuthError.invalidRequest("Malformed percent-encoding in the request body");
                }
                int hi = Character.digit(body[i + 1], 16);
                int lo = Character.digit(body[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw OAuthError.invalidRequest("Malformed percent-encoding in the request body");
                }
                out.write((hi << 4) | lo);
                i += 2;
            } else {
                out.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw OAuthError.invalidRequest("The request body is not UTF-8");
        }
    }

    /** A parameter name safe to echo in an error: printable ASCII, at most 40 characters. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < 40; i++) {
            char c = name.charAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
        }
        return out.toString();
    }
}
