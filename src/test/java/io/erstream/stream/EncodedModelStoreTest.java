package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.erstream.learn.LearnerSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model of event features loaded from its snapshot and journal equals the live one at every point of the ring:
 * the journal holds canonical records, and replaying them changes the encoding as learning live did.
 */
class EncodedModelStoreTest {

    private static final int INTERVAL = 2 * ModelStore.INTERVAL_ROUNDING;
    private static final FeatureEncoder.Settings SETTINGS =
            new FeatureEncoder.Settings(FeatureEncoder.Strings.VOCABULARY, 4, 4, 256);

    private KeyValueStore<Bytes, byte[]> kv;

    @BeforeEach
    void openStore() {
        kv = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("models"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        kv.init(new MockProcessorContext<>().getStateStoreContext(), kv);
    }

    @ParameterizedTest(name = "after {0} records")
    @ValueSource(ints = {1, 2, 16, 31, 32, 33, 40, 64, 65, 150})
    void aLoadedEncodedModelEqualsTheLiveOneAtEveryPointOfTheRing(int records) {
        List<String> input = EventRecords.of(records, records);
        ExampleParser parser = new ExampleParser(256);
        ParsedExample parsed = new ParsedExample();
        Example example = new Example();
        ModelStore live = new ModelStore(kv, INTERVAL);
        KeyedModel model = null;
        for (String record : input) {
            parser.parse(record.getBytes(StandardCharsets.UTF_8), parsed);
            if (model == null) {
                model = KeyedModel.create("k", LearnerSpec.classifier(2), List.of("0", "1"),
                        FeatureLayout.of(parsed, SETTINGS, false), INTERVAL);
                model.bind(parsed, 0, example);
                live.create(model);
            } else {
                model.bind(parsed, 0, example);
            }
            if (example.labelled) {
                live.learn(model, example);
            }
            live.flush();
        }

        KeyedModel loaded = new ModelStore(kv, INTERVAL).get("k");

        assertEquals(model.sequence(), loaded.sequence());
        assertArrayEquals(KeyedModelCodec.encode(model), KeyedModelCodec.encode(loaded));
    }
}
