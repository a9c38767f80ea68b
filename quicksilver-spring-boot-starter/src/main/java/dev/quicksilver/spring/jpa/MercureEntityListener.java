package dev.quicksilver.spring.jpa;

import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Hibernate's notice of each insert, update and delete as it is flushed: for a {@link Mercure}
 * entity, the update is made now, while the entity is in its session (its JSON may read lazy
 * associations), and held until the transaction commits.
 */
final class MercureEntityListener implements PostInsertEventListener, PostUpdateEventListener, PostDeleteEventListener {
    private final EntityUpdates updates;
    private final AfterCommit afterCommit;
    private final String defaultHub;

    MercureEntityListener(EntityUpdates updates, AfterCommit afterCommit, String defaultHub) {
        this.updates = updates;
        this.afterCommit = afterCommit;
        this.defaultHub = defaultHub;
    }

    @Override
    public void onPostInsert(PostInsertEvent event) {
        Mercure mercure = EntityUpdates.annotation(event.getEntity());
        if (mercure != null) {
            hold(mercure, updates.saved(mercure, event.getEntity(), event.getId()));
        }
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        Mercure mercure = EntityUpdates.annotation(event.getEntity());
        if (mercure != null) {
            hold(mercure, updates.saved(mercure, event.getEntity(), event.getId()));
        }
    }

    @Override
    public void onPostDelete(PostDeleteEvent event) {
        Mercure mercure = EntityUpdates.annotation(event.getEntity());
        if (mercure != null) {
            hold(mercure, updates.deleted(mercure, event.getEntity(), event.getId()));
        }
    }

    private void hold(Mercure mercure, dev.quicksilver.client.Update update) {
        afterCommit.add(new AfterCommit.Pending(mercure.hub().isEmpty() ? defaultHub : mercure.hub(), update,
                mercure.async()));
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return false; // Spring's transaction synchronization decides when to publish
    }
}
