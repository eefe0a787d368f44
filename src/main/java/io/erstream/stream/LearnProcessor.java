package io.erstream.stream;

import io.erstream.drift.DriftState;
import io.erstream.learn.LearnerSpec;
import io.erstream.learn.WarmStart;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * What happens to one example: parse → validate → load the key's model → predict → emit the prediction → learn
 * from it if labelled (journalled, drift detector included; the store snapshots it now and then) → a drift event if
 * the detector fired. Punctuators publish the changed models' views, metrics and snapshots periodically.
 * The prediction is always made before learning from the same record (prequential). A bad record goes to the dead
 * letters and never touches a model; nothing an input record contains can stop the stream.
 */
final class LearnProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    static final String PREDICTIONS = "predictions-sink";
    static final String DEAD_LETTERS = "dead-letters-sink";
    static final String METRICS = "metrics-sink";
    static final String MODELS = "models-sink";
    static final String DRIFT = "drift-sink";

    private final StreamConfig config;
    private final LearnerSpec spec;
    private final WarmStart warmStart; // null: new keys start linear, from zero
    private final ModelViews views;
    private final LearningEvents events;
    private final ExampleParser parser;
    private final ParsedExample parsed = new ParsedExample();
    private final Example example = new Example();
    private final PredictionWriter predictions = new PredictionWriter();
    private final DeadLetterWriter deadLetters = new DeadLetterWriter();
    private final MetricsWriter metrics = new MetricsWriter();
    private final DriftWriter drifts = new DriftWriter();
    private final PendingPublications pending = new PendingPublications();
    private final Set<String> published = new HashSet<>();

    private ProcessorContext<byte[], byte[]> context;
    private ModelStore store;
    /** Set by init: the first refresh also publishes the models restored into the store (see publishViews). */
    private boolean announceStored;

    LearnProcessor(StreamConfig config, ModelViews views, LearningEvents events) {
        this(config, views, events, null);
    }

    /** @param warmStart the loaded {@code erstream.model.warm-start} (shared by every task), or null */
    LearnProcessor(StreamConfig config, ModelViews views, LearningEvents events, WarmStart warmStart) {
        this.warmStart = warmStart;
        this.config = config;
        this.events = events;
        this.spec = config.learnerSpec();
        this.views = views;
        this.parser = new ExampleParser(config.maxFeatures());
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = new ModelStore(context.getStateStore(ModelStore.NAME), config.snapshotInterval(),
                warmStart);
        forgetLiveState();
        announceStored = true;
        context.schedule(ModelViews.REFRESH, PunctuationType.WALL_CLOCK_TIME, now -> publishViews());
        context.schedule(config.metricsInterval(), PunctuationType.WALL_CLOCK_TIME, this::emitMetrics);
        context.schedule(config.modelsInterval(), PunctuationType.WALL_CLOCK_TIME, this::emitModels);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        try {
            learn(record, source);
        } catch (BadRecordException problem) {
            byte[] letter = deadLetters.write(problem, source.topic(), source.partition(), source.offset(),
                    record.key(), record.value(), record.timestamp());
            context.forward(new Record<>(record.key(), letter, record.timestamp()), DEAD_LETTERS);
            events.deadLetter(problem.reason().code());
        }
    }

    private void learn(Record<byte[], byte[]> record, RecordMetadata source) {
        String key = modelKey(record);
        parser.parse(record.value(), parsed);
        KeyedModel model = store.get(key);
        boolean fresh = model == null;
        if (fresh) {
            model = newModel(key);
        }
        model.bind(parsed, record.timestamp(), example); // the last check: throws before anything changes
        if (fresh) {
            emitModel(record, store.create(model));
        }
        long version = model.version();
        boolean drifted = false; // only a labelled record is judged by the detector: never re-report a stale state
        long start = System.nanoTime();
        if (example.labelled) {
            long refused = model.refused();
            store.learn(model, example);
            drifted = model.driftReportable();
            long took = System.nanoTime() - start;
            events.handled(key, model.predictNanos(), true, took - model.predictNanos(), model.refused() != refused);
        } else {
            model.predict(example.features);
            events.handled(key, System.nanoTime() - start, false, 0, false);
        }
        byte[] prediction = predictions.write(parsed.id, model, example, version, source.partition(),
                source.offset(), context.currentSystemTimeMs() - example.timestamp);
        context.forward(new Record<>(record.key(), prediction, record.timestamp()), PREDICTIONS);
        if (drifted) {
            emitDrift(record, source, model);
        }
        pending.mark(model, example.labelled ? PendingPublications.VIEW | PendingPublications.METRICS
                | PendingPublications.MODELS : PendingPublications.VIEW | PendingPublications.METRICS);
    }

    /** A drift event for the example just learnt; a drift (not a warning) is also counted in {@code events}. */
    private void emitDrift(Record<byte[], byte[]> record, RecordMetadata source, KeyedModel model) {
        byte[] event = drifts.write(model, source.partition(), source.offset(), example.timestamp);
        context.forward(new Record<>(record.key(), event, record.timestamp()), DRIFT);
        if (model.drift().state() == DriftState.DRIFT) {
            events.drift(model.key(), model.detectorName());
        }
    }

    private String modelKey(Record<byte[], byte[]> record) {
        if (record.key() == null || record.key().length == 0) {
            throw new BadRecordException(Reason.MISSING_FIELD, "key", "the record key (the model key) is missing");
        }
        if (record.value() == null) {
            throw new BadRecordException(Reason.MISSING_FIELD, "value", "the record value is null");
        }
        if (record.value().length > config.maxRecordBytes()) {
            throw new BadRecordException(Reason.OVERSIZED, "value", "the value has " + record.value().length
                    + " bytes, more than erstream.max.record.bytes = " + config.maxRecordBytes());
        }
        return new String(record.key(), StandardCharsets.UTF_8);
    }

    /** A model for a key's first record, with a snapshot interval sized for its dimension. */
    private KeyedModel newModel(String key) {
        FeatureLayout layout = FeatureLayout.of(parsed);
        List<String> classes = config.labels();
        int probeInterval = ModelStore.BLOCK_ENTRIES;
        int snapshotBytes = KeyedModelCodec.encode(KeyedModel.create(key, spec, classes, layout, probeInterval,
                config.newDrift(warmStart), warmStart)).length;
        return KeyedModel.create(key, spec, classes, layout, store.snapshotInterval(snapshotBytes,
                layout.dimension()), config.newDrift(warmStart), warmStart);
    }

    private void emitModel(Record<byte[], byte[]> record, byte[] snapshot) {
        context.forward(new Record<>(record.key(), snapshot, record.timestamp()), MODELS);
    }

    /**
     * Publishes the changed models; the first time after init also every stored model, so that a restart or a task
     * moving here does not hide a quiet key's model from interactive queries until its next record.
     */
    private void publishViews() {
        if (announceStored) {
            for (String key : store.storedKeys()) {
                publishView(store.get(key));
            }
            announceStored = false;
        }
        pending.drain(PendingPublications.VIEW, this::publishView);
    }

    private void publishView(KeyedModel model) {
        views.publish(model);
        published.add(model.key());
    }

    private void emitMetrics(long now) {
        pending.drain(PendingPublications.METRICS, model -> {
            byte[] keyBytes = model.key().getBytes(StandardCharsets.UTF_8);
            context.forward(new Record<>(keyBytes, metrics.write(model, now), now), METRICS);
            model.reportQuality(events);
        });
    }

    /**
     * Publishes the current snapshot of every model that learnt since the last time: downstream consumers and warm
     * starts need the latest model, not every store snapshot (which would add a model-sized record to the
     * broker's load every few dozen examples per key).
     */
    private void emitModels(long now) {
        pending.drain(PendingPublications.MODELS, model -> context.forward(new Record<>(
                model.key().getBytes(StandardCharsets.UTF_8), KeyedModelCodec.encode(model), now), MODELS));
    }

    @Override
    public void close() {
        published.forEach(views::remove);
        forgetLiveState();
    }

    /** Live models are a cache of the store: never carry them across init/close (EOS dirty close + revive). */
    private void forgetLiveState() {
        if (store != null) {
            store.clear();
        }
        pending.clear();
        published.clear();
    }
}
