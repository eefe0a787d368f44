package io.erstream.stream;

import io.erstream.drift.DriftState;
import io.erstream.learn.Task;
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
 *
 * <p>Records of {@code erstream.labels} are labels of examples sent without one ({@link #handleLabel}): an
 * unlabelled example is kept in {@link PendingLabels} with the prediction made for it, and its label, when it
 * comes, makes the model learn from it in the very step an inline label would have made — so a label is one more
 * record that yields one prediction (the event-time one, with the label), waits silently for its example, or
 * becomes one dead letter.
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
    /** Sweeps of the waiting examples and labels per retention: an entry is swept at most 1/60 late. */
    static final int LABEL_SWEEPS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(LearnProcessor.class);

    private final StreamConfig config;
    private final WarmStart warmStart; // null: new keys start linear, from zero
    private final NewModels newModels;
    private final ModelViews views;
    private final LearningEvents events;
    private final LearningFault fault;
    private final ExampleParser parser;
    private final ParsedExample parsed = new ParsedExample();
    private final ParsedExample label = new ParsedExample();
    private final LabelSet newModelLabels; // the classes of new classifiers (a label's check before its model), or null
    private final Example example = new Example();
    private final LearningStep step = new LearningStep();
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
    private PendingLabels pendingLabels;

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
        long version; // the model's version when it predicted
        PendingLabels.Entry lapsed; // a waiting entry of the record's id found expired: reported in step 2
        String lapsedKey;
        boolean delayed; // a label that taught its waiting example

        void reset() {
            model = null;
            prediction = null;
            fresh = false;
            drift = null;
            expired = null;
            touched = false;
            lapsed = null;
            delayed = false;
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
        this.newModels = new NewModels(config, warmStart);
        this.config = config;
        this.events = events;
        this.fault = fault;
        this.views = views;
        this.parser = new ExampleParser(config.maxFeatures());
        this.deadLetters = new DeadLetterWriter(config.maxKeyBytes(), config.deadLetterValueBytes());
        this.newModelLabels = config.learnerSpec().task() == Task.CLASSIFICATION ? LabelSet.of(config.labels()) : null;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = new ModelStore(context.getStateStore(ModelStore.NAME), config.snapshotInterval(), warmStart,
                fault, cache, config.modelTtl());
        store.onEvict(this::evicted);
        pendingLabels = new PendingLabels(context.getStateStore(PendingLabels.NAME),
                config.labelsRetention().toMillis());
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
        Duration every = config.labelsRetention().dividedBy(LABEL_SWEEPS);
        context.schedule(every.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : every,
                PunctuationType.STREAM_TIME, this::sweepLabels);
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
            key = modelKey(record, config);
            if (ErstreamTopology.isLabel(source, config)) {
                handleLabel(record, source, key);
            } else {
                handle(record, source, key);
            }
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

    /**
     * Step 1 of an example: everything that can fail for this record; changes the model in memory only. An
     * unlabelled example whose label came first learns with it at once; another is kept for its label.
     */
    private void handle(Record<byte[], byte[]> record, RecordMetadata source, String key) {
        parser.parse(record.value(), parsed);
        boolean keep = false;
        if (!parsed.labelled() && pendingLabels.retention() > 0) {
            PendingLabels.Entry waiting = waiting(key, parsed.id);
            if (waiting != null && waiting.kind == PendingLabels.Kind.LABEL) {
                parser.parseLabel(waiting.record, label); // it was checked when it came
                parsed.takeLabel(label);
                pendingLabels.holdMatched(key, parsed.id, waiting);
            } else {
                keep = true;
            }
        }
        KeyedModel model = learnOrPredict(key, record.timestamp(), source, null);
        handled.prediction = predictions.write(parsed.id, model, example, handled.version, source.partition(),
                source.offset(), context.currentSystemTimeMs() - example.timestamp);
        if (keep) {
            pendingLabels.holdExample(key, parsed.id, record.timestamp(), example.timestamp, handled.version,
                    model.classifier() ? model.probabilities().clone() : new double[] {model.value()},
                    record.value());
        }
    }

    /**
     * Step 1 of a label: checks it against the model's classes; if its example is waiting, the model learns from
     * that example exactly as it would have with the label inline, except that the metrics score the prediction
     * made at the example's event time; if not, the label waits for its example. A second label of an id is a
     * dead letter ({@code duplicate-label}).
     */
    private void handleLabel(Record<byte[], byte[]> record, RecordMetadata source, String key) {
        parser.parseLabel(record.value(), label);
        long labelTime = label.hasTimestamp ? label.timestamp : record.timestamp();
        KeyedModel existing = store.get(key);
        KeyedModel.bindLabel(existing != null ? existing.labels() : newModelLabels, label, example);
        PendingLabels.Entry waiting = waiting(key, label.id);
        if (waiting != null && waiting.kind != PendingLabels.Kind.EXAMPLE) {
            throw new BadRecordException(Reason.DUPLICATE_LABEL, "id", "model '" + key + "' has a label for id '"
                    + label.id + "' already");
        }
        if (waiting == null) {
            pendingLabels.holdLabel(key, label.id, record.timestamp(), labelTime, source.partition(),
                    source.offset(), record.value());
            return;
        }
        parser.parse(waiting.record, parsed); // the example as it came; it was checked then
        parsed.takeLabel(label);
        KeyedModel model = learnOrPredict(key, waiting.time, source, waiting.scored);
        handled.delayed = true;
        pendingLabels.holdMatched(key, label.id, waiting);
        handled.prediction = predictions.writeDelayed(label.id, model, example, waiting.scored, waiting.version,
                source.partition(), source.offset(), context.currentSystemTimeMs() - labelTime,
                labelTime - waiting.time);
    }

    /**
     * The waiting entry of {@code id}, or null; an entry that expired by stream time counts as none, and is
     * reported in step 2 (a label's dead letter, an example's count), as a sweep would have.
     */
    private PendingLabels.Entry waiting(String key, String id) {
        PendingLabels.Entry entry = pendingLabels.get(key, id);
        if (entry == null || !PendingLabels.expired(entry, context.currentStreamTimeMs())) {
            return entry;
        }
        pendingLabels.holdDelete(key, id);
        handled.lapsed = entry;
        handled.lapsedKey = key;
        return null;
    }

    /**
     * Loads or creates the key's model, binds {@code parsed} to it ({@code eventTime} when it has no timestamp)
     * and learns from it if labelled (the metrics scoring {@code scored} if not null), else predicts.
     */
    private KeyedModel learnOrPredict(String key, long eventTime, RecordMetadata source, double[] scored) {
        KeyedModel model = store.get(key);
        if (model != null && store.expired(model, context.currentStreamTimeMs())) {
            handled.touched = true; // the deletion is held like any write: a failure below undoes it
            store.expire(key);
            handled.expired = model;
            model = null;
        }
        boolean fresh = model == null;
        if (fresh) {
            model = newModels.create(key, newModels.layoutOf(parsed), ModelStore.INTERVAL_ROUNDING);
        }
        model.bind(parsed, eventTime, example); // the last check of the record itself
        example.scored = scored;
        handled.touched = true;
        if (fresh) {
            model.startedAt(example.timestamp);
            storeNew(model);
            handled.fresh = true;
        }
        handled.model = model;
        handled.labelled = example.labelled;
        handled.version = model.version();
        if (example.labelled) {
            store.learn(model, example, step);
            handled.predictNanos = step.predictNanos;
            handled.updateNanos = step.updateNanos;
            handled.refused = !step.accepted;
            if (step.driftReportable) {
                handled.drift = drifts.write(model, source.partition(), source.offset(), example.timestamp);
            }
        } else {
            long start = System.nanoTime();
            model.predict(example.features);
            handled.predictNanos = System.nanoTime() - start;
        }
        return model;
    }

    /** Step 2: writes and forwards what {@link #handle} made. */
    private void emit(Record<byte[], byte[]> record, RecordMetadata source) {
        KeyedModel model = handled.model;
        store.flush();
        pendingLabels.flush();
        if (handled.lapsed != null) {
            lapse(handled.lapsedKey, handled.lapsed, record.timestamp());
        }
        if (model == null) {
            return; // a label waiting for its example
        }
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
        if (handled.delayed) { // its example was counted and predicted when it came
            events.update(model.key(), handled.predictNanos + handled.updateNanos, handled.refused);
        } else {
            events.handled(model.key(), handled.predictNanos, handled.labelled, handled.updateNanos, handled.refused);
        }
        pending.mark(model, PendingPublications.METRICS
                | (publishesModels() && (handled.labelled || handled.fresh) ? PendingPublications.MODELS : 0)
                | (views.accepts(model.key()) ? PendingPublications.VIEW : 0));
    }

    /**
     * Undoes a failed record: its held writes are dropped and its key's live model, which it may have changed
     * half-way, is replaced by the model the store holds — the model before the record.
     */
    private void undo(String key) {
        pendingLabels.rollback();
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
    static String modelKey(Record<byte[], byte[]> record, StreamConfig config) {
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
     * Sizes a new model and stores it: the snapshot interval follows from the encoded size, and a model whose
     * snapshot could not be stored (more than {@link StreamConfig#MAX_SNAPSHOT_BYTES}, e.g. from many long feature
     * names) is refused before it is stored. Encoded and measured once: the interval is stamped into the bytes.
     */
    private void storeNew(KeyedModel model) {
        byte[] snapshot = KeyedModelCodec.encodeNew(model);
        int snapshotBytes = KeyedModelCodec.fullSize(model, snapshot.length);
        FeatureEncoder encoder = model.layout().encoder();
        long largest = StartupChecks.largestSnapshot(config, model, snapshotBytes)
                + (encoder == null ? 0 : encoder.largestGrowth());
        if (largest > StreamConfig.MAX_SNAPSHOT_BYTES) {
            throw new BadRecordException(Reason.OVERSIZED, "features", "a model of these " + model.dimension()
                    + " features can reach " + largest + " bytes, more than the model size limit of "
                    + StreamConfig.MAX_SNAPSHOT_BYTES);
        }
        model.snapshotEvery(store.snapshotInterval(snapshotBytes, model.dimension()));
        store.create(model, KeyedModelCodec.withSnapshotEvery(snapshot, model.snapshotEvery()), snapshotBytes);
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

    /**
     * Drops the examples and labels that waited past the retention by stream time {@code now} (a stream-time
     * punctuation: the same input drops the same entries on replay), at most {@link #SWEEP_LIMIT} per sweep.
     */
    private void sweepLabels(long now) {
        for (PendingLabels.Expired expired : pendingLabels.sweep(now, SWEEP_LIMIT)) {
            lapse(expired.key(), expired.entry(), now);
        }
    }

    /** An entry that waited in vain: a label becomes a dead letter ({@code unmatched-label}), an example a count. */
    private void lapse(String key, PendingLabels.Entry entry, long timestamp) {
        if (entry.kind == PendingLabels.Kind.EXAMPLE) {
            events.unlabelledExpired(key);
            return;
        }
        if (entry.kind != PendingLabels.Kind.LABEL) {
            return;
        }
        byte[] keyBytes = ModelKey.bytes(key);
        BadRecordException problem = new BadRecordException(Reason.UNMATCHED_LABEL, "id", "no example of model '"
                + key + "' with this id came within " + StreamConfig.LABELS_RETENTION_MS + " = "
                + config.labelsRetention().toMillis() + " ms of record time");
        byte[] letter = deadLetters.write(problem, config.labelsTopic(), entry.partition, entry.offset, keyBytes,
                entry.record, entry.recordTimestamp);
        context.forward(new Record<>(deadLetters.recordKey(keyBytes), letter, timestamp), DEAD_LETTERS);
        events.deadLetter(Reason.UNMATCHED_LABEL.code());
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
