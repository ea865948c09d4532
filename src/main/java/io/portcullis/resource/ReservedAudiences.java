package io.portcullis.resource;

import java.util.Locale;

/**
 * The audiences no resource may take: the management API's ({@code {publicUrl}/v1}) and anything
 * under it, and the public URL itself and its authorization server paths ({@code {publicUrl}/{envID}/as/...},
 * {@code {publicUrl}/as/...}). A resource holding one would mint tokens that look like this
 * service's own (RFC 8707 §2: the audience names who accepts the token).
 */
public final class ReservedAudiences {

    private ReservedAudiences() {}

    /** Whether {@code audience} is reserved under {@code publicUrl}; compared without regard to case. */
    public static boolean isReserved(String publicUrl, String audience) {
        String base = stripSlashes(publicUrl.toLowerCase(Locale.ROOT));
        String candidate = audience.strip().toLowerCase(Locale.ROOT);
        if (!candidate.startsWith(base)) {
            return false;
        }
        String rest = candidate.substring(base.length());
        int end = indexOfAny(rest, '?', '#');
        String path = stripSlashes(end < 0 ? rest : rest.substring(0, end));
        if (path.isEmpty()) {
            return true; // the public URL itself
        }
        if (!path.startsWith("/")) {
            return false; // another host or path that merely starts alike (https://auth.example.com.evil)
        }
        String[] segments = path.substring(1).split("/");
        return segments[0].equals("v1") || segments[0].equals("as") || segments.length > 1 && segments[1].equals("as");
    }

    private static String stripSlashes(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(0, end);
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }
}
