package dev.quicksilver.core.urlpattern;

/**
 * The standard's "encoding callback": canonicalizes a literal piece of a component pattern the
 * way the URL parser canonicalizes that component, or throws {@link UrlPatternException}.
 */
@FunctionalInterface
interface EncodingCallback {
    String encode(String value);
}
