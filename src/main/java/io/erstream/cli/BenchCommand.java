package io.erstream.cli;

import io.erstream.eval.HyperplaneGenerator;
import io.erstream.stream.EmbeddedBroker;
import io.erstream.stream.ErstreamTopology;
import io.erstream.stream.ExampleProducer;
import io.erstream.http.ErstreamMetrics;
import io.erstream.stream.ModelViews;
import io.erstream.stream.PassThroughTopology;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.erstream.stream.StreamConfig;
import io.erstream.stream.TopicCatalog;
import io.erstream.stream.TopicReconciler;
import io.erstream.stream.TopicSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code erstream bench}: end-to-end throughput and latency on this machine, broker included. The bar is relative
 * (a pass-through topology with the same broker, serdes and parser, measured in the same run, alternating) as well
 * as absolute, because on a shared 2-core machine an absolute number alone says more about the neighbours than
 * about erstream.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure erstream end to end with an in-process broker: throughput beside a pass-through",
            "topology (same broker, serdes and parser, no model), then produce-to-prediction latency.",
            "The last line is one JSON object with every number."})
final class BenchCommand implements Callable<Integer> {

    private static final String PASS = "pass-through";
    private static final String ERSTREAM = "erstream";
    /** The same application with Prometheus metrics recording every record (the product's default). */
    private static final String METERED = "erstream-metrics";
    private static final List<String> KINDS = List.of(PASS, ERSTREAM, METERED);

    @Option(names = "--examples", defaultValue = "1000000", description = "pre-produced examples (default ${DEFAULT-VALUE})")
    long examples;

    @Option(names = "--features", defaultValue = "10", description = "d (default ${DEFAULT-VALUE})")
    int features;

    @Option(names = "--keys", defaultValue = "8", description = "model keys (default ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--guarantee", defaultValue = "exactly_once_v2",
            description = "exactly_once_v2 | at_least_once (default ${DEFAULT-VALUE})")
    String guarantee;

    @Option(names = "--repeats", defaultValue = "5",
            description = "measured runs of each topology, in rotating order (default ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--warmup", defaultValue = "1000000",
            description = "outputs per discarded warm-up run of each topology, 0 for none (default ${DEFAULT-VALUE});"
                    + " broker, clients and both topologies share this JVM, so the first run also pays for JIT")
    long warmup;

    @Option(names = "--threads", defaultValue = "2", description = "stream threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--latency-rate", defaultValue = "10000", description = "examples/s (default ${DEFAULT-VALUE})")
    double latencyRate;

    @Option(names = "--latency-seconds", defaultValue = "20", description = "(default ${DEFAULT-VALUE})")
    int latencySeconds;

    @Mixin
    AppSettings settings = new AppSettings();

    private EmbeddedBroker broker;
    private Path stateRoot;
    private List<String> modelKeys;

    @Override
    public Integer call() throws Exception {
        if (examples < keys || keys < 1 || features < 1 || repeats < 1) {
            throw new IllegalArgumentException(
                    "need --keys >= 1, --features >= 1, --repeats >= 1 and --examples >= --keys");
        }
        stateRoot = Files.createTempDirectory("erstream-bench-state");
        try (EmbeddedBroker started = new EmbeddedBroker().start()) {
            broker = started;
            int partitions = TopicCatalog.bundled().topic(TopicCatalog.EXAMPLES).partitions();
            modelKeys = BenchKeys.balanced(keys, partitions);
            createTopics();
            double produceSeconds = produce("bench.examples", examples, 0);
            log("produced %,d examples (d=%d, %d keys %s) in %.1f s: %,.0f/s", examples, features, keys, modelKeys,
                    produceSeconds, examples / produceSeconds);
            if (warmup > 0) {
                for (String kind : KINDS) {
                    throughput(kind, 0, Math.min(warmup, examples));
                }
            }
            List<ThroughputRun.Result> runs = new ArrayList<>();
            for (int i = 1; i <= repeats; i++) {
                for (int k = 0; k < KINDS.size(); k++) { // rotated, so no topology always follows the same one
                    runs.add(throughput(KINDS.get((i - 1 + k) % KINDS.size()), i, examples));
                }
            }
            Latency passLatency = latency(PASS);
            Latency latency = latency(ERSTREAM);
            System.out.println(report(runs, latency, passLatency, produceSeconds));
        }
        return 0;
    }

    private void createTopics() {
        TopicCatalog bundled = TopicCatalog.bundled();
        List<TopicSpec> topics = new ArrayList<>();
        topics.add(bundled.topic(TopicCatalog.EXAMPLES).withName("bench.examples"));
        topics.add(bundled.topic(TopicCatalog.EXAMPLES).withName(latencyTopic(ERSTREAM)));
        topics.add(bundled.topic(TopicCatalog.EXAMPLES).withName(latencyTopic(PASS)));
        topics.add(bundled.topic(TopicCatalog.LABELS)); // read unless erstream.topic.labels is set empty
        List<String> apps = new ArrayList<>(List.of(latencyApp(ERSTREAM), latencyApp(PASS)));
        for (int i = 0; i <= repeats; i++) {
            apps.addAll(List.of(PASS + "-" + i, ERSTREAM + "-" + i, METERED + "-" + i));
        }
        for (String app : apps) {
            for (String topic : OUTPUTS) {
                topics.add(bundled.topic(topic).withName("bench." + app + "." + topic));
            }
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            var result = new TopicReconciler(admin, TopicCatalog.of(topics), Duration.ofSeconds(60)).apply();
            if (!result.remaining().isEmpty()) {
                throw new IllegalStateException("cannot create the bench topics: " + result.remaining());
            }
        }
    }

    /** {@code count} examples spread evenly over the keys, one producer per key; returns the seconds it took. */
    private double produce(String topic, long count, double rate) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(modelKeys.size());
        try {
            long start = System.nanoTime();
            List<Future<Long>> sent = new ArrayList<>();
            for (int k = 0; k < modelKeys.size(); k++) {
                String key = modelKeys.get(k);
                long share = count / modelKeys.size() + (k < count % modelKeys.size() ? 1 : 0);
                long seed = 1000 + k;
                sent.add(pool.submit(() -> {
                    Properties p = new Properties();
                    p.put("bootstrap.servers", broker.bootstrapServers());
                    try (ExampleProducer producer = new ExampleProducer(p, topic)) {
                        return producer.send(new HyperplaneGenerator(share, seed, features, features, 0.001, 0.05,
                                0.1), key, rate / modelKeys.size(), null);
                    }
                }));
            }
            for (Future<Long> f : sent) {
                f.get();
            }
            return ThroughputRun.seconds(System.nanoTime() - start);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One run over the input topic until {@code outputs} outputs were seen; repeat 0 is the warm-up. */
    private ThroughputRun.Result throughput(String kind, int repeat, long outputs) {
        String app = kind + "-" + repeat;
        StreamConfig config = config(app, "bench.examples");
        Topology topology = switch (kind) {
            case PASS -> PassThroughTopology.build(config);
            case METERED -> ErstreamTopology.build(config, new ModelViews(),
                    ErstreamMetrics.create(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
            default -> ErstreamTopology.build(config);
        };
        Duration timeout = Duration.ofSeconds(Math.max(180, examples / 2_000));
        ThroughputRun.Result r = ThroughputRun.measure(kind, topology, config.streamsProperties(),
                broker.bootstrapServers(), config.predictionsTopic(), outputs, timeout);
        log("%-12s %s: %,.0f records/s overall (%.2f s); start-up %.2f s (RUNNING at %.2f s); steady %,.0f/s;"
                + " CPU %.1f µs/record %s", kind, repeat == 0 ? "warm-up" : "#" + repeat, r.perSecond(),
                r.seconds(), r.startupSeconds(), r.runningSeconds(), r.steadyPerSecond(), r.cpuMicrosPerRecord(),
                cpuBreakdown(r));
        return r;
    }

    static String cpuBreakdown(ThroughputRun.Result r) {
        StringBuilder b = new StringBuilder("(");
        r.cpuSeconds().forEach((group, seconds) -> b.append(b.length() > 1 ? ", " : "").append(group).append(' ')
                .append(String.format(Locale.ROOT, "%.1f", seconds * 1e6 / r.records())));
        return b.append(')').toString();
    }

    private StreamConfig config(String app, String examplesTopic) {
        return StreamConfig.fromProperties(settings.over(streamProperties(broker.bootstrapServers(), "bench", app,
                examplesTopic, guarantee, threads, stateRoot.resolve(app))), Map.of());
    }

    /** The output topics of application {@code app} of a benchmark: {@code <prefix>.<app>.<topic>}. */
    static final List<String> OUTPUTS = List.of(TopicCatalog.PREDICTIONS, TopicCatalog.METRICS, TopicCatalog.MODELS,
            TopicCatalog.DEAD_LETTERS, TopicCatalog.DRIFT);

    /**
     * The settings of application {@code app} of a benchmark (also {@code capacity}): application id
     * {@code <prefix>-<app>}, its own output topics {@code <prefix>.<app>.<topic>} (see {@link #OUTPUTS}), reading
     * {@code examplesTopic}.
     */
    static Properties streamProperties(String bootstrap, String prefix, String app, String examplesTopic,
                                       String guarantee, int threads, Path stateDir) {
        Properties p = new Properties();
        p.setProperty(StreamConfig.BOOTSTRAP_SERVERS, bootstrap);
        p.setProperty(StreamConfig.APPLICATION_ID, prefix + "-" + app);
        p.setProperty(StreamConfig.PROCESSING_GUARANTEE, guarantee);
        p.setProperty("num.stream.threads", Integer.toString(threads));
        p.setProperty("state.dir", stateDir.toString());
        p.setProperty(StreamConfig.TOPIC_EXAMPLES, examplesTopic);
        p.setProperty(StreamConfig.TOPIC_PREDICTIONS, prefix + "." + app + "." + TopicCatalog.PREDICTIONS);
        p.setProperty(StreamConfig.TOPIC_METRICS, prefix + "." + app + "." + TopicCatalog.METRICS);
        p.setProperty(StreamConfig.TOPIC_MODELS, prefix + "." + app + "." + TopicCatalog.MODELS);
        p.setProperty(StreamConfig.TOPIC_DEAD_LETTERS, prefix + "." + app + "." + TopicCatalog.DEAD_LETTERS);
        p.setProperty(StreamConfig.TOPIC_DRIFT, prefix + "." + app + "." + TopicCatalog.DRIFT);
        return p;
    }

    /**
     * Produce-to-prediction latency at a steady input rate of erstream, or of the pass-through topology: the
     * latency of the same broker, clients, commits and machine without a model, the floor erstream's stands on.
     */
    private record Latency(long records, double medianMs, double p99Ms, double maxMs, long commitIntervalMs) {
    }

    private static String latencyApp(String kind) {
        return kind.equals(PASS) ? "latency-" + PASS : "latency";
    }

    /** Each latency run reads its own input, so that no run starts behind another's records. */
    private static String latencyTopic(String kind) {
        return "bench." + latencyApp(kind) + ".examples";
    }

    private Latency latency(String kind) throws Exception {
        StreamConfig config = config(latencyApp(kind), latencyTopic(kind));
        long total = (long) (latencyRate * latencySeconds);
        Properties props = config.streamsProperties();
        long commitInterval = Long.parseLong(props.getProperty("commit.interval.ms",
                config.exactlyOnce() ? "100" : "30000"));
        try (OutputWatch watch = new OutputWatch(broker.bootstrapServers(), config.predictionsTopic())
                .recordLatencies((int) total);
             KafkaStreams streams = new KafkaStreams(kind.equals(PASS) ? PassThroughTopology.build(config)
                     : ErstreamTopology.build(config), props)) {
            streams.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            ExecutorService producer = Executors.newSingleThreadExecutor();
            Future<Double> producing = producer.submit(() -> produce(latencyTopic(kind), total, latencyRate));
            watch.awaitCount(total, Duration.ofSeconds(latencySeconds + 120L), () -> { });
            producing.get();
            producer.shutdown();
            log("%s latency: the stream threads' own timings: %s", kind, threadTimings(streams));
            streams.close(Duration.ofSeconds(60));
            streams.cleanUp();
            long[] ms = watch.sortedLatencies();
            log("%s latency: worst of each second of input, ms: %s", kind,
                    Arrays.toString(watch.worstByWindow(1000)));
            Latency l = new Latency(ms.length, percentile(ms, 0.50), percentile(ms, 0.99), ms[ms.length - 1],
                    commitInterval);
            log("%s latency at %,.0f examples/s for %d s (%,d predictions): median %.0f ms, p99 %.0f ms, max %.0f"
                    + " ms; commit.interval.ms %d", kind, latencyRate, latencySeconds, l.records(), l.medianMs(), l.p99Ms(),
                    l.maxMs(), commitInterval);
            return l;
        }
    }

    /**
     * Kafka Streams' and its producers' timings of the latency run (averages and maxima over the stream threads,
     * totals summed): how long a commit, a poll and a transaction's commit take, on average and at worst, which is
     * what the produce-to-prediction latency is made of.
     */
    private static String threadTimings(KafkaStreams streams) {
        Map<String, double[]> timings = new TreeMap<>(); // per metric: sum, count, max over the threads
        streams.metrics().forEach((name, metric) -> {
            boolean thread = name.group().equals("stream-thread-metrics") && (name.name().startsWith("commit-latency")
                    || name.name().startsWith("poll-latency") || name.name().startsWith("process-latency"));
            boolean producer = name.group().equals("producer-metrics") && name.name().startsWith("txn-commit-time");
            if ((thread || producer) && metric.metricValue() instanceof Double value && !value.isNaN()) {
                double[] t = timings.computeIfAbsent(name.name(), n -> new double[] {0, 0, Double.NEGATIVE_INFINITY});
                t[0] += value;
                t[1]++;
                t[2] = Math.max(t[2], value);
            }
        });
        StringBuilder out = new StringBuilder();
        timings.forEach((name, t) -> out.append(out.length() == 0 ? "" : ", ").append(name).append('=')
                .append(String.format(Locale.ROOT, "%.3g", name.endsWith("-max") ? t[2]
                        : name.endsWith("-avg") ? t[0] / t[1] : t[0])));
        return out.toString();
    }

    static double percentile(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private String report(List<ThroughputRun.Result> runs, Latency latency, Latency passLatency,
                          double produceSeconds) {
        double pass = median(runs, PASS, ThroughputRun.Result::perSecond);
        double er = median(runs, ERSTREAM, ThroughputRun.Result::perSecond);
        double passSteady = median(runs, PASS, ThroughputRun.Result::steadyPerSecond);
        double erSteady = median(runs, ERSTREAM, ThroughputRun.Result::steadyPerSecond);
        double metered = median(runs, METERED, ThroughputRun.Result::perSecond);
        double pairedRatio = pairedMedian(runs, ERSTREAM, PASS);
        double pairedMetrics = pairedMedian(runs, METERED, ERSTREAM);
        log("with metrics %,.0f/s: %.3f of erstream without (median of per-repeat ratios %.3f)", metered,
                metered / er, pairedMetrics);
        log("medians: pass-through %,.0f/s (steady %,.0f/s), erstream %,.0f/s (steady %,.0f/s); ratio %.3f"
                + " (steady %.3f; median of per-repeat ratios %.3f)", pass, passSteady, er, erSteady, er / pass,
                erSteady / passSteady, pairedRatio);
        double passCpu = median(runs, PASS, ThroughputRun.Result::cpuMicrosPerRecord);
        double erCpu = median(runs, ERSTREAM, ThroughputRun.Result::cpuMicrosPerRecord);
        double passStream = median(runs, PASS, r -> r.cpuMicrosPerRecord(ThreadCpu.STREAM_THREADS));
        double erStream = median(runs, ERSTREAM, r -> r.cpuMicrosPerRecord(ThreadCpu.STREAM_THREADS));
        log("CPU per record, medians: pass-through %.1f µs (stream threads %.1f), erstream %.1f µs (stream threads"
                + " %.1f)", passCpu, passStream, erCpu, erStream);
        return new Json().put("examples", examples).put("features", features).put("keys", keys)
                .put("guarantee", guarantee).put("streamThreads", threads).put("warmup", warmup)
                .put("producedPerSecond", Math.round(examples / produceSeconds))
                .put("passThroughPerSecond", Math.round(pass)).put("erstreamPerSecond", Math.round(er))
                .put("ratio", Json.round(er / pass, 3)).put("pairedRatio", Json.round(pairedRatio, 3))
                .put("erstreamWithMetricsPerSecond", Math.round(metered))
                .put("metricsRatio", Json.round(metered / er, 3))
                .put("pairedMetricsRatio", Json.round(pairedMetrics, 3)).put("repeats", repeats)
                .put("passThroughSteadyPerSecond", Math.round(passSteady))
                .put("erstreamSteadyPerSecond", Math.round(erSteady))
                .put("steadyRatio", Json.round(erSteady / passSteady, 3))
                .put("passThroughStartupSeconds", Json.round(median(runs, PASS,
                        ThroughputRun.Result::startupSeconds), 2))
                .put("erstreamStartupSeconds", Json.round(median(runs, ERSTREAM,
                        ThroughputRun.Result::startupSeconds), 2))
                .put("passThroughCpuMicrosPerRecord", Json.round(passCpu, 1))
                .put("erstreamCpuMicrosPerRecord", Json.round(erCpu, 1))
                .put("passThroughStreamThreadMicrosPerRecord", Json.round(passStream, 1))
                .put("erstreamStreamThreadMicrosPerRecord", Json.round(erStream, 1))
                .put("runs", runs.stream().map(r -> r.kind() + ":" + Math.round(r.perSecond())).toList())
                .put("latencyRate", latencyRate).put("latencySeconds", latencySeconds)
                .put("latencyPredictions", latency.records()).put("latencyMedianMs", latency.medianMs())
                .put("latencyP99Ms", latency.p99Ms()).put("latencyMaxMs", latency.maxMs())
                .put("passThroughLatencyMedianMs", passLatency.medianMs())
                .put("passThroughLatencyP99Ms", passLatency.p99Ms())
                .put("commitIntervalMs", latency.commitIntervalMs()).put("settings", settings.toString()).toString();
    }

    private static double median(List<ThroughputRun.Result> runs, String kind,
                                 ToDoubleFunction<ThroughputRun.Result> value) {
        return median(runs.stream().filter(r -> r.kind().equals(kind)).mapToDouble(value).toArray());
    }

    /**
     * The median over repeats of {@code kind}'s throughput divided by {@code baseline}'s in the same repeat: the
     * two ran back to back, so a drift of the machine over the whole bench cancels out of each ratio.
     */
    static double pairedMedian(List<ThroughputRun.Result> runs, String kind, String baseline) {
        double[] a = runs.stream().filter(r -> r.kind().equals(kind)).mapToDouble(ThroughputRun.Result::perSecond)
                .toArray();
        double[] b = runs.stream().filter(r -> r.kind().equals(baseline))
                .mapToDouble(ThroughputRun.Result::perSecond).toArray();
        double[] ratios = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            ratios[i] = a[i] / b[i];
        }
        return median(ratios);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void log(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }
}
