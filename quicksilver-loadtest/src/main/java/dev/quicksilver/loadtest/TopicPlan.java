package dev.quicksilver.loadtest;

/**
 * Who subscribes to what, and where each publish goes, so that every publish reaches a known
 * number of subscribers. The subscribers and the publishes are split into {@code G} groups:
 * subscriber {@code i} is in group {@code i mod G}, publish {@code s} goes to group {@code s mod G}.
 *
 * <ul>
 *   <li>Topics (the default, {@code G = --topics}): group {@code j} is the topic
 *       {@code <prefix>/<j>}, which its subscribers select exactly.
 *   <li>Templates ({@code G = --templates}): the subscribers of group {@code j} select the URI
 *       Template (RFC 6570) {@code <prefix>/t<j>/{group}/items/{id}}; publish {@code s} goes to the
 *       concrete topic {@code <prefix>/t<j>/g<(s div G) mod 16>/items/<s>}. The literal segment
 *       {@code t<j>} is followed by a slash, so the topic matches template {@code j} and no other
 *       ({@code t1/} never matches {@code t10/}); every topic is new, so a hub cannot answer from a
 *       cache of earlier matches and evaluates its templates for each publish.
 * </ul>
 *
 * <p>The math: with {@code N} subscribers of which the first {@code S} are slow (excluded),
 * group {@code j} holds {@code n(j) = #{ i in [S, N) : i mod G = j }} measured subscribers, which
 * is {@code floor(N/G) + [j < N mod G]} when {@code S = 0}. Publish {@code s} should reach
 * {@code n(s mod G)} of them; {@code P} publishes should cause {@code sum over s < P of n(s mod G)}
 * deliveries, which is {@code P * (N - S) / G} when {@code G} divides {@code N}, {@code S} and
 * {@code P}. The run itself counts each publish's expected deliveries from the subscribers of
 * its group established when it was sent, which is {@code n(j)} when none failed.
 */
public final class TopicPlan {
    /** How many values the {@code {group}} variable of a template takes in the published topics. */
    static final int GROUP_VALUES = 16;

    private final String prefix;
    private final int groups;
    private final boolean templates;

    public TopicPlan(String prefix, int groups, boolean templates) {
        if (groups < 1) {
            throw new IllegalArgumentException("at least one group");
        }
        this.prefix = prefix;
        this.groups = groups;
        this.templates = templates;
    }

    public int groups() {
        return groups;
    }

    /** Whether subscribers select URI Templates (and each publish has a topic of its own). */
    public boolean templates() {
        return templates;
    }

    /** The group of subscriber {@code i}. */
    public int groupOfSubscriber(int i) {
        return i % groups;
    }

    /** The group publish {@code seq} goes to. */
    public int groupOfPublish(long seq) {
        return (int) (seq % groups);
    }

    /** What the subscribers of group {@code j} select: a topic, or a URI Template. */
    public String selector(int j) {
        return templates ? prefix + "/t" + j + "/{group}/items/{id}" : prefix + "/" + j;
    }

    /** The topic of publish {@code seq} (to group {@code seq mod G}). */
    public String publishTopic(long seq) {
        int j = groupOfPublish(seq);
        if (!templates) {
            return prefix + "/" + j;
        }
        return prefix + "/t" + j + "/g" + (seq / groups) % GROUP_VALUES + "/items/" + seq;
    }

    /** {@code n(j)}: the subscribers {@code i} in {@code [slow, n)} of group {@code j}. */
    public static long subscribersIn(int j, int n, int slow, int groups) {
        return countBelow(j, n, groups) - countBelow(j, Math.min(slow, n), groups);
    }

    /** How many {@code i < limit} have {@code i mod groups == j}. */
    private static long countBelow(int j, int limit, int groups) {
        return limit / groups + (j < limit % groups ? 1 : 0);
    }

    /** The deliveries {@code publishes} publishes should cause to the subscribers in {@code [slow, n)}. */
    public static long expectedDeliveries(int n, int slow, int groups, long publishes) {
        long perCycle = n - Math.min(Math.max(0, slow), n);
        long total = publishes / groups * perCycle;
        for (int j = 0; j < publishes % groups; j++) {
            total += subscribersIn(j, n, slow, groups);
        }
        return total;
    }
}
