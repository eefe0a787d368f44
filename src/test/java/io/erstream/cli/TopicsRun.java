package io.erstream.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of {@code erstream topics} with its exit code and what it printed. */
record TopicsRun(int exit, String out, String err, long millis) {

    static TopicsRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new TopicsCommand())
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err));
        long start = System.nanoTime();
        int exit = command.execute(args);
        return new TopicsRun(exit, out.toString(), err.toString(), (System.nanoTime() - start) / 1_000_000);
    }

    /** The status column of the table row for this topic. */
    String status(String topic) {
        return out.lines().filter(l -> l.startsWith(topic + " ")).map(l -> l.substring(l.lastIndexOf(' ') + 1))
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + topic + " in:\n" + out));
    }
}
