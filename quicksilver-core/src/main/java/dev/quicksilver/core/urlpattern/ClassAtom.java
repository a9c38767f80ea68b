package dev.quicksilver.core.urlpattern;

/**
 * A character class atom: a set, and whether the class is negated. Negation is kept apart so it
 * can be left to re2j, which case-folds before negating as the v flag requires.
 */
final class ClassAtom {
    final CodePointSet set;
    final boolean negated;

    ClassAtom(CodePointSet set, boolean negated) {
        this.set = set;
        this.negated = negated;
    }

    /** the class as a plain set, for use inside another class */
    CodePointSet resolved() {
        return negated ? set.complement() : set;
    }

    /**
     * the size the class counts for in a component's budget: one instruction to match, but its
     * text ({@code \p{L}} is hundreds of ranges) is what re2j's parser copies around
     */
    long cost() {
        return 1 + set.rangeCount() / 8;
    }

    String toRe2() {
        return set.toRe2Class(negated);
    }
}
