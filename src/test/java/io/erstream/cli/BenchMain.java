package io.erstream.cli;

import picocli.CommandLine;

/**
 * Runs {@code erstream bench} until the command is registered in {@link Main}:
 * {@code java -cp target/test-classes:target/erstream.jar io.erstream.cli.BenchMain [options]}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
