package io.erstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Entry point: one picocli command per user task. Exit codes: 0 success, 1 failure (one line on stderr),
 * 2 bad usage.
 */
@Command(name = "erstream", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Online Expectation Reflection learning inside Kafka Streams.",
        footerHeading = "%nLogging (stderr):%n",
        footer = {"  " + LogSetup.FORMAT_ENV + "=json|text  line format, as --log-format",
            "  " + LogSetup.LEVEL_ENV + "=LEVEL       erstream's own loggers (default INFO)",
            "  " + LogSetup.CONFIG_ENV + "=FILE       a Logback configuration file of your own",
            "  java -Dlogback.configurationFile=FILE  the same; wins over all of these"},
        subcommands = {DemoCommand.class, RunCommand.class, TopicsCommand.class, ProduceCommand.class, BenchCommand.class,
            CapacityCommand.class, EvaluateCommand.class, FitCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Inherited, so that it may stand before or after the subcommand; null when not given. */
    @Option(names = "--log-format", paramLabel = "json|text", scope = ScopeType.INHERIT,
            converter = LogSetup.FormatConverter.class,
            description = "log lines on stderr as text or as one JSON object per line "
                    + "(default: " + LogSetup.FORMAT_ENV + ", else text)")
    LogSetup.Format logFormat;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        // Logging is chosen after parsing (--log-format) and before any command creates a logger.
        cli.setExecutionStrategy(parsed -> {
            try {
                LogSetup.apply(main.logFormat, System.getenv(), System.getProperties());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cli, e.getMessage(), e);
            }
            return new CommandLine.RunLast().execute(parsed);
        });
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
