package io.erstream.stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Compares a cluster with a {@link TopicCatalog} and, on request, makes the safe changes.
 *
 * <p>Safe means: creating a missing topic and setting a declared config. Everything else is
 * reported, never changed: a different partition count (decreasing is impossible, and increasing
 * re-maps keys to partitions, which breaks every keyed store and the ordering per key that the
 * models rely on), and a different replication factor (a reassignment an operator must plan).
 * Only declared config keys are compared, so broker defaults and operator tweaks elsewhere are not
 * reported. Creation tolerates concurrent creators: a topic that appears meanwhile is fine.
 */
public final class TopicReconciler {

    private static final Duration SETTLE_POLL = Duration.ofMillis(100);

    private final Admin admin;
    private final TopicCatalog catalog;
    private final Duration timeout;

    /** A reconciler that waits at most {@code timeout} for each cluster call. */
    public TopicReconciler(Admin admin, TopicCatalog catalog, Duration timeout) {
        this.admin = admin;
        this.catalog = catalog;
        this.timeout = timeout;
    }

    /** How the cluster differs from the catalog, in catalog order; empty when in sync. */
    public List<TopicDifference> check() {
        Set<String> existing = await(admin.listTopics().names(), "list topics");
        List<TopicSpec> present = catalog.topics().stream().filter(t -> existing.contains(t.name())).toList();
        Map<String, TopicDescription> descriptions = describe(present);
        Map<String, Config> configs = configs(present);
        List<TopicDifference> differences = new ArrayList<>();
        for (TopicSpec spec : catalog.topics()) {
            if (!existing.contains(spec.name())) {
                differences.add(TopicDifference.missing(spec));
            } else {
                differences.addAll(compare(spec, descriptions.get(spec.name()), configs.get(spec.name())));
            }
        }
        return differences;
    }

    /** Creates missing topics and sets differing declared configs; returns what it fixed and what is left. */
    public ReconcileResult apply() {
        List<TopicDifference> before = check();
        create(before.stream().filter(d -> d.kind() == TopicDifference.Kind.MISSING)
                .map(d -> catalog.topic(d.topic())).toList());
        alterConfigs(before.stream().filter(d -> d.kind() == TopicDifference.Kind.CONFIG).toList());
        List<TopicDifference> attempted = before.stream().filter(d -> d.kind().fixedByApply()).toList();
        List<TopicDifference> after = settledCheck(attempted);
        List<TopicDifference> fixed = attempted.stream()
                .filter(d -> after.stream().noneMatch(d::sameSubject)).toList();
        return new ReconcileResult(fixed, after);
    }

    private static List<TopicDifference> compare(TopicSpec spec, TopicDescription description, Config config) {
        List<TopicDifference> differences = new ArrayList<>();
        int partitions = description.partitions().size();
        if (partitions != spec.partitions()) {
            differences.add(new TopicDifference(spec.name(), TopicDifference.Kind.PARTITIONS, "partitions",
                    Integer.toString(spec.partitions()), Integer.toString(partitions)));
        }
        int factor = description.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
        if (factor != spec.replicationFactor()) {
            differences.add(new TopicDifference(spec.name(), TopicDifference.Kind.REPLICATION_FACTOR,
                    "replicationFactor", Short.toString(spec.replicationFactor()), Integer.toString(factor)));
        }
        spec.sortedConfigs().forEach((key, declared) -> {
            ConfigEntry entry = config.get(key);
            String actual = entry == null ? null : entry.value();
            if (!declared.equals(actual)) {
                differences.add(new TopicDifference(spec.name(), TopicDifference.Kind.CONFIG, key, declared, actual));
            }
        });
        return differences;
    }

    private Map<String, TopicDescription> describe(List<TopicSpec> topics) {
        if (topics.isEmpty()) {
            return Map.of();
        }
        return await(admin.describeTopics(names(topics)).allTopicNames(), "describe topics");
    }

    private Map<String, Config> configs(List<TopicSpec> topics) {
        if (topics.isEmpty()) {
            return Map.of();
        }
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
        Map<ConfigResource, Config> byResource = await(admin.describeConfigs(resources).all(), "describe configs");
        Map<String, Config> byName = new HashMap<>();
        byResource.forEach((resource, config) -> byName.put(resource.name(), config));
        return byName;
    }

    private void create(List<TopicSpec> missing) {
        if (missing.isEmpty()) {
            return;
        }
        List<NewTopic> topics = missing.stream()
                .map(t -> new NewTopic(t.name(), t.partitions(), t.replicationFactor()).configs(t.configs()))
                .toList();
        admin.createTopics(topics).values().forEach((name, future) -> awaitCreated(future, name));
        awaitLeaders(missing);
    }

    /**
     * Waits until every partition of the new topics answers a ListOffsets request, i.e. its leader has opened the
     * log. Creation returns earlier; an idempotent producer whose first batch then fails (NOT_LEADER) while later
     * batches land can loop on OutOfOrderSequence until its delivery timeout (seen with 8 producers writing into a
     * just-created topic on the embedded broker). Right after creation the metadata may not know a new topic yet
     * (the request fails with a retriable error, unknown topic or partition): it is asked again until the timeout.
     */
    private void awaitLeaders(List<TopicSpec> created) {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (TopicSpec topic : created) {
            for (int p = 0; p < topic.partitions(); p++) {
                partitions.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                await(admin.listOffsets(partitions).all(), "wait for the new partitions' leaders");
                return;
            } catch (TopicReconciliationException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicReconciliationException("interrupted while trying to wait for the new partitions' "
                        + "leaders", e);
            }
        }
    }

    private void awaitCreated(KafkaFuture<Void> future, String topic) {
        try {
            await(future, "create topic " + topic);
        } catch (TopicReconciliationException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private void alterConfigs(List<TopicDifference> configDifferences) {
        if (configDifferences.isEmpty()) {
            return;
        }
        Map<ConfigResource, Collection<AlterConfigOp>> changes = configDifferences.stream().collect(
                Collectors.groupingBy(d -> new ConfigResource(ConfigResource.Type.TOPIC, d.topic()),
                        Collectors.mapping(d -> new AlterConfigOp(new ConfigEntry(d.subject(), d.declared()),
                                AlterConfigOp.OpType.SET), Collectors.toCollection(ArrayList::new))));
        await(admin.incrementalAlterConfigs(changes).all(), "alter topic configs");
    }

    /** Re-checks until the changes just made are visible (metadata propagates asynchronously) or time runs out. */
    private List<TopicDifference> settledCheck(List<TopicDifference> attempted) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<TopicDifference> differences = check();
            boolean pending = differences.stream().anyMatch(d -> attempted.stream().anyMatch(d::sameSubject));
            if (!pending || System.nanoTime() > deadline) {
                return differences;
            }
            sleep(SETTLE_POLL);
        }
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new TopicReconciliationException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new TopicReconciliationException("cannot " + what + ": no answer within " + timeout.toMillis()
                    + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicReconciliationException("interrupted while trying to " + what, e);
        }
    }

    private static Set<String> names(List<TopicSpec> topics) {
        return topics.stream().map(TopicSpec::name).collect(Collectors.toSet());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicReconciliationException("interrupted while waiting for topic changes", e);
        }
    }
}
