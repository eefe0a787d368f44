package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CapacityCommandTest {

    @Test
    void zipfDrawsTheHeadKeyWithItsProbabilityAndStaysInRange() {
        int n = 1_000_000;
        CapacityCommand.KeyDraw draw = CapacityCommand.KeyDraw.parse("zipf:1.1", n);
        SplittableRandom random = new SplittableRandom(1);
        int draws = 200_000;
        int head = 0;
        for (int i = 0; i < draws; i++) {
            int k = draw.next(random);
            assertTrue(k >= 0 && k < n, "key index " + k);
            if (k == 0) {
                head++;
            }
        }
        double expected = 1 / harmonic(n, 1.1); // 0.1239
        assertEquals(expected, head / (double) draws, 0.005, "share of the head key");
    }

    @Test
    void uniformDrawsEveryKeyAlike() {
        CapacityCommand.KeyDraw draw = CapacityCommand.KeyDraw.parse("uniform", 10);
        SplittableRandom random = new SplittableRandom(2);
        int[] counts = new int[10];
        for (int i = 0; i < 100_000; i++) {
            counts[draw.next(random)]++;
        }
        for (int c : counts) {
            assertEquals(10_000, c, 400);
        }
    }

    @Test
    void refusesAnUnknownPopularity() {
        assertThrows(IllegalArgumentException.class, () -> CapacityCommand.KeyDraw.parse("pareto", 10));
        assertThrows(IllegalArgumentException.class, () -> CapacityCommand.KeyDraw.parse("zipf:0", 10));
    }

    @Test
    void refusesAnUnknownTopologyNamingItBeforeStartingABroker() {
        CommandRunner.Result r = CommandRunner.run("capacity", "--topology", "flor");

        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("--topology is erstream, floor or floor-writes, got flor"), r.err());
    }

    @Test
    void refusesZeroWarmupRoundsBeforeStartingABroker() {
        CommandRunner.Result r = CommandRunner.run("capacity", "--warmup-rounds", "0");

        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("--warmup-rounds >= 1"), r.err());
    }

    @Test
    void oneWarmUpRoundRunsTheBaselineFirstThenTheMeasuredRoundsAlternate() {
        assertEquals(List.of("baseline w1", "keys w1", "keys 1", "baseline 1", "baseline 2", "keys 2"),
                names(CapacityCommand.schedule(1, 2)));
    }

    @Test
    void warmUpRoundsAlternateAndEndSoThatTheMeasuredRoundsContinueThePattern() {
        assertEquals(List.of("keys w1", "baseline w1", "baseline w2", "keys w2", "keys 1", "baseline 1"),
                names(CapacityCommand.schedule(2, 1)));
        assertEquals(List.of("baseline w1", "keys w1", "keys w2", "baseline w2", "baseline w3", "keys w3", "keys 1",
                "baseline 1"), names(CapacityCommand.schedule(3, 1)));
    }

    @Test
    void neitherInputRunsEarlierOnAverageOverAnEvenNumberOfRounds() {
        for (int warmUps = 0; warmUps <= 4; warmUps++) {
            for (int repeats = 2; repeats <= 8; repeats += 2) {
                List<CapacityCommand.Slot> slots = CapacityCommand.schedule(warmUps, repeats);
                int keys = 0;
                int baseline = 0;
                for (int position = 0; position < slots.size(); position++) {
                    if (slots.get(position).warmUp()) {
                        continue;
                    }
                    if (slots.get(position).kind().equals("keys")) {
                        keys += position;
                    } else {
                        baseline += position;
                    }
                }
                assertEquals(keys, baseline, warmUps + " warm-up rounds, " + repeats + " repeats");
            }
        }
    }

    private static List<String> names(List<CapacityCommand.Slot> slots) {
        return slots.stream().map(slot -> slot.kind() + " " + slot.label()).toList();
    }

    private static double harmonic(int n, double s) {
        double sum = 0;
        for (int r = 1; r <= n; r++) {
            sum += Math.pow(r, -s);
        }
        return sum;
    }
}
