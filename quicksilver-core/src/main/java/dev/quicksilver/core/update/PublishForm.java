package dev.quicksilver.core.update;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.form.FormData;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an update from a publish request's form fields, validating each field as strictly as any
 * protocol era does, so that no value can inject SSE fields, forge hub events or be misread by a
 * subscriber. Unknown fields are ignored, except {@code target}, which is kept for the seed era's
 * audience check (see {@code PublishAuthorizer}).
 */
public final class PublishForm {
    private final int maxTopics;

    /** @param maxTopics the most topics (canonical plus alternates) one update may carry; more is a 413 */
    public PublishForm(int maxTopics) {
        this.maxTopics = maxTopics;
    }

    public Update read(FormData form) {
        List<String> topics = form.all("topic");
        if (topics.isEmpty()) {
            throw HubException.badRequest("Missing \"topic\" parameter.");
        }
        if (topics.size() > maxTopics) {
            throw HubException.tooLarge("Too many \"topic\" parameters (the limit is " + maxTopics + ").");
        }
        for (String topic : topics) {
            checkTopic(topic);
        }
        String data = form.first("data");
        return new Update(id(form.first("id")), topics, data == null ? "" : data, form.has("private"),
                type(form.first("type")), retry(form.first("retry")), targets(form.all("target")));
    }

    private static void checkTopic(String topic) {
        if (topic.equals("*")) {
            throw HubException.badRequest("The topic \"*\" is reserved for subscribers (it selects every topic).");
        }
        if (!TextRules.isClean(topic)) {
            throw HubException.badRequest("A \"topic\" contains a control or invisible formatting character.");
        }
        if (ReservedNamespace.contains(topic)) {
            throw HubException.badRequest("The topic \"" + topic
                    + "\" is in the hub's reserved namespace (/.well-known/mercure), where only the hub publishes.");
        }
    }

    private static String id(String id) {
        if (id == null || id.isEmpty()) {
            return null; // the hub generates one, as the reference does for an empty id
        }
        if (id.startsWith("#")) {
            throw HubException.badRequest("The \"id\" must not start with \"#\".");
        }
        if (id.equals("earliest")) {
            throw HubException.badRequest("The \"id\" \"earliest\" is reserved (it asks for the whole history).");
        }
        if (!TextRules.isClean(id)) {
            throw HubException.badRequest("The \"id\" contains a control or invisible formatting character.");
        }
        return id;
    }

    private static String type(String type) {
        if (type == null || type.isEmpty()) {
            return null;
        }
        if (!TextRules.isClean(type)) {
            throw HubException.badRequest("The \"type\" contains a control or invisible formatting character.");
        }
        if (type.equals("mercure")) {
            throw HubException.badRequest("The \"type\" \"mercure\" is reserved for the hub's own events.");
        }
        return type;
    }

    private static long retry(String retry) {
        if (retry == null || retry.isEmpty()) {
            return 0;
        }
        if (retry.length() > 18 || !retry.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw HubException.badRequest("The \"retry\" must be a number of milliseconds (ASCII digits only).");
        }
        return Long.parseLong(retry);
    }

    private static Set<String> targets(List<String> targets) {
        Set<String> result = new LinkedHashSet<>();
        for (String target : targets) {
            if (target.isEmpty() || !TextRules.isClean(target)) {
                throw HubException.badRequest("A \"target\" is empty or contains a control or formatting character.");
            }
            result.add(target);
        }
        return result;
    }
}
