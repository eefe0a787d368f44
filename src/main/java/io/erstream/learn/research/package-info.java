/**
 * Expectation Reflection beyond the stream's per-record path: the baselines and experiments that {@code fit} and
 * {@code evaluate} measure, and the batch fits that make a warm start. Batch ER
 * ({@link io.erstream.learn.research.BatchReflection}) and its least-squares half
 * ({@link io.erstream.learn.research.CentredRidge}); multilayer ER
 * ({@link io.erstream.learn.research.MultilayerReflection}) and its backprop baseline
 * ({@link io.erstream.learn.research.Backprop}); nonlinear online ER
 * ({@link io.erstream.learn.research.NonlinearReflection}) over a fixed feature layer
 * ({@link io.erstream.learn.research.RandomFeatures}).
 *
 * <p>Why apart: these classes change with each experiment, while the stream's model and its bytes must not move.
 * They read the learning core ({@link io.erstream.learn}): they fit its {@code LinearModel} and
 * {@code MultilayerModel}, reflect with its {@code Reflection} and learn with its {@code OnlineReflection}. Nothing
 * in the core, the stream, the HTTP side, drift or evaluation imports them; the command line reaches them only
 * through {@code fit} and {@code evaluate}, and a fitted model reaches the stream only as bytes that the core's
 * codec reads (a warm start). The test {@code io.erstream.LayeringTest} keeps it so.
 *
 * <pre>{@code
 * MultilayerModel network = MultilayerReflection.fit(x, labels, classes, MultilayerReflection.Options.defaults(64, 3));
 * WarmStart warm = WarmStart.of(network, x, LearnerSpec.DEFAULT_REGU);
 * }</pre>
 */
package io.erstream.learn.research;
