package io.erstream.stream;

import io.erstream.learn.LearnerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: a measurement, run with
 * {@code mvn -B -q test -Dtest=ModelMemoryProbe -Derstream.probe=true -DargLine=-Xmx4g}. Heap per live keyed
 * model (learner, feature layout, labels, prequential metrics with their window, scratch) and per published
 * {@link ModelView}, for 100,000 small models (d = 10, binary), each having learnt 20 examples.
 */
@EnabledIfSystemProperty(named = "erstream.probe", matches = "true")
class ModelMemoryProbe {

    private static final int MODELS = 100_000;
    private static final int D = 10;

    @Test
    void measure() {
        measure(false);
    }

    /** The default configuration's model: with a drift detector (HDDM-Bernstein), as {@code run} creates it. */
    @Test
    void measureWithTheDefaultDriftDetector() {
        measure(true);
    }

    private void measure(boolean drift) {
        StreamConfig config = StreamConfig.defaults();
        long base = usedAfterGc();
        List<KeyedModel> models = new ArrayList<>(MODELS);
        SplittableRandom random = new SplittableRandom(1);
        Example example = new Example();
        for (int m = 0; m < MODELS; m++) {
            KeyedModel model = KeyedModel.create("model-" + m, LearnerSpec.classifier(2), List.of("0", "1"),
                    FeatureLayout.positional(D), 32, drift ? config.newDrift() : null);
            for (int i = 0; i < 20; i++) {
                double[] x = new double[D];
                for (int j = 0; j < D; j++) {
                    x[j] = random.nextDouble();
                }
                example.features = x;
                example.labelled = true;
                example.classIndex = x[0] > 0.5 ? 1 : 0;
                example.timestamp = i;
                model.testThenTrain(example);
            }
            models.add(model);
        }
        long withModels = usedAfterGc();
        List<ModelView> views = new ArrayList<>(MODELS);
        for (KeyedModel model : models) {
            views.add(new ModelView(model));
        }
        long withViews = usedAfterGc();
        int snapshot = KeyedModelCodec.encode(models.get(0)).length;
        System.out.printf("models=%d d=%d drift=%s live model=%d bytes, view=%d bytes, snapshot codec=%d bytes,"
                        + " cache estimate (with its journal block)=%d bytes%n", MODELS, D, drift,
                (withModels - base) / MODELS, (withViews - withModels) / MODELS, snapshot,
                ModelCache.estimate(snapshot, 0));
        if (views.size() != models.size()) {
            throw new AssertionError("keep both lists reachable until measured");
        }
    }

    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
