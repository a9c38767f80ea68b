package dev.quicksilver.core.update;

/**
 * Character rules shared by ids, types, topics and targets. Control characters (C0, DEL, C1) and
 * Unicode format characters (category Cf, such as U+200E) are refused: in an id or a type they
 * could add SSE fields or make two ids look the same, in a topic they hide differences.
 */
public final class TextRules {
    private TextRules() {}

    /** @return the index of the first forbidden character, or -1 */
    public static int firstForbidden(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                return i;
            }
            int cp = Character.codePointAt(value, i);
            if (Character.getType(cp) == Character.FORMAT) {
                return i;
            }
            if (Character.isSupplementaryCodePoint(cp)) {
                i++;
            }
        }
        return -1;
    }

    public static boolean isClean(String value) {
        return firstForbidden(value) < 0;
    }
}
