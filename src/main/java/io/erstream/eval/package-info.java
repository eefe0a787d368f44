/**
 * Evaluation inputs and scores for online learners: seeded synthetic streams with known drift,
 * in-memory datasets read from CSV and IDX files, and prequential (test-then-train) metrics.
 *
 * <p>Everything here is pure Java and single-threaded. Streams fill a caller-owned {@link
 * io.erstream.eval.Example} so that the per-example hot path allocates nothing.
 */
package io.erstream.eval;
