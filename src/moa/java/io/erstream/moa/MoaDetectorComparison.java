package io.erstream.moa;

import io.erstream.drift.BernoulliStream;
import io.erstream.drift.DetectorComparison;
import io.erstream.drift.DetectorComparison.Scenario;
import io.erstream.drift.Detectors;
import io.erstream.drift.DriftDetector;
import io.erstream.drift.DriftState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import moa.classifiers.core.driftdetection.ADWINChangeDetector;
import moa.classifiers.core.driftdetection.ChangeDetector;
import moa.classifiers.core.driftdetection.DDM;
import moa.classifiers.core.driftdetection.PageHinkleyDM;

/**
 * Our drift detectors beside MOA's on the seeded Bernoulli error sequences of
 * {@link DetectorComparison}: mean detection delay, missed detections and false alarms, every
 * detector with its default parameters.
 *
 * <p>Run from the worktree root:
 * <pre>
 * mvn -B -q -Pmoa test-compile exec:exec -Dmoa.main=io.erstream.moa.MoaDetectorComparison
 * mvn -B -q -Pmoa test-compile exec:exec -Dmoa.main=io.erstream.moa.MoaDetectorComparison -Dmoa.args=RUNS
 * </pre>
 * (RUNS = seeds 1..RUNS per scenario, default 20 as in {@code DetectorComparison}).
 *
 * <p>It uses {@code DetectorComparison}'s scenarios and their {@link BernoulliStream} sequences, and the
 * same scoring (a change at input {@code c} is detected by the first DRIFT in
 * {@code [c, next change)}, delay {@code t - c + 1}; every other DRIFT is a false alarm). Before
 * printing, {@link #main} runs {@code DetectorComparison.main} itself and checks that its table
 * for our detectors equals the one computed here, so the replication cannot drift silently.
 *
 * <p>A MOA detector signals DRIFT when {@code getChange()} is true after {@code input(value)}; it
 * then restarts as MOA defines (DDM and PageHinkleyDM reset on the next input, ADWIN shrinks its
 * window). MOA's DDM and PageHinkleyDM expect 1 for an error, which is what the sequences hold.
 * "False alarms / 100k" is false alarms per 100,000 inputs of the scenario over all runs; for the
 * stationary scenario every input is a stable input. "Of which repeats" counts the false alarms that
 * fall after a change's first detection and before the next change, i.e. further DRIFTs for a change
 * already reported (our detectors promise one DRIFT per change; MOA's ADWIN keeps cutting its
 * window and may report again).
 */
public final class MoaDetectorComparison {

    /** Totals for one detector on one scenario over all runs. */
    record Row(String detector, String scenario, int changes, long delaySum, int missed, int falseAlarms,
               int repeats, long inputs) {
        double meanDelay() {
            int detected = changes - missed;
            return detected == 0 ? Double.NaN : (double) delaySum / detected;
        }

        double falseAlarmsPer100k() {
            return falseAlarms * 100_000.0 / inputs;
        }
    }

    /** One detector under test: true when it reports a drift after the value. */
    @FunctionalInterface
    interface Detector {
        boolean drift(double value);
    }

    private MoaDetectorComparison() {
    }

    static Map<String, Supplier<Detector>> detectors() {
        Map<String, Supplier<Detector>> all = new LinkedHashMap<>();
        for (String name : Detectors.names()) {
            all.put("erstream " + name, () -> ours(Detectors.byName(name)));
        }
        all.put("MOA ADWINChangeDetector", () -> moa(new ADWINChangeDetector()));
        all.put("MOA DDM", () -> moa(new DDM()));
        all.put("MOA PageHinkleyDM", () -> moa(new PageHinkleyDM()));
        return all;
    }

    private static Detector ours(DriftDetector detector) {
        return value -> detector.update(value) == DriftState.DRIFT;
    }

    private static Detector moa(ChangeDetector detector) {
        detector.prepareForUse();
        return value -> {
            detector.input(value);
            return detector.getChange();
        };
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        long wallStart = System.nanoTime();
        Map<String, Supplier<Detector>> detectors = detectors();
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Supplier<Detector>> detector : detectors.entrySet()) {
            for (Scenario scenario : DetectorComparison.SCENARIOS) {
                rows.add(evaluate(detector.getKey(), detector.getValue(), scenario, runs));
            }
        }
        checkReplication(rows, runs);

        System.out.printf(Locale.ROOT, "Bernoulli error sequences of DetectorComparison, seeds 1..%d per scenario%n%n",
                runs);
        System.out.println("| detector | scenario | changes | mean delay | missed | false alarms | of which repeats "
                + "| false alarms / 100k |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %.1f | %d | %d | %d | %.1f |%n", row.detector(),
                    row.scenario(), row.changes(), row.meanDelay(), row.missed(), row.falseAlarms(),
                    row.repeats(), row.falseAlarmsPer100k());
        }
        System.out.printf(Locale.ROOT, "%nreplication check: DetectorComparison.main(%d) prints the same numbers "
                + "for our detectors%nwall time %.1f s%n", runs, (System.nanoTime() - wallStart) / 1e9);
    }

    /** Same scoring as {@code DetectorComparison.evaluate}, seeds {@code 1..runs}. */
    static Row evaluate(String name, Supplier<Detector> factory, Scenario scenario, int runs) {
        int changes = 0;
        long delaySum = 0;
        int missed = 0;
        int falseAlarms = 0;
        int repeats = 0;
        for (int seed = 1; seed <= runs; seed++) {
            List<Long> drifts = driftTimes(factory.get(), scenario, seed);
            int missedThisRun = 0;
            for (int k = 1; k < scenario.rates().length; k++) {
                long change = (long) k * scenario.segmentLength();
                long first = firstIn(drifts, change, change + scenario.segmentLength());
                changes++;
                if (first < 0) {
                    missed++;
                    missedThisRun++;
                } else {
                    delaySum += first - change + 1;
                    repeats += countIn(drifts, first + 1, change + scenario.segmentLength());
                }
            }
            falseAlarms += drifts.size() - (scenario.rates().length - 1 - missedThisRun);
        }
        return new Row(name, scenario.name(), changes, delaySum, missed, falseAlarms, repeats,
                runs * scenario.length());
    }

    /** Input indices at which the detector reported a drift, on the scenario's shared error sequence. */
    static List<Long> driftTimes(Detector detector, Scenario scenario, long seed) {
        BernoulliStream stream = scenario.stream(seed);
        List<Long> drifts = new ArrayList<>();
        for (long t = 0; t < stream.length(); t++) {
            if (detector.drift(stream.next())) {
                drifts.add(t);
            }
        }
        return drifts;
    }

    private static int countIn(List<Long> times, long from, long to) {
        int count = 0;
        for (long t : times) {
            if (t >= from && t < to) {
                count++;
            }
        }
        return count;
    }

    private static long firstIn(List<Long> times, long from, long to) {
        for (long t : times) {
            if (t >= from && t < to) {
                return t;
            }
        }
        return -1;
    }

    /**
     * Runs {@code DetectorComparison.main} and compares its lines for our detectors with ours;
     * throws if any number differs.
     */
    private static void checkReplication(List<Row> rows, int runs) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            DetectorComparison.main(new String[] {Integer.toString(runs)});
        } finally {
            System.setOut(original);
        }
        List<String> expected = new ArrayList<>();
        for (Row row : rows) {
            if (row.detector().startsWith("erstream ")) {
                expected.add(String.format(Locale.ROOT, "%-13s %-16s %8d %10.1f %7d %12d",
                        row.detector().substring("erstream ".length()), row.scenario(), row.changes(),
                        row.meanDelay(), row.missed(), row.falseAlarms()));
            }
        }
        List<String> printed = captured.toString(StandardCharsets.UTF_8).lines().skip(1).toList();
        if (!printed.equals(expected)) {
            throw new IllegalStateException("replicated sequences disagree with DetectorComparison:\n"
                    + String.join("\n", printed) + "\nvs\n" + String.join("\n", expected));
        }
    }
}
