package io.erstream.cli;

import io.erstream.eval.ExampleStream;
import io.erstream.stream.ExampleProducer;
import io.erstream.stream.TopicCatalog;
import io.erstream.stream.TopicName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code erstream produce}: replays a CSV dataset or a built-in stream into the examples topic. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Replay a CSV dataset or a built-in stream into the examples topic.",
            "The last line is one JSON object: produced, seconds, recordsPerSecond."})
final class ProduceCommand implements Callable<Integer> {

    @Mixin
    ExampleSource source;

    @Mixin
    ClientOptions client;

    @Option(names = "--topic", defaultValue = TopicCatalog.EXAMPLES, description = "default ${DEFAULT-VALUE}")
    String topic;

    @Option(names = "--key", defaultValue = "default", description = "model key of every record (default ${DEFAULT-VALUE})")
    String key;

    @Option(names = "--rate", defaultValue = "0", description = "records per second, 0 = as fast as possible")
    double rate;

    @Override
    public Integer call() {
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must be 0 or positive, got " + rate);
        }
        TopicName.require("--topic", topic);
        ExampleStream examples = source.open(false);
        long start = System.nanoTime();
        long sent;
        try (ExampleProducer producer = new ExampleProducer(client.properties(), topic)) {
            sent = producer.send(examples, key, rate, count -> System.err.println("produced=" + count));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(new Json().put("produced", sent).put("seconds", Json.round(seconds, 3))
                .put("recordsPerSecond", Math.round(sent / seconds)));
        return 0;
    }
}
