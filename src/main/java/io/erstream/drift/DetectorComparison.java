package io.erstream.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints mean detection delay, missed detections and false alarms of every detector on seeded
 * Bernoulli error streams, so the team can put MOA's numbers beside ours. Deterministic: the same
 * build prints the same table.
 *
 * <p>A change at input {@code c} (the first input of the new regime) counts as detected by the
 * first DRIFT at an input {@code t} in {@code [c, next change)}; its delay is {@code t - c + 1}
 * inputs. Every other DRIFT is a false alarm.
 */
public final class DetectorComparison {

    /** Piecewise-constant error rates, each held for {@code segmentLength} inputs. */
    public record Scenario(String name, int segmentLength, double... rates) {
        /** Total number of inputs. */
        public long length() {
            return (long) segmentLength * rates.length;
        }

        /** The scenario's error sequence for one seed. */
        public BernoulliStream stream(long seed) {
            return new BernoulliStream(seed, segmentLength, rates);
        }
    }

    /** Totals for one detector on one scenario over all runs. */
    record Row(String detector, String scenario, int changes, long delaySum, int missed, int falseAlarms) {
        double meanDelay() {
            int detected = changes - missed;
            return detected == 0 ? Double.NaN : (double) delaySum / detected;
        }
    }

    /** The scenarios every detector comparison uses. */
    public static final List<Scenario> SCENARIOS = List.of(
            new Scenario("0.1->0.5", 2_000, 0.1, 0.5),
            new Scenario("0.1->0.2", 5_000, 0.1, 0.2),
            new Scenario("0.2->0.3", 5_000, 0.2, 0.3),
            new Scenario("stairs .05-.45", 3_000, 0.05, 0.15, 0.25, 0.35, 0.45),
            new Scenario("stationary 0.2", 100_000, 0.2));

    private DetectorComparison() {
    }

    /** Runs all detectors on all scenarios, {@code runs} seeds each (default 20), and prints the table. */
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        System.out.printf(Locale.ROOT, "%-13s %-16s %8s %10s %7s %12s%n",
                "detector", "scenario", "changes", "mean delay", "missed", "false alarms");
        for (String detector : Detectors.names()) {
            for (Scenario scenario : SCENARIOS) {
                Row row = evaluate(detector, scenario, runs);
                System.out.printf(Locale.ROOT, "%-13s %-16s %8d %10.1f %7d %12d%n", row.detector(),
                        row.scenario(), row.changes(), row.meanDelay(), row.missed(), row.falseAlarms());
            }
        }
    }

    /** Evaluates one detector (default parameters) on one scenario over seeds {@code 1..runs}. */
    static Row evaluate(String detector, Scenario scenario, int runs) {
        int changes = 0;
        long delaySum = 0;
        int missed = 0;
        int falseAlarms = 0;
        for (int seed = 1; seed <= runs; seed++) {
            List<Long> drifts = driftTimes(Detectors.byName(detector), scenario, seed);
            for (int k = 1; k < scenario.rates().length; k++) {
                long change = (long) k * scenario.segmentLength();
                long first = firstIn(drifts, change, change + scenario.segmentLength());
                changes++;
                if (first < 0) {
                    missed++;
                } else {
                    delaySum += first - change + 1;
                }
            }
            falseAlarms += drifts.size() - (scenario.rates().length - 1 - countMissed(drifts, scenario));
        }
        return new Row(detector, scenario.name(), changes, delaySum, missed, falseAlarms);
    }

    private static int countMissed(List<Long> drifts, Scenario scenario) {
        int missed = 0;
        for (int k = 1; k < scenario.rates().length; k++) {
            long change = (long) k * scenario.segmentLength();
            if (firstIn(drifts, change, change + scenario.segmentLength()) < 0) {
                missed++;
            }
        }
        return missed;
    }

    /** Input indices at which the detector reported DRIFT. */
    static List<Long> driftTimes(DriftDetector detector, Scenario scenario, long seed) {
        BernoulliStream stream = scenario.stream(seed);
        List<Long> drifts = new ArrayList<>();
        for (long t = 0; t < stream.length(); t++) {
            if (detector.update(stream.next()) == DriftState.DRIFT) {
                drifts.add(t);
            }
        }
        return drifts;
    }

    private static long firstIn(List<Long> times, long from, long to) {
        for (long t : times) {
            if (t >= from && t < to) {
                return t;
            }
        }
        return -1;
    }
}
