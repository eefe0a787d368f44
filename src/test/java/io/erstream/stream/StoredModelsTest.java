package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queries read any stored model from the store, live or not, and page through all keys in store order. */
class StoredModelsTest {

    @TempDir
    Path state;

    @Test
    void aModelEvictedLongAgoIsReadFromTheStoreExactly() {
        try (Harness h = new Harness(state, Harness.settings(StreamConfig.MODELS_CACHE_BYTES, "1"))) {
            for (int i = 0; i < 50; i++) {
                h.send("early", "{\"id\":\"" + i + "\",\"features\":[" + i % 3 + ",1],\"label\":" + i % 2 + "}");
            }
            h.driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
            assertTrue(h.views.get("early").isPresent(), "published while live");
            for (int k = 0; k < 30; k++) {
                h.send("later-" + k, "{\"id\":\"x\",\"features\":[1,2],\"label\":1}");
            }
            assertTrue(h.cache.evictions() > 0);
            assertTrue(h.views.get("early").isEmpty(), "an evicted model keeps no view");
            Optional<ModelView> view = stored(h).find("early");
            assertTrue(view.isPresent());
            assertEquals(50, view.get().examples());
            assertArrayEquals(KeyedModelCodec.encode(h.storedModel("early")), view.get().state());
            assertTrue(stored(h).find("never").isEmpty());
        }
    }

    @Test
    void pagesCoverEveryStoredKeyOnceInStoreOrder() {
        try (Harness h = new Harness(state, Harness.settings())) {
            List<String> sent = new ArrayList<>();
            for (int k = 0; k < 23; k++) {
                String key = k % 2 == 0 ? "k" + k : "key-" + k;
                sent.add(key);
                h.send(key, "{\"id\":\"x\",\"features\":[1,2],\"label\":1}");
            }
            List<String> seen = new ArrayList<>();
            String after = null;
            for (List<String> page = stored(h).keys(null, 5); !page.isEmpty(); page = stored(h).keys(after, 5)) {
                assertTrue(page.size() <= 5);
                seen.addAll(page);
                after = page.get(page.size() - 1);
            }
            sent.sort(StoredModels.STORE_ORDER);
            assertEquals(sent, seen);
        }
    }

    private static StoredModels stored(Harness h) {
        ReadOnlyKeyValueStore<Bytes, byte[]> store = h.driver.getKeyValueStore(ModelStore.NAME);
        return new StoredModels(() -> store, () -> List.of(store), null);
    }
}
