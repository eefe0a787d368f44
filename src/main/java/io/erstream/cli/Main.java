package io.erstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point: one picocli command per user task. Exit codes: 0 success, 1 failure (one line on stderr),
 * 2 bad usage.
 */
@Command(name = "erstream", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Online Expectation Reflection learning inside Kafka Streams.",
        subcommands = {DemoCommand.class, RunCommand.class, TopicsCommand.class, ProduceCommand.class, BenchCommand.class,
            EvaluateCommand.class, FitCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("error: " + describe(e));
            return 1;
        });
        return cli;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
