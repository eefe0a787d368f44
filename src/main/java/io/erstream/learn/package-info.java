/**
 * The learning core: online Expectation Reflection, the models the stream learns, serves and starts from, and their
 * versioned binary format. Pure Java and EJML; it imports no other erstream package.
 *
 * <p>How one example changes a model is in {@link io.erstream.learn.OnlineReflection} ({@code learnOne},
 * {@code predictProba}): the local field is reflected toward the observed label and the weights move by one
 * recursive-least-squares step, with no learning rate. {@link io.erstream.learn.Reflection} holds the reflections,
 * {@link io.erstream.learn.ModelCodec} the versioned, bit-exact binary forms. A warm start
 * ({@link io.erstream.learn.WarmStart}) is a trained {@link io.erstream.learn.MultilayerModel}'s frozen
 * {@link io.erstream.learn.HiddenLayer} with online ER's state over its activations. The fitted models
 * ({@link io.erstream.learn.LinearModel}, {@link io.erstream.learn.MultilayerModel}) are here because the codec
 * stores them and a warm start is made from one; the procedures that fit them are in
 * {@link io.erstream.learn.research}, which depends on this package and never the reverse. The method is written up
 * in {@code docs/method.md}.
 *
 * <pre>{@code
 * OnlineReflection model = new OnlineReflection(LearnerSpec.classifier(2), 3);
 * double[] p = new double[2];
 * model.predictProba(x, p);   // test ...
 * model.learnOne(x, label);   // ... then train
 * }</pre>
 */
package io.erstream.learn;
