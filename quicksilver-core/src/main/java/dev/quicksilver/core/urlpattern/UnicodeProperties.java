package dev.quicksilver.core.urlpattern;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * ECMAScript's {@code \p{...}} property escapes, computed from {@link Character} (the JDK's
 * Unicode version, not necessarily the browsers'). Supported: General_Category values (long and
 * short names, optionally with {@code gc=} / {@code General_Category=}), Script and
 * Script_Extensions (approximated by Script) through {@code sc=}/{@code scx=}, and the common
 * binary properties below. Anything else (notably properties of strings such as RGI_Emoji) is
 * refused rather than guessed. Sets are computed once per name and cached.
 */
final class UnicodeProperties {
    private static final Map<String, IntPredicate> GENERAL_CATEGORIES = new HashMap<>();
    private static final Map<String, IntPredicate> BINARY = new HashMap<>();
    private static final Map<String, CodePointSet> CACHE = new ConcurrentHashMap<>();

    static {
        category(new String[] {"L", "Letter"}, Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER,
                Character.TITLECASE_LETTER, Character.MODIFIER_LETTER, Character.OTHER_LETTER);
        category(new String[] {"LC", "Cased_Letter"}, Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER,
                Character.TITLECASE_LETTER);
        category(new String[] {"Lu", "Uppercase_Letter"}, Character.UPPERCASE_LETTER);
        category(new String[] {"Ll", "Lowercase_Letter"}, Character.LOWERCASE_LETTER);
        category(new String[] {"Lt", "Titlecase_Letter"}, Character.TITLECASE_LETTER);
        category(new String[] {"Lm", "Modifier_Letter"}, Character.MODIFIER_LETTER);
        category(new String[] {"Lo", "Other_Letter"}, Character.OTHER_LETTER);
        category(new String[] {"M", "Mark", "Combining_Mark"}, Character.NON_SPACING_MARK,
                Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK);
        category(new String[] {"Mn", "Nonspacing_Mark"}, Character.NON_SPACING_MARK);
        category(new String[] {"Mc", "Spacing_Mark"}, Character.COMBINING_SPACING_MARK);
        category(new String[] {"Me", "Enclosing_Mark"}, Character.ENCLOSING_MARK);
        category(new String[] {"N", "Number"}, Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER,
                Character.OTHER_NUMBER);
        category(new String[] {"Nd", "Decimal_Number", "digit"}, Character.DECIMAL_DIGIT_NUMBER);
        category(new String[] {"Nl", "Letter_Number"}, Character.LETTER_NUMBER);
        category(new String[] {"No", "Other_Number"}, Character.OTHER_NUMBER);
        category(new String[] {"P", "Punctuation", "punct"}, Character.CONNECTOR_PUNCTUATION,
                Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                Character.OTHER_PUNCTUATION);
        category(new String[] {"Pc", "Connector_Punctuation"}, Character.CONNECTOR_PUNCTUATION);
        category(new String[] {"Pd", "Dash_Punctuation"}, Character.DASH_PUNCTUATION);
        category(new String[] {"Ps", "Open_Punctuation"}, Character.START_PUNCTUATION);
        category(new String[] {"Pe", "Close_Punctuation"}, Character.END_PUNCTUATION);
        category(new String[] {"Pi", "Initial_Punctuation"}, Character.INITIAL_QUOTE_PUNCTUATION);
        category(new String[] {"Pf", "Final_Punctuation"}, Character.FINAL_QUOTE_PUNCTUATION);
        category(new String[] {"Po", "Other_Punctuation"}, Character.OTHER_PUNCTUATION);
        category(new String[] {"S", "Symbol"}, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL);
        category(new String[] {"Sm", "Math_Symbol"}, Character.MATH_SYMBOL);
        category(new String[] {"Sc", "Currency_Symbol"}, Character.CURRENCY_SYMBOL);
        category(new String[] {"Sk", "Modifier_Symbol"}, Character.MODIFIER_SYMBOL);
        category(new String[] {"So", "Other_Symbol"}, Character.OTHER_SYMBOL);
        category(new String[] {"Z", "Separator"}, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                Character.PARAGRAPH_SEPARATOR);
        category(new String[] {"Zs", "Space_Separator"}, Character.SPACE_SEPARATOR);
        category(new String[] {"Zl", "Line_Separator"}, Character.LINE_SEPARATOR);
        category(new String[] {"Zp", "Paragraph_Separator"}, Character.PARAGRAPH_SEPARATOR);
        category(new String[] {"C", "Other"}, Character.CONTROL, Character.FORMAT, Character.SURROGATE,
                Character.PRIVATE_USE, Character.UNASSIGNED);
        category(new String[] {"Cc", "Control", "cntrl"}, Character.CONTROL);
        category(new String[] {"Cf", "Format"}, Character.FORMAT);
        category(new String[] {"Cs", "Surrogate"}, Character.SURROGATE);
        category(new String[] {"Co", "Private_Use"}, Character.PRIVATE_USE);
        category(new String[] {"Cn", "Unassigned"}, Character.UNASSIGNED);

        binary(cp -> true, "Any");
        binary(cp -> cp < 0x80, "ASCII");
        binary(cp -> Character.getType(cp) != Character.UNASSIGNED, "Assigned");
        binary(Character::isAlphabetic, "Alphabetic", "Alpha");
        binary(Character::isLowerCase, "Lowercase", "Lower");
        binary(Character::isUpperCase, "Uppercase", "Upper");
        binary(Character::isIdeographic, "Ideographic", "Ideo");
        binary(cp -> CharacterClasses.WHITE_SPACE.contains(cp), "White_Space", "space");
        binary(cp -> (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'f') || (cp >= 'A' && cp <= 'F'),
                "ASCII_Hex_Digit", "AHex");
        binary(Character::isUnicodeIdentifierStart, "ID_Start", "IDS");
        binary(cp -> Character.isUnicodeIdentifierPart(cp) && !Character.isIdentifierIgnorable(cp),
                "ID_Continue", "IDC");
    }

    private UnicodeProperties() {}

    private static void category(String[] names, int... types) {
        IntPredicate predicate = cp -> {
            int type = Character.getType(cp);
            for (int t : types) {
                if (t == type) {
                    return true;
                }
            }
            return false;
        };
        for (String name : names) {
            GENERAL_CATEGORIES.put(name, predicate);
        }
    }

    private static void binary(IntPredicate predicate, String... names) {
        for (String name : names) {
            BINARY.put(name, predicate);
        }
    }

    /**
     * the set of the property written inside {@code \p{...}}
     *
     * @throws UrlPatternException when the property is unknown or unsupported
     */
    static CodePointSet resolve(String expression) {
        CodePointSet cached = CACHE.get(expression);
        if (cached != null) {
            return cached;
        }
        IntPredicate predicate = predicate(expression);
        if (predicate == null) {
            throw UrlPatternException.invalid();
        }
        CodePointSet set = collect(predicate);
        CACHE.put(expression, set);
        return set;
    }

    private static IntPredicate predicate(String expression) {
        int eq = expression.indexOf('=');
        if (eq < 0) {
            IntPredicate p = GENERAL_CATEGORIES.get(expression);
            return p != null ? p : BINARY.get(expression);
        }
        String name = expression.substring(0, eq);
        String value = expression.substring(eq + 1);
        switch (name) {
            case "General_Category":
            case "gc":
                return GENERAL_CATEGORIES.get(value);
            case "Script":
            case "sc":
            case "Script_Extensions":
            case "scx":
                return script(value);
            default:
                return null;
        }
    }

    private static IntPredicate script(String value) {
        if (value.isEmpty() || !value.chars().allMatch(c -> Character.isLetter(c) || c == '_')) {
            return null;
        }
        try {
            Character.UnicodeScript script = Character.UnicodeScript.forName(value.toUpperCase(Locale.ROOT));
            return cp -> Character.UnicodeScript.of(cp) == script;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static CodePointSet collect(IntPredicate predicate) {
        int[] pairs = new int[64];
        int size = 0;
        int start = -1;
        for (int cp = 0; cp <= CodePointSet.MAX + 1; cp++) {
            boolean in = cp <= CodePointSet.MAX && predicate.test(cp);
            if (in && start < 0) {
                start = cp;
            } else if (!in && start >= 0) {
                if (size + 2 > pairs.length) {
                    pairs = Arrays.copyOf(pairs, pairs.length * 2);
                }
                pairs[size++] = start;
                pairs[size++] = cp - 1;
                start = -1;
            }
        }
        return CodePointSet.ofRanges(Arrays.copyOf(pairs, size));
    }
}
