/**
 * The {@code erstream} commands ({@link io.erstream.cli.Main}): {@code demo} (broker, topics, application and a
 * drifting stream in one JVM), {@code run} (the application against a cluster), {@code topics}, {@code produce},
 * {@code evaluate}, {@code fit}, {@code bench}.
 */
package io.erstream.cli;
