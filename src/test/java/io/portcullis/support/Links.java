package io.portcullis.support;

import org.eclipse.microprofile.config.ConfigProvider;

/** HAL hrefs are absolute under the configured public URL; tests call them on the random test port. */
public final class Links {

    private Links() {}

    /** The path and query of an href the service produced. */
    public static String path(String href) {
        String base = ConfigProvider.getConfig().getValue("portcullis.public-url", String.class);
        if (!href.startsWith(base)) {
            throw new AssertionError(href + " is not under " + base);
        }
        return href.substring(base.length());
    }
}
