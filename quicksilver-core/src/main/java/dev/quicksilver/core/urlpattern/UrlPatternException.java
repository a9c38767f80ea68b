package dev.quicksilver.core.urlpattern;

/**
 * A pattern that cannot be compiled (the standard's TypeError), or an input the standard rejects
 * outright. Messages stay generic on purpose: they may reach HTTP clients, and compiler details
 * must not (CWE-209).
 */
public class UrlPatternException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UrlPatternException(String message) {
        super(message);
    }

    /** the generic "invalid URL pattern" */
    static UrlPatternException invalid() {
        return new UrlPatternException("invalid URL pattern");
    }

    /** A pattern over the caller's limit on groups ({@link UrlPattern#compile(String, String, int)}). */
    public static final class TooComplex extends UrlPatternException {
        private static final long serialVersionUID = 1L;

        TooComplex() {
            super("too many groups in the URL pattern");
        }
    }
}
