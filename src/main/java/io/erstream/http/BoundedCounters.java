package io.erstream.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One counter per label value, for values that come from outside erstream's control (topic names, exception
 * classes): after {@link #MAX_VALUES} distinct values further ones count as {@code other}, so a storm of novel
 * values cannot grow the scrape without bound.
 */
final class BoundedCounters {

    static final int MAX_VALUES = 16;

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final String[] fixedTags;
    private final String tag;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** @param fixedTags tag name/value pairs every counter of this family carries */
    BoundedCounters(MeterRegistry registry, String name, String description, String tag, String... fixedTags) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.tag = tag;
        this.fixedTags = fixedTags;
    }

    Counter get(String value) {
        String v = value == null ? ErstreamMetrics.OTHER : value;
        Counter counter = counters.get(v);
        if (counter != null) {
            return counter;
        }
        String kept = counters.size() < MAX_VALUES ? v : ErstreamMetrics.OTHER;
        return counters.computeIfAbsent(kept, k -> Counter.builder(name).description(description).tags(fixedTags)
                .tag(tag, k).register(registry));
    }
}
