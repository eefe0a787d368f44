package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * README's configuration table is generated from {@link StreamConfig#definitions()}: the text between the
 * {@code config-table} markers must equal {@link StreamConfig#markdownTable()}.
 *
 * <p>To regenerate it after changing a key: {@code mvn -B -o -q test -Dtest=ReadmeConfigTableTest
 * -Derstream.readme.update=true} rewrites that section of README.md (and passes), or run {@link #main}.
 */
class ReadmeConfigTableTest {

    static final String BEGIN = "<!-- config-table:begin (generated from StreamConfig; see ReadmeConfigTableTest) -->";
    static final String END = "<!-- config-table:end -->";
    static final Path README = Path.of("README.md");

    @Test
    void readmeShowsTheGeneratedTable() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String generated = withTable(readme, StreamConfig.markdownTable());
        if (Boolean.getBoolean("erstream.readme.update")) {
            if (!generated.equals(readme)) {
                Files.writeString(README, generated, StandardCharsets.UTF_8);
            }
            return;
        }
        if (!generated.equals(readme)) {
            fail("README.md's configuration table differs from StreamConfig's definitions. Regenerate it with\n"
                    + "  mvn -B -o -q test -Dtest=ReadmeConfigTableTest -Derstream.readme.update=true\n"
                    + "expected section:\n" + StreamConfig.markdownTable());
        }
    }

    @Test
    void everyKeyIsDefinedOnceAndTheDefaultsParse() {
        List<StreamConfig.Definition> defs = StreamConfig.definitions();
        Set<String> names = new HashSet<>();
        for (StreamConfig.Definition d : defs) {
            assertTrue(names.add(d.name()), "defined twice: " + d.name());
            assertTrue(!d.doc().isBlank(), "no doc: " + d.name());
        }
        assertEquals(StreamConfig.keys(), names);
        for (String key : List.of("application.id", "bootstrap.servers", "processing.guarantee")) {
            assertTrue(names.contains(key), key);
        }
        // every default is valid: reading nothing yields exactly the defaults
        StreamConfig.defaults();
    }

    @Test
    void theTableHasOneRowPerKey() {
        String table = StreamConfig.markdownTable();
        for (StreamConfig.Definition d : StreamConfig.definitions()) {
            assertTrue(table.contains("\n| `" + d.name() + "` |"), d.name());
        }
        assertEquals(StreamConfig.definitions().size() + 2, table.split("\n").length);
    }

    static String withTable(String readme, String table) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            fail("README.md has no section between '" + BEGIN + "' and '" + END + "'");
        }
        return readme.substring(0, begin + BEGIN.length()) + "\n" + table + readme.substring(end);
    }

    /** Rewrites README.md's configuration table (run from the project's root). */
    public static void main(String[] args) throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        Files.writeString(README, withTable(readme, StreamConfig.markdownTable()), StandardCharsets.UTF_8);
    }
}
