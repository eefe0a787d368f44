package io.erstream.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * {@code --set KEY=VALUE} for the benchmark commands: any application setting (an erstream key or a Kafka
 * Streams, producer or consumer setting), applied to every run of the invocation, so that a setting's cost is
 * measured against the same baseline in the same run.
 */
final class AppSettings {

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "an application setting for every run (repeatable), e.g. commit.interval.ms=20")
    Map<String, String> values = new LinkedHashMap<>();

    /** {@code p} with these settings over it. */
    Properties over(Properties p) {
        p.putAll(values);
        return p;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
