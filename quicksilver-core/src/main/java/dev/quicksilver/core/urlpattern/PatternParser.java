package dev.quicksilver.core.urlpattern;

import java.util.ArrayList;
import java.util.List;

/**
 * "Parse a pattern string" (§2.1.5): turns one component's pattern into parts. Throws
 * {@link UrlPatternException} on malformed patterns and duplicate group names.
 */
final class PatternParser {
    /**
     * Parts per component. re2j recurses per group while matching and copies the rest of the
     * pattern per group while parsing; patterns come from untrusted clients, so bound both.
     */
    static final int MAX_PARTS = 256;

    private final List<Token> tokens;
    private final EncodingCallback encodingCallback;
    private final ComponentOptions options;
    private final String segmentWildcardRegexp;
    private final List<Part> parts = new ArrayList<>();
    private final StringBuilder pendingFixedValue = new StringBuilder();
    private int index;
    private int nextNumericName;

    private PatternParser(String input, ComponentOptions options, EncodingCallback encodingCallback) {
        this.tokens = Tokenizer.tokenize(input.codePoints().toArray(), true);
        this.encodingCallback = encodingCallback;
        this.options = options;
        this.segmentWildcardRegexp = options.segmentWildcardRegexp();
    }

    static List<Part> parse(String input, ComponentOptions options, EncodingCallback encodingCallback) {
        PatternParser parser = new PatternParser(input, options, encodingCallback);
        parser.run();
        return parser.parts;
    }

    private void run() {
        while (index < tokens.size()) {
            // <prefix char><name><regexp><modifier>, any of them possibly absent
            Token charToken = tryConsume(TokenType.CHAR);
            Token nameToken = tryConsume(TokenType.NAME);
            Token regexpOrWildcardToken = tryConsumeRegexpOrWildcard(nameToken);
            if (nameToken != null || regexpOrWildcardToken != null) {
                String prefix = charToken == null ? "" : charToken.value;
                if (!prefix.isEmpty() && !prefix.equals(options.prefix)) {
                    pendingFixedValue.append(prefix);
                    prefix = "";
                }
                maybeAddPartFromPendingFixedValue();
                Token modifierToken = tryConsumeModifier();
                addPart(prefix, nameToken, regexpOrWildcardToken, "", modifierToken);
                continue;
            }
            Token fixedToken = charToken != null ? charToken : tryConsume(TokenType.ESCAPED_CHAR);
            if (fixedToken != null) {
                pendingFixedValue.append(fixedToken.value);
                continue;
            }
            // {<prefix><name><regexp><suffix>}<modifier>
            Token openToken = tryConsume(TokenType.OPEN);
            if (openToken != null) {
                String prefix = consumeText();
                nameToken = tryConsume(TokenType.NAME);
                regexpOrWildcardToken = tryConsumeRegexpOrWildcard(nameToken);
                String suffix = consumeText();
                consumeRequired(TokenType.CLOSE);
                Token modifierToken = tryConsumeModifier();
                addPart(prefix, nameToken, regexpOrWildcardToken, suffix, modifierToken);
                continue;
            }
            maybeAddPartFromPendingFixedValue();
            consumeRequired(TokenType.END);
        }
    }

    private Token tryConsume(TokenType type) {
        Token next = tokens.get(index);
        if (next.type != type) {
            return null;
        }
        index++;
        return next;
    }

    private Token tryConsumeModifier() {
        Token token = tryConsume(TokenType.OTHER_MODIFIER);
        return token != null ? token : tryConsume(TokenType.ASTERISK);
    }

    private Token tryConsumeRegexpOrWildcard(Token nameToken) {
        Token token = tryConsume(TokenType.REGEXP);
        if (nameToken == null && token == null) {
            token = tryConsume(TokenType.ASTERISK);
        }
        return token;
    }

    private void consumeRequired(TokenType type) {
        if (tryConsume(type) == null) {
            throw UrlPatternException.invalid();
        }
    }

    private String consumeText() {
        StringBuilder result = new StringBuilder();
        while (true) {
            Token token = tryConsume(TokenType.CHAR);
            if (token == null) {
                token = tryConsume(TokenType.ESCAPED_CHAR);
            }
            if (token == null) {
                return result.toString();
            }
            result.append(token.value);
        }
    }

    private void maybeAddPartFromPendingFixedValue() {
        if (pendingFixedValue.length() == 0) {
            return;
        }
        String encodedValue = encodingCallback.encode(pendingFixedValue.toString());
        pendingFixedValue.setLength(0);
        append(Part.fixed(encodedValue, Part.Modifier.NONE));
    }

    private void addPart(String prefix, Token nameToken, Token regexpOrWildcardToken, String suffix,
            Token modifierToken) {
        Part.Modifier modifier = modifierOf(modifierToken);
        if (nameToken == null && regexpOrWildcardToken == null && modifier == Part.Modifier.NONE) {
            // "{foo}": plain text, merged with the text around it
            pendingFixedValue.append(prefix);
            return;
        }
        maybeAddPartFromPendingFixedValue();
        if (nameToken == null && regexpOrWildcardToken == null) {
            // "{foo}?": text with a modifier is a part of its own
            if (prefix.isEmpty()) {
                return;
            }
            append(Part.fixed(encodingCallback.encode(prefix), modifier));
            return;
        }
        String regexpValue;
        if (regexpOrWildcardToken == null) {
            regexpValue = segmentWildcardRegexp;
        } else if (regexpOrWildcardToken.type == TokenType.ASTERISK) {
            regexpValue = RegexGenerator.FULL_WILDCARD_REGEXP_VALUE;
        } else {
            regexpValue = regexpOrWildcardToken.value;
        }
        // Going through the regexp value first makes "(.*)" the same as "*" and "([^/]+?)" the
        // same as ":name", as the standard intends.
        Part.Type type = Part.Type.REGEXP;
        if (regexpValue.equals(segmentWildcardRegexp)) {
            type = Part.Type.SEGMENT_WILDCARD;
            regexpValue = "";
        } else if (regexpValue.equals(RegexGenerator.FULL_WILDCARD_REGEXP_VALUE)) {
            type = Part.Type.FULL_WILDCARD;
            regexpValue = "";
        }
        String name;
        if (nameToken != null) {
            name = nameToken.value;
        } else {
            name = Integer.toString(nextNumericName++);
        }
        if (isDuplicateName(name)) {
            throw UrlPatternException.invalid();
        }
        String encodedPrefix = encodingCallback.encode(prefix);
        String encodedSuffix = encodingCallback.encode(suffix);
        append(new Part(type, regexpValue, modifier, name, encodedPrefix, encodedSuffix));
    }

    private void append(Part part) {
        if (parts.size() >= MAX_PARTS) {
            throw UrlPatternException.invalid();
        }
        parts.add(part);
    }

    private boolean isDuplicateName(String name) {
        for (Part part : parts) {
            if (part.name.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static Part.Modifier modifierOf(Token token) {
        if (token == null) {
            return Part.Modifier.NONE;
        }
        switch (token.value) {
            case "?":
                return Part.Modifier.OPTIONAL;
            case "*":
                return Part.Modifier.ZERO_OR_MORE;
            case "+":
                return Part.Modifier.ONE_OR_MORE;
            default:
                return Part.Modifier.NONE;
        }
    }
}
