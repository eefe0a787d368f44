package io.erstream.stream;

import io.erstream.learn.WarmStart;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The whole stream in one place: examples and delayed labels (if {@code erstream.topic.labels} names a topic) →
 * {@link LearnProcessor} (with the {@link ModelStore} and the {@link PendingLabels}) → predictions, dead letters,
 * metrics, model snapshots and drift events. Both inputs feed the one processor, so an example and its label, keyed
 * alike in co-partitioned topics, meet in one task. Keys and values travel as raw bytes, so a record that is not even
 * valid UTF-8 or JSON still reaches the processor and can be dead-lettered verbatim.
 *
 * <p>One example in, one prediction out, in a {@code TopologyTestDriver} (run by {@code UsageExamplesTest}):
 * <pre>{@code
 * StreamConfig config = StreamConfig.fromProperties(settings);
 * Properties props = config.streamsProperties();
 * try (TopologyTestDriver driver = new TopologyTestDriver(ErstreamTopology.build(config), props)) {
 *     TestInputTopic<String, String> examples = driver.createInputTopic(config.examplesTopic(),
 *             new StringSerializer(), new StringSerializer());
 *     TestOutputTopic<String, String> predictions = driver.createOutputTopic(config.predictionsTopic(),
 *             new StringDeserializer(), new StringDeserializer());
 *     examples.pipeInput("user-1", "{\"id\":\"e1\",\"features\":[0.5,1.5],\"label\":1}");
 *     String prediction = predictions.readValue(); // {"id":"e1","model":"user-1","predicted":...}
 * }</pre>
 */
public final class ErstreamTopology {

    static final String SOURCE = "examples-source";
    static final String LABELS_SOURCE = "labels-source";
    static final String LEARN = "learn";

    private ErstreamTopology() {
    }

    /** The topology with its own (unshared) model views. */
    public static Topology build(StreamConfig config) {
        return build(config, new ModelViews());
    }

    /** The topology publishing its models to {@code views} (shared with the HTTP layer). */
    public static Topology build(StreamConfig config, ModelViews views) {
        return build(config, views, LearningEvents.NONE);
    }

    /** The topology publishing to {@code views} and reporting to {@code events} (e.g. Prometheus metrics). */
    public static Topology build(StreamConfig config, ModelViews views, LearningEvents events) {
        return build(config, views, events, new ModelCache(config.modelsCacheBytes()));
    }

    /** As above, its live models bounded by {@code cache} (whose counters the caller may report). */
    public static Topology build(StreamConfig config, ModelViews views, LearningEvents events, ModelCache cache) {
        return build(config, views, events, cache, config.loadWarmStart());
    }

    /**
     * As above, new models started from {@code warmStart}: the configured {@code erstream.model.warm-start}, loaded
     * once by the caller, who shares it with the queries that decode stored models ({@code null}: none).
     */
    public static Topology build(StreamConfig config, ModelViews views, LearningEvents events, ModelCache cache,
                                 WarmStart warmStart) {
        return build(config, views, events, config.persistentStore(), LearningFault.NONE, cache, warmStart);
    }

    static Topology build(StreamConfig config, ModelViews views, boolean persistentStore) {
        return build(config, views, LearningEvents.NONE, persistentStore);
    }

    static Topology build(StreamConfig config, ModelViews views, LearningEvents events, boolean persistentStore) {
        return build(config, views, events, persistentStore, LearningFault.NONE,
                new ModelCache(config.modelsCacheBytes()), config.loadWarmStart());
    }

    /**
     * The topology with an explicit store kind, {@code fault} injected into every learning step (tests of failure
     * handling), the instance's model cache and the loaded warm start (or null), shared by every task.
     */
    static Topology build(StreamConfig config, ModelViews views, LearningEvents events, boolean persistentStore,
                          LearningFault fault, ModelCache cache, WarmStart warmStart) {
        ByteArraySerializer bytes = new ByteArraySerializer();
        StartupChecks.check(config, warmStart, TopicCatalog.bundled());
        Topology topology = new Topology();
        topology.addProcessor(LEARN, () -> new LearnProcessor(config, views, events, warmStart, fault, cache),
                addInputs(topology, config));
        topology.addStateStore(ModelStore.builder(persistentStore), LEARN);
        topology.addStateStore(PendingLabels.builder(persistentStore), LEARN);
        topology.addSink(LearnProcessor.PREDICTIONS, config.predictionsTopic(), bytes, bytes, LEARN);
        topology.addSink(LearnProcessor.DEAD_LETTERS, config.deadLettersTopic(), bytes, bytes, LEARN);
        topology.addSink(LearnProcessor.METRICS, config.metricsTopic(), bytes, bytes, LEARN);
        topology.addSink(LearnProcessor.MODELS, config.modelsTopic(), bytes, bytes, LEARN);
        topology.addSink(LearnProcessor.DRIFT, config.driftTopic(), bytes, bytes, LEARN);
        topology.addSink(LearnProcessor.MODEL_EVENTS, config.modelEventsTopic(), bytes, bytes, LEARN);
        return topology;
    }

    /**
     * Adds the sources: the examples, and the delayed labels if they have a topic (without one a task reads one
     * topic). Returns their names, the parents of the node that reads them.
     */
    static String[] addInputs(Topology topology, StreamConfig config) {
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.examplesTopic());
        if (!config.delayedLabels()) {
            return new String[] {SOURCE};
        }
        topology.addSource(LABELS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                config.labelsTopic());
        return new String[] {SOURCE, LABELS_SOURCE};
    }

    /** Whether a record read at {@code source} is a delayed label: it came through the labels topic. */
    static boolean isLabel(RecordMetadata source, StreamConfig config) {
        return config.delayedLabels() && source.topic().equals(config.labelsTopic());
    }
}
