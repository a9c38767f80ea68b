package dev.quicksilver.spring.jpa;

import dev.quicksilver.client.Update;
import dev.quicksilver.spring.MercurePublisher;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Holds a transaction's updates until it commits, then publishes them; a rollback drops them. An
 * entity changed several times in one transaction is published once, in its last state: its
 * subscribers only ever see committed states.
 */
final class AfterCommit {
    private static final Logger LOG = LoggerFactory.getLogger(AfterCommit.class);

    private final MercurePublisher publisher;

    AfterCommit(MercurePublisher publisher) {
        this.publisher = publisher;
    }

    /** One update to publish: to which hub, and whether the committing thread waits for the hub. */
    record Pending(String hub, Update update, boolean async) {}

    void add(Pending pending) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            send(pending); // no transaction to wait for: the change is already in the database
            return;
        }
        Transaction transaction = (Transaction) TransactionSynchronizationManager.getResource(this);
        if (transaction == null) {
            transaction = new Transaction();
            TransactionSynchronizationManager.bindResource(this, transaction);
            TransactionSynchronizationManager.registerSynchronization(transaction);
        }
        String key = pending.hub() + " " + pending.update().topics().get(0);
        transaction.updates.remove(key); // its place follows its last change
        transaction.updates.put(key, pending);
    }

    private void send(Pending pending) {
        if (pending.async()) {
            publisher.publishAsync(pending.hub(), pending.update()).whenComplete((id, error) -> {
                if (error != null) {
                    LOG.warn("Publishing {} to the hub \"{}\" failed: {}", pending.update().topics().get(0), pending.hub(),
                            error.getMessage());
                }
            });
            return;
        }
        try {
            publisher.publish(pending.hub(), pending.update());
        } catch (RuntimeException e) {
            // The transaction has committed: failing its caller now would suggest it had not.
            LOG.warn("Publishing {} to the hub \"{}\" failed: {}", pending.update().topics().get(0), pending.hub(),
                    e.getMessage());
        }
    }

    private final class Transaction implements TransactionSynchronization {
        private final Map<String, Pending> updates = new LinkedHashMap<>();

        @Override
        public void afterCommit() {
            updates.values().forEach(AfterCommit.this::send);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(AfterCommit.this);
        }
    }
}
