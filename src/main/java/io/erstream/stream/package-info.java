/**
 * The Kafka Streams application: the topology ({@link io.erstream.stream.ErstreamTopology}), what happens to one
 * record ({@link io.erstream.stream.LearnProcessor}: handle, then emit; one prediction or one dead letter), where a
 * model lives ({@link io.erstream.stream.ModelStore}: a snapshot plus a journal in a changelogged store, live models
 * a cache bounded by bytes), the configuration ({@link io.erstream.stream.StreamConfig}), the topics and their
 * admin. Why a restored model is byte-identical is in {@code docs/exactness.md}; what happens to bad input and
 * failures in {@code docs/failure-handling.md}.
 */
package io.erstream.stream;
