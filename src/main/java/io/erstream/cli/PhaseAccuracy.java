package io.erstream.cli;

import io.erstream.eval.PrequentialEvaluation;

/** Prequential accuracy before and after one example index (a concept change), for {@code evaluate --swap-labels}. */
final class PhaseAccuracy implements PrequentialEvaluation.Observer {

    private final long change;
    private final long[] correct = new long[2];
    private final long[] seen = new long[2];

    PhaseAccuracy(long change) {
        this.change = change;
    }

    @Override
    public void scored(long index, boolean right) {
        int phase = index < change ? 0 : 1;
        seen[phase]++;
        if (right) {
            correct[phase]++;
        }
    }

    double before() {
        return seen[0] == 0 ? Double.NaN : correct[0] / (double) seen[0];
    }

    double after() {
        return seen[1] == 0 ? Double.NaN : correct[1] / (double) seen[1];
    }
}
