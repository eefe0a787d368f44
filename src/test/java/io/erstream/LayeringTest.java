package io.erstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point inward: the stream, HTTP, drift and evaluation packages and the command line use the learning
 * core ({@code io.erstream.learn}); research ({@code io.erstream.learn.research}) uses the core too; the core uses
 * neither, and nothing on the product path uses research. Read from the main sources as text (imports and qualified
 * names in code, comments and strings left out), so a new import that breaks the rule fails here, not in review.
 */
class LayeringTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final String CORE = "io.erstream.learn";
    private static final String RESEARCH = "io.erstream.learn.research";
    /** The packages on the stream's path: what runs in {@code run} and {@code demo}. */
    private static final List<String> PRODUCT = List.of(CORE, "io.erstream.stream", "io.erstream.http",
            "io.erstream.drift", "io.erstream.eval");
    /** A qualified name's package part: the lower-case segments from {@code io.erstream} on. */
    private static final Pattern ERSTREAM_PACKAGE = Pattern.compile("\\bio\\.erstream(?:\\.[a-z]\\w*)+");

    @Test
    void noProductPackageUsesResearch() {
        List<String> offenders = sources().stream()
                .filter(source -> PRODUCT.contains(source.packageName()))
                .flatMap(source -> source.uses(RESEARCH))
                .toList();
        assertEquals(List.of(), offenders, "the product path must not depend on " + RESEARCH);
    }

    @Test
    void theLearningCoreUsesNoOtherErstreamPackage() {
        List<String> offenders = sources().stream()
                .filter(source -> source.packageName().equals(CORE))
                .flatMap(source -> source.erstreamPackages()
                        .filter(name -> !name.equals(CORE))
                        .map(name -> source.path() + " uses " + name))
                .toList();
        assertEquals(List.of(), offenders, "the learning core depends on nothing else of erstream");
    }

    @Test
    void researchUsesOnlyTheLearningCore() {
        List<String> offenders = sources().stream()
                .filter(source -> source.packageName().equals(RESEARCH))
                .flatMap(source -> source.erstreamPackages()
                        .filter(name -> !name.equals(CORE) && !name.equals(RESEARCH))
                        .map(name -> source.path() + " uses " + name))
                .toList();
        assertEquals(List.of(), offenders, "research depends on the learning core only");
    }

    /** The scan is not blind: it sees every product package, and the command line's use of research. */
    @Test
    void theScanSeesEveryPackageAndTheCommandLinesUseOfResearch() {
        List<Source> sources = sources();
        for (String name : PRODUCT) {
            assertTrue(sources.stream().anyMatch(source -> source.packageName().equals(name)), name);
        }
        assertTrue(sources.stream()
                .filter(source -> source.path().endsWith(Path.of("cli", "FitCommand.java")))
                .flatMap(source -> source.uses(RESEARCH))
                .findAny().isPresent(), "FitCommand fits with research learners");
    }

    private static List<Source> sources() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(file -> file.toString().endsWith(".java")).map(Source::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One main source file: its package (from its folder) and its code without comments and literals. */
    private record Source(Path path, String packageName, String code) {

        private static final Pattern NOT_CODE = Pattern.compile(
                "/\\*.*?\\*/|//[^\\n]*|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\[^']*|[^'\\\\])'",
                Pattern.DOTALL);

        static Source read(Path file) {
            String packageName = MAIN.relativize(file.getParent()).toString().replace(file.getFileSystem()
                    .getSeparator(), ".");
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                return new Source(file, packageName, NOT_CODE.matcher(text).replaceAll(" "));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The erstream package of every qualified name in the code (imports included), the package line left out. */
        Stream<String> erstreamPackages() {
            String body = code.replaceFirst("\\bpackage\\s+[\\w.]+\\s*;", " ");
            Matcher matcher = ERSTREAM_PACKAGE.matcher(body.replaceAll("\\s*\\.\\s*", "."));
            Stream.Builder<String> names = Stream.builder();
            while (matcher.find()) {
                names.add(matcher.group());
            }
            return names.build();
        }

        /** "path uses package" for each qualified name in the code from {@code packageName} or below it. */
        Stream<String> uses(String packageName) {
            return erstreamPackages()
                    .filter(name -> name.equals(packageName) || name.startsWith(packageName + "."))
                    .map(name -> path + " uses " + name);
        }
    }
}
