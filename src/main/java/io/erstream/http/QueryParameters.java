package io.erstream.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request's query string as names and values, each percent-decoded as UTF-8 the way {@link PathKeys} decodes a
 * path segment ({@code +} stays a plus: a model key in {@code after=} may contain one). Empty for a malformed
 * escape or invalid UTF-8; the last of repeated names wins.
 */
final class QueryParameters {

    private QueryParameters() {
    }

    static Optional<Map<String, String>> parse(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Optional.of(parameters);
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            Optional<String> name = PathKeys.decode(eq < 0 ? pair : pair.substring(0, eq));
            Optional<String> value = eq < 0 ? Optional.of("") : PathKeys.decode(pair.substring(eq + 1));
            if (name.isEmpty() || value.isEmpty()) {
                return Optional.empty();
            }
            parameters.put(name.get(), value.get());
        }
        return Optional.of(parameters);
    }
}
