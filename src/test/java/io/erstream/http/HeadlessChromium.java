package io.erstream.http;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium}, headless, as a user's browser for tests: loads a page, lets its scripts run for a budget
 * of virtual time, then dumps the DOM or takes a screenshot. Each run gets a fresh profile and nothing that talks to
 * the network by itself, so a run depends on the page alone; shared memory goes to /tmp, because a container's
 * /dev/shm is often too small for the renderer.
 */
final class HeadlessChromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration RUN_LIMIT = Duration.ofSeconds(90);

    private HeadlessChromium() {
    }

    /** Fails, with what to do, when the browser is not installed: a silent skip would hide the page's test. */
    static void requireInstalled() {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: the live page's browser test needs Debian's chromium. "
                    + ".ci/run installs it; on this machine run: apt-get install -y chromium");
        }
    }

    /** The DOM after the page's scripts had {@code budget} of virtual time. */
    static String dumpDom(URI page, Duration budget) throws IOException, InterruptedException {
        return run(page, budget, List.of("--dump-dom"));
    }

    /** Saves a {@code width}×{@code height} screenshot of the page after {@code budget} of virtual time. */
    static void screenshot(URI page, Duration budget, Path png, int width, int height)
            throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run(page, budget, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars"));
        if (!Files.isRegularFile(png)) {
            throw new AssertionError("chromium wrote no screenshot to " + png);
        }
    }

    private static String run(URI page, Duration budget, List<String> action) throws IOException, InterruptedException {
        requireInstalled();
        Path profile = Files.createTempDirectory("erstream-chromium-profile");
        Path out = Files.createTempFile("erstream-chromium", ".out");
        Path err = Files.createTempFile("erstream-chromium", ".err");
        try {
            List<String> command = command(profile);
            command.add("--virtual-time-budget=" + budget.toMillis());
            command.addAll(action);
            command.add(page.toString());
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            if (!process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("chromium did not finish within " + RUN_LIMIT + ": " + tail(err));
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("chromium exited " + process.exitValue() + ": " + tail(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            deleteRecursively(profile);
        }
    }

    /** The browser with a fresh profile in {@code profile} and nothing that talks to the network by itself. */
    static List<String> command(Path profile) {
        return new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
    }

    static String tail(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    }

    /** Best effort: a browser child still exiting may hold a file of its profile for a moment. */
    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory left behind; the test's outcome does not depend on it
        }
    }
}
