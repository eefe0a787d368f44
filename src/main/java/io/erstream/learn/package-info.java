/**
 * The learning core: Expectation Reflection and its codecs, pure Java and EJML.
 *
 * <p>How one example changes a model is in {@link io.erstream.learn.OnlineReflection} ({@code learnOne},
 * {@code predictProba}): the local field is reflected toward the observed label and the weights move by one
 * recursive-least-squares step, with no learning rate. {@link io.erstream.learn.Reflection} holds the reflections,
 * {@link io.erstream.learn.ModelCodec} the versioned, bit-exact binary forms. Batch ER
 * ({@link io.erstream.learn.research.BatchReflection}), multilayer ER, backprop and random features are the research side:
 * baselines and warm starts, not the stream's per-record path. The method is written up in {@code docs/method.md}.
 *
 * <pre>{@code
 * OnlineReflection model = new OnlineReflection(LearnerSpec.classifier(2), 3);
 * double[] p = new double[2];
 * model.predictProba(x, p);   // test ...
 * model.learnOne(x, label);   // ... then train
 * }</pre>
 */
package io.erstream.learn;
