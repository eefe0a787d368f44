/**
 * The HTTP side of an instance, on the JDK's own server: {@code /metrics} (Prometheus), {@code /health} and
 * {@code /ready}, and the interactive queries {@code /models} and {@code /predict} ({@link io.erstream.http.ModelsApi}),
 * forwarded to a key's owner when another instance has it. Optional TLS and bearer token; request deadlines and
 * bounded concurrency keep slow clients away from the probes.
 */
package io.erstream.http;
