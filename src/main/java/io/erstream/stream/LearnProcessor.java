package io.erstream.stream;

import io.erstream.drift.DriftState;
import io.erstream.learn.LearnerSpec;
import io.erstream.learn.WarmStart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to one example, in two steps.
 * <ol>
 *   <li>{@link #handle}: check the record's size and key, parse, validate, load the key's model, predict, learn
 *       from it if labelled (drift detector included), and encode every output. The model changes in memory only;
 *       the store's writes are held.</li>
 *   <li>{@link #emit}: write the held store entries (a journal entry, now and then a snapshot), forward the
 *       prediction and a drift event if the detector fired.</li>
 * </ol>
 * Any failure in step 1 — a bad record ({@link BadRecordException}) or anything else that throws — is undone
 * (the held writes are dropped and the key's live model is reloaded from the store, so the model is exactly as
 * before the record) and the record becomes one dead letter; under {@code erstream.errors.record=fail} an
 * internal failure stops the stream instead. Step 2 only writes what step 1 made; a failure there is Kafka's to
 * handle (under exactly_once_v2 the transaction aborts and the task restores). So every input record yields one
 * prediction or one dead letter, and the prediction is always made before learning from the same record
 * (prequential). Punctuators publish the changed models' views, metrics and snapshots periodically.
 */
final class LearnProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    static final String PREDICTIONS = "predictions-sink";
    static final String DEAD_LETTERS = "dead-letters-sink";
    static final String METRICS = "metrics-sink";
    static final String MODELS = "models-sink";
    static final String DRIFT = "drift-sink";
    static final String MODEL_EVENTS = "model-events-sink";
    /** Most expired models one sweep deletes: a sweep runs on the stream thread and must stay short. */
    static final int SWEEP_LIMIT = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(LearnProcessor.class);

    private final StreamConfig config;
    private final LearnerSpec spec;
    private final WarmStart warmStart; // null: new keys start linear, from zero
    private final ModelViews views;
    private final LearningEvents events;
    private final LearningFault fault;
    private final ExampleParser parser;
    private final ParsedExample parsed = new ParsedExample();
    private final Example example = new Example();
    private final PredictionWriter predictions = new PredictionWriter();
    private final DeadLetterWriter deadLetters;
    private final MetricsWriter metrics = new MetricsWriter();
    private final DriftWriter drifts = new DriftWriter();
    private final ModelEventWriter modelEvents = new ModelEventWriter();
    private final PendingPublications pending = new PendingPublications();
    private final Set<String> published = new HashSet<>();
    private final Handled handled = new Handled();
    private final ModelCache cache;
    /** Models evicted while handling the current record that still owe publications (their pending flags). */
    private final List<KeyedModel> departed = new ArrayList<>();

    private ProcessorContext<byte[], byte[]> context;
    private ModelStore store;

    /** What step 1 made of a record, for step 2 to emit: owned by this processor, reset per record. */
    private static final class Handled {
        KeyedModel model;
        byte[] prediction;
        boolean fresh; // the record's key had no model: it owes its first snapshot to erstream.models
        byte[] drift;
        KeyedModel expired; // the key's model expired and is replaced by this record
        boolean labelled;
        boolean touched; // the model or the held writes may have changed: a failure must be undone
        long predictNanos;
        long updateNanos;
        boolean refused;

        void reset() {
            model = null;
            prediction = null;
            fresh = false;
            drift = null;
            expired = null;
            touched = false;
        }
    }

    LearnProcessor(StreamConfig config, ModelViews views, LearningEvents events) {
        this(config, views, events, null);
    }

    /** @param warmStart the loaded {@code erstream.model.warm-start} (shared by every task), or null */
    LearnProcessor(StreamConfig config, ModelViews views, LearningEvents events, WarmStart warmStart) {
        this(config, views, events, warmStart, LearningFault.NONE);
    }

    LearnProcessor(StreamConfig config, ModelViews views, LearningEvents events, WarmStart warmStart,
                   LearningFault fault) {
        this(config, views, events, warmStart, fault, ModelCache.unbounded());
    }

    LearnProcessor(StreamConfig config, ModelViews views, LearningEvents events, WarmStart warmStart,
                   LearningFault fault, ModelCache cache) {
        this.cache = cache;
        this.warmStart = warmStart;
        this.config = config;
        this.events = events;
        this.fault = fault;
        this.spec = config.learnerSpec();
        this.views = views;
        this.parser = new ExampleParser(config.maxFeatures());
        this.deadLetters = new DeadLetterWriter(config.maxKeyBytes(), config.deadLetterValueBytes());
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = new ModelStore(context.getStateStore(ModelStore.NAME), config.snapshotInterval(), warmStart,
                fault, cache, config.modelTtl());
        store.onEvict(this::evicted);
        forgetLiveState();
        checkWarmStart();
        store.storedModels(); // counts this task's models for the metrics (one read; nothing is loaded)
        context.schedule(ModelViews.REFRESH, PunctuationType.WALL_CLOCK_TIME, now -> publishViews());
        context.schedule(config.metricsInterval(), PunctuationType.WALL_CLOCK_TIME, this::emitMetrics);
        if (publishesModels()) {
            context.schedule(config.modelsInterval(), PunctuationType.WALL_CLOCK_TIME, this::emitModels);
        }
        if (!config.modelTtl().isZero()) {
            Duration every = config.modelTtl().dividedBy(ModelStore.EXPIRY_BUCKETS);
            context.schedule(every.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : every,
                    PunctuationType.STREAM_TIME, this::sweep);
        }
    }

    /**
     * The stored models must have been made the way new ones are: a model decoded against another warm start
     * would fail every record of its key. Refuse to start the task, naming the setting — or, with
     * {@code erstream.model.warm-start.rebuild=true}, delete the stored models so that every key starts again.
     */
    private void checkWarmStart() {
        String conflict = store.warmStartConflict();
        if (conflict == null) {
            return;
        }
        if (!config.warmStartRebuild()) {
            throw new StartupException(StreamConfig.MODEL_WARM_START + ": " + conflict + " (task "
                    + context.taskId() + "); set " + StreamConfig.MODEL_WARM_START_REBUILD
                    + "=true to delete them and start every key again");
        }
        int deleted = store.deleteAll();
        LOG.warn("{}: {}; deleted {} stored models of task {} ({}=true)", StreamConfig.MODEL_WARM_START, conflict,
                deleted, context.taskId(), StreamConfig.MODEL_WARM_START_REBUILD);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        answer(record);
        if (!departed.isEmpty()) {
            publishDeparted(record.timestamp());
        }
    }

    /** One prediction or one dead letter for {@code record}. */
    private void answer(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        handled.reset();
        String key = null;
        try {
            key = modelKey(record);
            handle(record, source, key);
        } catch (BadRecordException problem) {
            undo(key);
            deadLetter(record, deadLetters.write(problem, source.topic(), source.partition(), source.offset(),
                    record.key(), record.value(), record.timestamp()), problem.reason());
            return;
        } catch (RuntimeException | StackOverflowError failure) {
            undo(key);
            String where = source.topic() + "-" + source.partition() + "@" + source.offset();
            if (config.recordErrors() == StreamConfig.RecordErrors.FAIL) {
                throw new RecordFailedException("record " + where + " failed (" + StreamConfig.ERRORS_RECORD
                        + "=fail): " + failure, failure);
            }
            LOG.warn("record {} failed and is dead-lettered; its model is unchanged", where, failure);
            deadLetter(record, deadLetters.write(failure, source.topic(), source.partition(), source.offset(),
                    record.key(), record.value(), record.timestamp()), Reason.INTERNAL);
            return;
        }
        emit(record, source);
    }

    /** Step 1: everything that can fail for this record; changes the model in memory only. */
    private void handle(Record<byte[], byte[]> record, RecordMetadata source, String key) {
        parser.parse(record.value(), parsed);
        KeyedModel model = store.get(key);
        if (model != null && store.expired(model, context.currentStreamTimeMs())) {
            handled.touched = true; // the deletion is held like any write: a failure below undoes it
            store.expire(key);
            handled.expired = model;
            model = null;
        }
        boolean fresh = model == null;
        if (fresh) {
            model = newModel(key);
        }
        model.bind(parsed, record.timestamp(), example); // the last check of the record itself
        handled.touched = true;
        if (fresh) {
            model.startedAt(example.timestamp);
            store.create(model);
            handled.fresh = true;
        }
        handled.model = model;
        handled.labelled = example.labelled;
        long version = model.version();
        long start = System.nanoTime();
        if (example.labelled) {
            long refused = model.refused();
            store.learn(model, example);
            handled.predictNanos = model.predictNanos();
            handled.updateNanos = System.nanoTime() - start - model.predictNanos();
            handled.refused = model.refused() != refused;
            if (model.driftReportable()) {
                handled.drift = drifts.write(model, source.partition(), source.offset(), example.timestamp);
            }
        } else {
            model.predict(example.features);
            handled.predictNanos = System.nanoTime() - start;
        }
        handled.prediction = predictions.write(parsed.id, model, example, version, source.partition(),
                source.offset(), context.currentSystemTimeMs() - example.timestamp);
    }

    /** Step 2: writes and forwards what {@link #handle} made. */
    private void emit(Record<byte[], byte[]> record, RecordMetadata source) {
        KeyedModel model = handled.model;
        store.flush();
        if (handled.expired != null) {
            pending.remove(handled.expired); // its owed publications would resurrect it after the tombstone
            announceExpired(handled.expired.key(), record.key(), record.timestamp());
        }
        context.forward(new Record<>(record.key(), handled.prediction, record.timestamp()), PREDICTIONS);
        if (handled.drift != null) {
            context.forward(new Record<>(record.key(), handled.drift, record.timestamp()), DRIFT);
            if (model.drift().state() == DriftState.DRIFT) {
                events.drift(model.key(), model.detectorName());
            }
        }
        events.handled(model.key(), handled.predictNanos, handled.labelled, handled.updateNanos, handled.refused);
        pending.mark(model, PendingPublications.METRICS
                | (publishesModels() && (handled.labelled || handled.fresh) ? PendingPublications.MODELS : 0)
                | (views.accepts(model.key()) ? PendingPublications.VIEW : 0));
    }

    /**
     * Undoes a failed record: its held writes are dropped and its key's live model, which it may have changed
     * half-way, is replaced by the model the store holds — the model before the record.
     */
    private void undo(String key) {
        if (!handled.touched) {
            return; // failed before anything changed: the live model is still the stored one
        }
        KeyedModel dropped = store.rollback(key);
        if (dropped != null && dropped.pendingPublications != 0) {
            KeyedModel reloaded = null;
            try {
                reloaded = store.get(key);
            } catch (RuntimeException unreadable) {
                // it loaded before this record; if it cannot now, its next record reports that
            }
            pending.replace(dropped, reloaded);
        }
    }

    private void deadLetter(Record<byte[], byte[]> record, byte[] letter, Reason reason) {
        context.forward(new Record<>(deadLetters.recordKey(record.key()), letter, record.timestamp()), DEAD_LETTERS);
        events.deadLetter(reason.code());
    }

    /** The record's model key; throws naming the problem for a record that cannot have one or is too large. */
    private String modelKey(Record<byte[], byte[]> record) {
        if (record.key() == null || record.key().length == 0) {
            throw new BadRecordException(Reason.MISSING_FIELD, "key", "the record key (the model key) is missing");
        }
        if (record.key().length > config.maxKeyBytes()) {
            throw new BadRecordException(Reason.OVERSIZED, "key", "the record key has " + record.key().length
                    + " bytes, more than " + StreamConfig.MAX_KEY_BYTES + " = " + config.maxKeyBytes());
        }
        if (record.value() == null) {
            throw new BadRecordException(Reason.MISSING_FIELD, "value", "the record value is null");
        }
        if (record.value().length > config.maxRecordBytes()) {
            throw new BadRecordException(Reason.OVERSIZED, "value", "the value has " + record.value().length
                    + " bytes, more than " + StreamConfig.MAX_RECORD_BYTES + " = " + config.maxRecordBytes());
        }
        return ModelKey.of(record.key());
    }

    /**
     * A model for a key's first record, with a snapshot interval sized for its dimension. A model whose snapshot
     * could not be stored (more than {@link StreamConfig#MAX_SNAPSHOT_BYTES}, e.g. from many long feature names) is
     * refused here, before it exists.
     */
    private KeyedModel newModel(String key) {
        FeatureLayout layout = FeatureLayout.of(parsed, config.featureEncoding(), warmStart != null);
        KeyedModel model = KeyedModel.create(key, spec, config.labels(), layout, ModelStore.INTERVAL_ROUNDING,
                config.newDrift(warmStart), warmStart);
        int snapshotBytes = KeyedModelCodec.fullSize(model, KeyedModelCodec.encodeNew(model).length);
        long largest = StartupChecks.largestSnapshot(config, model, snapshotBytes)
                + (layout.encoder() == null ? 0 : layout.encoder().largestGrowth());
        if (largest > StreamConfig.MAX_SNAPSHOT_BYTES) {
            throw new BadRecordException(Reason.OVERSIZED, "features", "a model of these " + layout.dimension()
                    + " features can reach " + largest + " bytes, more than the model size limit of "
                    + StreamConfig.MAX_SNAPSHOT_BYTES);
        }
        model.snapshotEvery(store.snapshotInterval(snapshotBytes, layout.dimension()));
        return model;
    }

    /**
     * Deletes the models that have surely expired by stream time {@code now} (a stream-time punctuation, so the
     * same input deletes the same models on replay). A record of an expired key that comes before a sweep finds it
     * expired by the same rule ({@link ModelStore#expired}), so whichever comes first, the key starts again alike.
     */
    private void sweep(long now) {
        for (String key : store.expiredKeys(now, SWEEP_LIMIT)) {
            KeyedModel dropped = store.delete(key);
            if (dropped != null) {
                pending.remove(dropped);
            }
            announceExpired(key, ModelKey.bytes(key), now);
        }
    }

    /** A tombstone in {@code erstream.models}, an event in {@code erstream.model-events}, and no view. */
    private void announceExpired(String key, byte[] keyBytes, long timestamp) {
        if (published.remove(key)) {
            views.remove(key);
        }
        context.forward(new Record<>(keyBytes, null, timestamp), MODELS);
        context.forward(new Record<>(keyBytes, modelEvents.expired(key, context.currentStreamTimeMs(),
                config.modelTtl().toMillis()), timestamp), MODEL_EVENTS);
        events.modelExpired(key);
    }

    /**
     * A model left the cache: it keeps no view (a query reads it from the store), and what it still owes is
     * published after the current record — not kept waiting for the next period, which would keep it in memory.
     */
    private void evicted(KeyedModel model) {
        if (published.remove(model.key())) {
            views.remove(model.key());
        }
        int owes = pending.remove(model);
        if ((owes & (PendingPublications.METRICS | PendingPublications.MODELS)) != 0) {
            model.pendingPublications = owes; // out of the pending set: the flags now say what it owes on departure
            departed.add(model);
        }
    }

    private void publishDeparted(long timestamp) {
        for (KeyedModel model : departed) {
            if ((model.pendingPublications & PendingPublications.METRICS) != 0) {
                publishMetrics(model, timestamp);
            }
            if ((model.pendingPublications & PendingPublications.MODELS) != 0) {
                publishModel(model, timestamp);
            }
            model.pendingPublications = 0;
        }
        departed.clear();
    }

    /**
     * Publishes the views of the models that changed. Nothing is published at task start: a model that is not
     * live is answered from the store ({@link StoredModels}), so a restart loads no model before it is needed.
     */
    private void publishViews() {
        pending.drain(PendingPublications.VIEW, this::publishView);
    }

    private void publishView(KeyedModel model) {
        if (views.publish(model)) {
            published.add(model.key());
        }
    }

    private void emitMetrics(long now) {
        pending.drain(PendingPublications.METRICS, model -> publishMetrics(model, now));
    }

    private void publishMetrics(KeyedModel model, long now) {
        context.forward(new Record<>(ModelKey.bytes(model.key()), metrics.write(model, now), now), METRICS);
        model.reportQuality(events);
    }

    /**
     * Publishes the current snapshot of every model that learnt since the last time: downstream consumers and warm
     * starts need the latest model, not every store snapshot (which would add a model-sized record to the
     * broker's load every few dozen examples per key).
     */
    private void emitModels(long now) {
        pending.drain(PendingPublications.MODELS, model -> publishModel(model, now));
    }

    /** Whether snapshots go to {@code erstream.models} at all ({@code erstream.models.interval.ms} above 0). */
    private boolean publishesModels() {
        return !config.modelsInterval().isZero();
    }

    private void publishModel(KeyedModel model, long now) {
        context.forward(new Record<>(ModelKey.bytes(model.key()), KeyedModelCodec.encode(model), now), MODELS);
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
