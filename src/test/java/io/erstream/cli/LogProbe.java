package io.erstream.cli;

import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Main's real command line plus one subcommand, {@code log-probe}, that logs a known set of lines: a child JVM runs
 * it so that each test gets a Logback configured from scratch by Main's own option and environment handling and the
 * shipped configuration files.
 */
final class LogProbe {

    static final String INFO = "probe {}";
    static final String INFO_TEXT = "probe info";
    static final String DEBUG_TEXT = "probe debug";
    static final String KAFKA_INFO = "kafka info";
    static final String KAFKA_WARN = "kafka warn";
    static final String LOG4J_WARN = "log4j warn";
    static final String KAFKA_LOGGER = "org.apache.kafka.probe";
    static final String LOG4J_LOGGER = "org.apache.kafka.server.probe";

    private LogProbe() {
    }

    public static void main(String[] args) {
        CommandLine cli = Main.commandLine();
        cli.addSubcommand("log-probe", new Probe());
        System.exit(cli.execute(args));
    }

    @Command(name = "log-probe")
    static final class Probe implements Callable<Integer> {
        @Override
        public Integer call() {
            Logger log = LoggerFactory.getLogger(LogProbe.class);
            log.info(INFO, "info");
            log.debug(DEBUG_TEXT);
            Logger kafka = LoggerFactory.getLogger(KAFKA_LOGGER);
            kafka.info(KAFKA_INFO);
            kafka.warn(KAFKA_WARN);
            // The broker's logging controller logs through the log4j API, not SLF4J.
            LogManager.getLogger(LOG4J_LOGGER).warn(LOG4J_WARN);
            return 0;
        }
    }
}
