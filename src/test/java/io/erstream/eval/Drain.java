package io.erstream.eval;

import java.util.ArrayList;
import java.util.List;

/** Test helper: reads a whole stream into copies, so tests can compare and count. */
final class Drain {
    final List<double[]> xs = new ArrayList<>();
    final List<Integer> labels = new ArrayList<>();
    final List<Long> indices = new ArrayList<>();

    static Drain of(ExampleStream stream) {
        Drain drain = new Drain();
        Example e = new Example(stream.dimension());
        while (stream.next(e)) {
            drain.xs.add(e.x.clone());
            drain.labels.add(e.label);
            drain.indices.add(e.index);
        }
        return drain;
    }

    int count(int label) {
        int c = 0;
        for (int l : labels) {
            c += l == label ? 1 : 0;
        }
        return c;
    }
}
