package io.erstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: one picocli command per user task. */
@Command(name = "erstream", mixinStandardHelpOptions = true, version = "erstream 0.1.0",
        description = "Online Expectation Reflection learning inside Kafka Streams.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (2 bad usage, 1 failure, 0 success). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
