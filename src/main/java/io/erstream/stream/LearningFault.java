package io.erstream.stream;

/**
 * A fault injected into the learning step, after a model has changed and before its change is persisted: the
 * worst moment for a failure, which is how tests prove that a failed record leaves its model exactly as it was.
 * Production code uses {@link #NONE}.
 */
@FunctionalInterface
interface LearningFault {

    LearningFault NONE = model -> {
    };

    /** Called right after {@code model} learnt one example; may throw. */
    void afterUpdate(KeyedModel model);
}
