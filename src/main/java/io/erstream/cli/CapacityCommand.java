package io.erstream.cli;

import io.erstream.eval.Example;
import io.erstream.eval.HyperplaneGenerator;
import io.erstream.stream.EmbeddedBroker;
import io.erstream.stream.ErstreamTopology;
import io.erstream.stream.ExampleProducer;
import io.erstream.stream.FloorTopology;
import io.erstream.stream.LearningEvents;
import io.erstream.stream.ModelCache;
import io.erstream.stream.ModelViews;
import io.erstream.stream.StreamConfig;
import io.erstream.stream.TopicCatalog;
import io.erstream.stream.TopicReconciler;
import io.erstream.stream.TopicSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code erstream capacity}: the application with many more models than fit in its heap. One seeded stream of
 * labelled examples goes twice into an in-process broker: once under N keys drawn with a given popularity (Zipf or
 * uniform), once under a handful of keys (the baseline, every model live). The real topology (RocksDB store, the
 * model cache) then runs over each, alternating, and the ratio of throughputs says what many models cost; the
 * cache's counters, the heap after a full GC and the state directory's size per stored model say where it goes.
 * With {@code --restart}, a child {@code run} JVM processes the N-key input, is SIGKILLed, and restarts: the time
 * until {@code /models/{key}} answers for a key last written early in the stream (long evicted) is reported.
 * With {@code --topology floor}, {@link FloorTopology} runs instead of erstream's: the same inputs, store and
 * settings with no model, whose ratio bounds what any exact per-key state in a logged store can reach;
 * {@code floor-writes} is the same without the reads.
 */
@Command(name = "capacity", mixinStandardHelpOptions = true,
        description = {"Measure erstream with many models per instance (in-process broker, real topology):",
            "throughput over N keys against a few keys, cache hit rate, loads, evictions, heap after a full GC,",
            "bytes per stored model; with --restart, SIGKILL-to-answer time of a child run for a long-evicted model.",
            "With --topology floor, the same over erstream's store with one get and one put per example, no model",
            "(floor-writes: the put alone).",
            "The last line is one JSON object with every number."})
final class CapacityCommand implements Callable<Integer> {

    private static final String KEYS = "keys";
    private static final String BASELINE = "baseline";
    private static final String PREFIX = "capacity";
    private static final String ERSTREAM = "erstream";
    private static final String FLOOR = "floor";
    private static final String FLOOR_WRITES = "floor-writes";

    @Option(names = "--keys", defaultValue = "1000000", description = "distinct model keys N (default ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--baseline-keys", defaultValue = "10",
            description = "keys of the baseline run (default ${DEFAULT-VALUE})")
    int baselineKeys;

    @Option(names = "--examples", defaultValue = "3000000",
            description = "examples per run, N-key and baseline alike (default ${DEFAULT-VALUE})")
    long examples;

    @Option(names = "--popularity", defaultValue = "zipf:1.1",
            description = "zipf:S (key of rank r drawn with probability ∝ 1/r^S) | uniform (default ${DEFAULT-VALUE})")
    String popularity;

    @Option(names = "--features", defaultValue = "10", description = "d (default ${DEFAULT-VALUE})")
    int features;

    @Option(names = "--seed", defaultValue = "20261129", description = "(default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--repeats", defaultValue = "1",
            description = "measured runs of each input, alternating; medians are reported (default ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--warmup", defaultValue = "200000",
            description = "outputs per discarded warm-up run of each input, 0 for none (default ${DEFAULT-VALUE})")
    long warmup;

    @Option(names = "--warmup-rounds", defaultValue = "1",
            description = "discarded rounds (one run of each input) before the repeats, alternating like them:"
                    + " the broker, clients and application share this JVM, and the JIT compiles their code for"
                    + " minutes (default ${DEFAULT-VALUE})")
    int warmupRounds;

    @Option(names = "--cache-bytes", description = "erstream.models.cache.bytes (default: the application's)")
    Long cacheBytes;

    @Option(names = "--topology", defaultValue = ERSTREAM,
            description = "erstream | floor: erstream's inputs, model store and settings, one get and one put per"
                    + " example, no model | floor-writes: the same without the get (default ${DEFAULT-VALUE})")
    String topology;

    @Option(names = "--threads", defaultValue = "2", description = "stream threads (default ${DEFAULT-VALUE})")
    int threads;

    @Mixin
    AppSettings settings = new AppSettings();

    @Option(names = "--guarantee", defaultValue = "exactly_once_v2",
            description = "exactly_once_v2 | at_least_once (default ${DEFAULT-VALUE})")
    String guarantee;

    @Option(names = "--restart", description = "also measure a child run's SIGKILL-to-answer time")
    boolean restart;

    @Option(names = "--child-heap", defaultValue = "1g", description = "-Xmx of the child run (default ${DEFAULT-VALUE})")
    String childHeap;

    @Option(names = "--restart-timeout", defaultValue = "600",
            description = "seconds to wait for the restarted child's answer (default ${DEFAULT-VALUE})")
    int restartTimeout;

    private EmbeddedBroker broker;
    private Path stateRoot;

    /** What one run left behind, read at its end (heap and cache) and after its close (disk). */
    record Footprint(long heapAfterGcBytes, long hits, long misses, long loads, long evictions, long loadNanos,
                     long liveModels, long cacheUsedBytes, long stateDirBytes, Map<String, Long> topicBytes) {
        double hitRate() {
            return hits + misses == 0 ? Double.NaN : (double) hits / (hits + misses);
        }

        double meanLoadMicros() {
            return loads == 0 ? Double.NaN : loadNanos / 1e3 / loads;
        }
    }

    /** What was produced under N keys: how many distinct keys, and the key whose last example came first. */
    record Produced(long distinctKeys, String earliestLastKey, long earliestLastIndex, double seconds) {
    }

    @Override
    public Integer call() throws Exception {
        if (keys < 1 || baselineKeys < 1 || features < 1 || repeats < 1 || examples < 1 || warmupRounds < 1) {
            throw new IllegalArgumentException(
                    "need --keys, --baseline-keys, --features, --repeats, --examples, --warmup-rounds >= 1");
        }
        if (!List.of(ERSTREAM, FLOOR, FLOOR_WRITES).contains(topology)) {
            throw new IllegalArgumentException("--topology is erstream, floor or floor-writes, got " + topology);
        }
        KeyDraw draw = KeyDraw.parse(popularity, keys);
        stateRoot = Files.createTempDirectory("erstream-capacity-state");
        try (EmbeddedBroker started = new EmbeddedBroker().start()) {
            broker = started;
            int partitions = TopicCatalog.bundled().topic(TopicCatalog.EXAMPLES).partitions();
            List<Slot> slots = schedule(warmup > 0 ? warmupRounds : 0, repeats);
            createTopics(slots);
            CompletableFuture<Produced> many = CompletableFuture.supplyAsync(() -> produce(
                    PREFIX + ".keys.examples", i -> "model-" + i, draw, keys));
            List<String> few = BenchKeys.balanced(baselineKeys, partitions);
            CompletableFuture<Produced> base = CompletableFuture.supplyAsync(() -> produce(
                    PREFIX + ".baseline.examples", few::get, KeyDraw.uniform(baselineKeys), baselineKeys));
            Produced produced = many.get();
            Produced baseProduced = base.get();
            log("produced %,d examples (d=%d) under %,d of %,d keys (%s) in %.1f s, and under %d keys in %.1f s",
                    examples, features, produced.distinctKeys(), keys, popularity, produced.seconds(), baselineKeys,
                    baseProduced.seconds());
            List<ThroughputRun.Result> runs = new ArrayList<>();
            Map<ThroughputRun.Result, Footprint> footprints = new LinkedHashMap<>();
            for (Slot slot : slots) {
                if (slot.warmUp()) {
                    run(slot, Math.min(warmup, examples));
                } else {
                    var measured = run(slot, examples);
                    runs.add(measured.result());
                    footprints.put(measured.result(), measured.footprint());
                }
            }
            Restart restarted = restart ? restart(produced) : null;
            System.out.println(report(runs, footprints, produced, restarted));
        } finally {
            deleteRecursively(stateRoot);
        }
        return 0;
    }

    /** The inputs, the labels topic, and the output topics of every run in {@code slots} and of the restart. */
    private void createTopics(List<Slot> slots) {
        TopicCatalog bundled = TopicCatalog.bundled();
        List<TopicSpec> topics = new ArrayList<>();
        topics.add(bundled.topic(TopicCatalog.EXAMPLES).withName(PREFIX + ".keys.examples"));
        topics.add(bundled.topic(TopicCatalog.EXAMPLES).withName(PREFIX + ".baseline.examples"));
        topics.add(bundled.topic(TopicCatalog.LABELS)); // read unless erstream.topic.labels is set empty
        List<String> apps = new ArrayList<>(List.of("restart"));
        slots.forEach(slot -> apps.add(slot.kind() + "-" + slot.label()));
        for (String app : apps) {
            for (String topic : BenchCommand.OUTPUTS) {
                topics.add(bundled.topic(topic).withName(PREFIX + "." + app + "." + topic));
            }
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            var result = new TopicReconciler(admin, TopicCatalog.of(topics), Duration.ofSeconds(60)).apply();
            if (!result.remaining().isEmpty()) {
                throw new IllegalStateException("cannot create the capacity topics: " + result.remaining());
            }
        }
    }

    /**
     * The seeded example stream (the same for both inputs: a hyperplane drifting slowly), each example under the
     * key {@code draw} picks (its own seeded random numbers), as {@code produce} would send it.
     */
    private Produced produce(String topic, java.util.function.IntFunction<String> keyName, KeyDraw draw, int n) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        AtomicReference<Exception> failure = new AtomicReference<>();
        int[] last = new int[n];
        Arrays.fill(last, -1);
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            HyperplaneGenerator generator = new HyperplaneGenerator(examples, seed, features, features, 0.001, 0.05,
                    0.1);
            SplittableRandom random = new SplittableRandom(seed + 1);
            Example example = new Example(features);
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
            String[] classNames = generator.classNames();
            for (int i = 0; generator.next(example); i++) {
                int k = draw.next(random);
                last[k] = i;
                String key = keyName.apply(k);
                producer.send(new ProducerRecord<>(topic, key, ExampleProducer.json(example, key, classNames, buffer)),
                        (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                if (failure.get() != null) {
                    break;
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing to " + topic + " failed: " + failure.get().getMessage(),
                    failure.get());
        }
        long distinct = 0;
        int earliest = -1;
        for (int k = 0; k < n; k++) {
            if (last[k] >= 0) {
                distinct++;
                if (earliest < 0 || last[k] < last[earliest]) {
                    earliest = k;
                }
            }
        }
        return new Produced(distinct, keyName.apply(earliest), last[earliest],
                ThroughputRun.seconds(System.nanoTime() - start));
    }

    private record Measured(ThroughputRun.Result result, Footprint footprint) {
    }

    /** One run of the schedule: which input, whether it is a discarded warm-up, and its round (from 1 in each). */
    record Slot(String kind, boolean warmUp, int round) {
        /** What names its application and topics: {@code w1}.. for warm-ups, {@code 1}.. measured. */
        String label() {
            return (warmUp ? "w" : "") + round;
        }

        /** How the run is named in the log: "warm-up 2", "#3". */
        String display() {
            return warmUp ? "warm-up " + round : "#" + round;
        }
    }

    /**
     * The runs in order: {@code warmupRounds} discarded rounds, then {@code repeats} measured ones, two runs each
     * (N keys and the baseline). The order within a round alternates from one round to the next, warm-ups included,
     * the measured rounds starting with N keys (K B, B K, K B...): the broker, the clients and the application share
     * this JVM and the JIT compiles their code for minutes, so later runs tend to be faster, and alternating keeps
     * that drift from always favouring the same input. Warm-up rounds end on B K so that the
     * pattern runs on into the measured rounds.
     */
    static List<Slot> schedule(int warmupRounds, int repeats) {
        List<Slot> slots = new ArrayList<>();
        for (int w = 1; w <= warmupRounds; w++) {
            boolean keysFirst = (warmupRounds - w) % 2 == 1;
            addRound(slots, true, w, keysFirst);
        }
        for (int i = 1; i <= repeats; i++) {
            addRound(slots, false, i, i % 2 == 1);
        }
        return slots;
    }

    private static void addRound(List<Slot> slots, boolean warmUp, int round, boolean keysFirst) {
        slots.add(new Slot(keysFirst ? KEYS : BASELINE, warmUp, round));
        slots.add(new Slot(keysFirst ? BASELINE : KEYS, warmUp, round));
    }

    /** One timed run of the topology ({@code --topology}) over one input, labelled as its {@link Slot}. */
    private Measured run(Slot slot, long outputs) {
        String kind = slot.kind();
        String app = kind + "-" + slot.label();
        StreamConfig config = StreamConfig.fromProperties(properties(app, kind), Map.of());
        ModelCache cache = new ModelCache(config.modelsCacheBytes());
        long[] atEnd = new long[3]; // heap after a full GC, live models, their estimated bytes
        long[] disk = new long[1];
        Duration timeout = Duration.ofSeconds(Math.max(300, outputs / 500));
        Topology built = switch (topology) {
            case FLOOR -> FloorTopology.build(config);
            case FLOOR_WRITES -> FloorTopology.build(config, false);
            default -> ErstreamTopology.build(config, new ModelViews(), LearningEvents.NONE, cache);
        };
        ThroughputRun.Result r = ThroughputRun.measure(kind, built, config.streamsProperties(),
                broker.bootstrapServers(), config.predictionsTopic(), outputs, timeout, streams -> {
                    atEnd[0] = heapAfterFullGc();
                    atEnd[1] = cache.liveModels();
                    atEnd[2] = cache.usedBytes();
                },
                () -> disk[0] = size(stateRoot.resolve(app)));
        Footprint f = new Footprint(atEnd[0], cache.hits(), cache.misses(), cache.loads(), cache.evictions(),
                cache.loadNanos(), atEnd[1], atEnd[2], disk[0], topicBytes(app));
        log("%s %-8s %s: %,.0f examples/s (%.1f s; steady %,.0f/s); CPU %.1f µs/example %s;"
                + " heap after full GC %,d MiB; cache: %.4f hit rate, %,d loads (mean %.0f µs), %,d evictions,"
                + " %,d live models (%,d MiB est.); state dir %,d MiB", topology, kind,
                slot.display(), r.perSecond(), r.seconds(), r.steadyPerSecond(),
                r.cpuMicrosPerRecord(),
                BenchCommand.cpuBreakdown(r), f.heapAfterGcBytes() >> 20, f.hitRate(), f.loads(),
                f.meanLoadMicros(), f.evictions(), f.liveModels(), f.cacheUsedBytes() >> 20, f.stateDirBytes() >> 20);
        StringBuilder written = new StringBuilder();
        f.topicBytes().forEach((topic, bytes) -> written.append(written.isEmpty() ? "" : ", ").append(topic)
                .append(' ').append(String.format(Locale.ROOT, "%.0f", (double) bytes / r.records())));
        log("%-8s %s: bytes written to the broker per example: %s", kind, slot.display(),
                written);
        return new Measured(r, f);
    }

    /**
     * Bytes in the broker's logs of each of application {@code app}'s output topics and its changelog (by the
     * topic's role: predictions, metrics, models, changelog...), all partitions together: what the run wrote.
     */
    private Map<String, Long> topicBytes(String app) {
        String outputs = PREFIX + "." + app + ".";
        String internal = PREFIX + "-" + app + "-";
        Map<String, Long> bytes = new java.util.TreeMap<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            List<Integer> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .map(org.apache.kafka.common.Node::id).toList();
            admin.describeLogDirs(nodes).allDescriptions().get(30, TimeUnit.SECONDS).values().forEach(dirs ->
                    dirs.values().forEach(dir -> dir.replicaInfos().forEach((tp, replica) -> {
                        String topic = tp.topic();
                        String role = topic.startsWith(outputs) ? topic.substring(outputs.length())
                                .replaceFirst("^erstream\\.", "")
                                : topic.startsWith(internal) ? topic.substring(internal.length())
                                .replaceFirst("^erstream-models-", "") : null;
                        if (role != null) {
                            bytes.merge(role, replica.size(), Long::sum);
                        }
                    })));
        } catch (Exception e) {
            log("cannot read the broker's log sizes: %s", e.getMessage());
        }
        return bytes;
    }

    private Properties properties(String app, String kind) {
        Properties p = BenchCommand.streamProperties(broker.bootstrapServers(), PREFIX, app,
                PREFIX + "." + kind + ".examples", guarantee, threads, stateRoot.resolve(app));
        if (cacheBytes != null) {
            p.setProperty(StreamConfig.MODELS_CACHE_BYTES, Long.toString(cacheBytes));
        }
        return settings.over(p);
    }

    /** Heap in use after a full collection (System.gc() is one under G1 unless disabled), broker included. */
    static long heapAfterFullGc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long size(Path root) {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).mapToLong(path -> {
                try {
                    return Files.size(path);
                } catch (IOException gone) { // RocksDB may delete a file while we walk
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot measure " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param statusBeforeKill        {@code /models/{key}} of the long-evicted key before the kill
     * @param runningSeconds          SIGKILL to the restarted child's RUNNING
     * @param answerSeconds           SIGKILL to its first 200 for the key; NaN if none within the timeout
     * @param lastStatus              the last status it answered (200 when it did)
     */
    record Restart(String key, long lastIndex, double processSeconds, int statusBeforeKill, double runningSeconds,
                   double answerSeconds, int lastStatus) {
    }

    /** A child {@code run} processes the N-key input, is SIGKILLed and restarts on its state directory. */
    private Restart restart(Produced produced) throws Exception {
        Path dir = stateRoot.resolve("restart-child");
        Files.createDirectories(dir);
        Properties p = properties("restart", KEYS);
        p.setProperty("state.dir", dir.resolve("state").toString());
        p.setProperty(StreamConfig.HTTP_PORT, "0");
        p.setProperty("session.timeout.ms", "6000"); // the killed member leaves the group quickly
        p.setProperty("heartbeat.interval.ms", "1500");
        List<String> jvm = List.of("-Xmx" + childHeap);
        String key = produced.earliestLastKey();
        String topic = p.getProperty(StreamConfig.TOPIC_PREDICTIONS);
        int before;
        double processSeconds;
        long killedAt;
        try (ChildRun first = ChildRun.start("restart-1", p, dir, jvm);
             OutputWatch watch = new OutputWatch(broker.bootstrapServers(), topic)) {
            long t0 = System.nanoTime();
            first.awaitRunning(Duration.ofMinutes(5));
            watch.awaitCount(examples, Duration.ofSeconds(Math.max(600, examples / 200)), () -> {
                if (!first.alive()) {
                    throw new IllegalStateException("the child run died\n" + first.tail());
                }
            });
            processSeconds = ThroughputRun.seconds(System.nanoTime() - t0);
            before = first.modelStatus(key);
            log("restart: child processed %,d examples in %.1f s; /models/%s (last written at example %,d) answers"
                    + " %d; SIGKILL", examples, processSeconds, key, produced.earliestLastIndex(), before);
            killedAt = System.nanoTime();
            first.kill();
        }
        try (ChildRun second = ChildRun.start("restart-2", p, dir, jvm)) {
            second.awaitRunning(Duration.ofSeconds(restartTimeout));
            double running = ThroughputRun.seconds(System.nanoTime() - killedAt);
            long deadline = killedAt + TimeUnit.SECONDS.toNanos(restartTimeout);
            int status = second.modelStatus(key);
            while (status != 200 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
                status = second.modelStatus(key);
            }
            double answered = status == 200 ? ThroughputRun.seconds(System.nanoTime() - killedAt) : Double.NaN;
            log("restart: RUNNING %.1f s after the SIGKILL; /models/%s answered %d %s", running, key, status,
                    status == 200 ? String.format(Locale.ROOT, "%.1f s after the SIGKILL", answered)
                            : "(no 200 within " + restartTimeout + " s)");
            return new Restart(key, produced.earliestLastIndex(), processSeconds, before, running, answered, status);
        }
    }

    private String report(List<ThroughputRun.Result> runs, Map<ThroughputRun.Result, Footprint> footprints,
                          Produced produced, Restart restarted) {
        double many = median(runs, KEYS, ThroughputRun.Result::perSecond);
        double few = median(runs, BASELINE, ThroughputRun.Result::perSecond);
        double manySteady = median(runs, KEYS, ThroughputRun.Result::steadyPerSecond);
        double fewSteady = median(runs, BASELINE, ThroughputRun.Result::steadyPerSecond);
        double paired = BenchCommand.pairedMedian(runs, KEYS, BASELINE);
        List<Footprint> mf = runs.stream().filter(r -> r.kind().equals(KEYS)).map(footprints::get).toList();
        List<Footprint> bf = runs.stream().filter(r -> r.kind().equals(BASELINE)).map(footprints::get).toList();
        double heap = median(mf, Footprint::heapAfterGcBytes);
        double baseHeap = median(bf, Footprint::heapAfterGcBytes);
        double stateBytes = median(mf, Footprint::stateDirBytes);
        double perModel = stateBytes / produced.distinctKeys();
        double basePerModel = median(bf, Footprint::stateDirBytes) / baselineKeys;
        log("medians (%s): %,d keys (%s) %,.0f examples/s, %,d keys %,.0f examples/s: ratio %.3f (per-repeat %.3f);"
                + " heap after full GC %,d MiB against %,d MiB; %,.0f bytes per stored model on disk", topology,
                keys, popularity, many, baselineKeys, few, many / few, paired, (long) heap >> 20,
                (long) baseHeap >> 20, perModel);
        Json json = new Json().put("topology", topology).put("keys", keys).put("popularity", popularity)
                .put("baselineKeys", baselineKeys)
                .put("examples", examples).put("features", features).put("seed", seed).put("repeats", repeats)
                .put("warmup", warmup).put("warmupRounds", warmupRounds).put("guarantee", guarantee)
                .put("streamThreads", threads)
                .put("settings", settings.toString())
                .put("maxHeapBytes", Runtime.getRuntime().maxMemory())
                .put("cacheBytes", cacheBytes != null ? cacheBytes : StreamConfig.fromProperties(
                        properties("x", KEYS), Map.of()).modelsCacheBytes())
                .put("distinctKeys", produced.distinctKeys())
                .put("keysPerSecond", Math.round(many)).put("baselinePerSecond", Math.round(few))
                .put("ratio", Json.round(many / few, 3)).put("pairedRatio", Json.round(paired, 3))
                .put("keysSteadyPerSecond", Math.round(manySteady)).put("baselineSteadyPerSecond", Math.round(fewSteady))
                .put("steadyRatio", Json.round(manySteady / fewSteady, 3))
                .put("keysCpuMicrosPerExample", Json.round(median(runs, KEYS,
                        ThroughputRun.Result::cpuMicrosPerRecord), 1))
                .put("baselineCpuMicrosPerExample", Json.round(median(runs, BASELINE,
                        ThroughputRun.Result::cpuMicrosPerRecord), 1))
                .put("keysStreamThreadMicrosPerExample", Json.round(median(runs, KEYS,
                        r -> r.cpuMicrosPerRecord(ThreadCpu.STREAM_THREADS)), 1))
                .put("baselineStreamThreadMicrosPerExample", Json.round(median(runs, BASELINE,
                        r -> r.cpuMicrosPerRecord(ThreadCpu.STREAM_THREADS)), 1))
                .put("keysCpuMicrosPerExampleByGroup", cpuByGroup(runs, KEYS))
                .put("baselineCpuMicrosPerExampleByGroup", cpuByGroup(runs, BASELINE))
                .put("heapAfterGcBytes", Math.round(heap)).put("baselineHeapAfterGcBytes", Math.round(baseHeap))
                .put("hitRate", Json.round(median(mf, Footprint::hitRate), 4))
                .put("hits", Math.round(median(mf, Footprint::hits)))
                .put("misses", Math.round(median(mf, Footprint::misses)))
                .put("loads", Math.round(median(mf, Footprint::loads)))
                .put("evictions", Math.round(median(mf, Footprint::evictions)))
                .put("meanLoadMicros", Json.round(median(mf, Footprint::meanLoadMicros), 1))
                .put("liveModelsAtEnd", Math.round(median(mf, Footprint::liveModels)))
                .put("cacheUsedBytesAtEnd", Math.round(median(mf, Footprint::cacheUsedBytes)))
                .put("stateDirBytes", Math.round(stateBytes)).put("bytesPerStoredModel", Math.round(perModel))
                .put("baselineBytesPerStoredModel", Math.round(basePerModel))
                .put("keysBrokerBytesPerExample", perExample(mf))
                .put("baselineBrokerBytesPerExample", perExample(bf))
                .put("runs", runs.stream().map(r -> r.kind() + ":" + Math.round(r.perSecond())).toList());
        if (restarted != null) {
            json.put("restartKey", restarted.key()).put("restartKeyLastIndex", restarted.lastIndex())
                    .put("restartProcessSeconds", Json.round(restarted.processSeconds(), 1))
                    .put("restartStatusBeforeKill", restarted.statusBeforeKill())
                    .put("restartRunningSeconds", Json.round(restarted.runningSeconds(), 2))
                    .put("restartAnswerSeconds", Json.round(restarted.answerSeconds(), 2))
                    .put("restartLastStatus", restarted.lastStatus());
        }
        return json.toString();
    }

    private static double median(List<ThroughputRun.Result> runs, String kind,
                                 ToDoubleFunction<ThroughputRun.Result> value) {
        return BenchCommand.median(runs.stream().filter(r -> r.kind().equals(kind)).mapToDouble(value).toArray());
    }

    /** Median over {@code kind}'s runs of each thread group's CPU µs per example (see {@link ThreadCpu}). */
    private static Map<String, Double> cpuByGroup(List<ThroughputRun.Result> runs, String kind) {
        Map<String, Double> out = new java.util.TreeMap<>();
        runs.stream().filter(r -> r.kind().equals(kind)).forEach(r -> r.cpuSeconds().keySet().forEach(group ->
                out.put(group, Json.round(median(runs, kind, x -> x.cpuMicrosPerRecord(group)), 1))));
        return out;
    }

    /** Median over runs of each topic's bytes per example. */
    private Map<String, Long> perExample(List<Footprint> footprints) {
        Map<String, Long> out = new java.util.TreeMap<>();
        footprints.get(0).topicBytes().keySet().forEach(topic -> out.put(topic, Math.round(median(footprints,
                f -> f.topicBytes().getOrDefault(topic, 0L) / (double) examples))));
        return out;
    }

    private static double median(List<Footprint> footprints, ToDoubleFunction<Footprint> value) {
        return BenchCommand.median(footprints.stream().mapToDouble(value).toArray());
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static void log(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }

    /** Which key an example goes to: key index in [0, n), by a seeded popularity law. */
    abstract static class KeyDraw {

        abstract int next(SplittableRandom random);

        static KeyDraw parse(String spec, int n) {
            String s = spec.trim().toLowerCase(Locale.ROOT);
            if (s.equals("uniform")) {
                return uniform(n);
            }
            if (s.startsWith("zipf:")) {
                double exponent = Double.parseDouble(s.substring("zipf:".length()));
                if (!(exponent > 0)) {
                    throw new IllegalArgumentException("--popularity zipf:S needs S > 0, got " + spec);
                }
                return zipf(n, exponent);
            }
            throw new IllegalArgumentException("--popularity is zipf:S or uniform, got " + spec);
        }

        static KeyDraw uniform(int n) {
            return new KeyDraw() {
                @Override
                int next(SplittableRandom random) {
                    return random.nextInt(n);
                }
            };
        }

        /** Key of rank r (0-based) with probability ∝ 1 / (r + 1)^s, by inverting the cumulative distribution. */
        static KeyDraw zipf(int n, double s) {
            double[] cumulative = new double[n];
            double sum = 0;
            for (int r = 0; r < n; r++) {
                sum += Math.pow(r + 1, -s);
                cumulative[r] = sum;
            }
            double total = sum;
            return new KeyDraw() {
                @Override
                int next(SplittableRandom random) {
                    int i = Arrays.binarySearch(cumulative, random.nextDouble() * total);
                    return Math.min(n - 1, i >= 0 ? i : -i - 1);
                }
            };
        }
    }
}
