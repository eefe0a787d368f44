package io.erstream.learn;

/** What a model predicts: a class among {@code classes}, or a real value (identity link). */
public enum Task {
    CLASSIFICATION,
    REGRESSION
}
