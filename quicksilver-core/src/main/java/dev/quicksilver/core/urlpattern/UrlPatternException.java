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
}
