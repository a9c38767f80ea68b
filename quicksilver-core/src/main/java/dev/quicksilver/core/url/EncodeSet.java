package dev.quicksilver.core.url;

/**
 * The URL Standard's percent-encode sets (§1.3). Each set is a superset of the one it is built
 * on, exactly as the standard defines them; every code point above U+007E is in every set, so
 * only the ASCII range needs a table.
 */
enum EncodeSet {
    C0_CONTROL(""),
    FRAGMENT(" \"<>`"),
    QUERY(" \"#<>"),
    SPECIAL_QUERY(" \"#<>'"),
    PATH(" \"#<>?^`{}"),
    USERINFO(" \"#<>?^`{}/:;=@[\\]|"),
    COMPONENT(" \"#<>?^`{}/:;=@[\\]|$%&+,");

    private final boolean[] ascii = new boolean[128];

    EncodeSet(String extra) {
        for (int c = 0; c < 0x20; c++) {
            ascii[c] = true;
        }
        ascii[0x7F] = true;
        for (int i = 0; i < extra.length(); i++) {
            ascii[extra.charAt(i)] = true;
        }
    }

    boolean contains(int codePoint) {
        return codePoint >= 128 || ascii[codePoint];
    }
}
