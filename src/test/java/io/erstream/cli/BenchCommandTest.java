package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The statistics {@code bench} reports; the runs themselves need a broker and are measured, not tested. */
class BenchCommandTest {

    @Test
    void pairedMedianDividesRunsOfTheSameRepeatWhateverTheirOrderWithinIt() {
        // repeat 1: pass, erstream; repeat 2 (rotated): erstream, pass; repeat 3: pass, erstream
        List<ThroughputRun.Result> runs = List.of(run("pass", 100), run("er", 80), run("er", 45), run("pass", 50),
                run("pass", 200), run("er", 190));
        // per repeat: 0.8, 0.9, 0.95 -> median 0.9; the ratio of the medians would be 80 / 100 = 0.8
        assertEquals(0.9, BenchCommand.pairedMedian(runs, "er", "pass"), 1e-12);
    }

    @Test
    void aSettingWithoutAnEqualsSignIsRefusedBeforeAnythingStarts() {
        for (String command : List.of("bench", "capacity")) {
            CommandRunner.Result r = CommandRunner.run(command, "--set", "commit.interval.ms");
            assertEquals(2, r.exitCode(), command);
            assertTrue(r.err().contains("--set") && r.err().contains("KEY=VALUE"), r.err());
        }
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, BenchCommand.median(new double[] {4, 1, 3, 2}));
    }

    private static ThroughputRun.Result run(String kind, long perSecond) {
        return new ThroughputRun.Result(kind, perSecond, 1.0, 0, 0, perSecond, Map.of());
    }
}
