package io.erstream.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code erstream run} in its own JVM ({@code java <jvm args> -cp <this JVM's class path> io.erstream.cli.Main run
 * --config F}), for what only a separate process can show: {@link #kill()} is SIGKILL, so no shutdown hook, no
 * {@code close()}, no final commit runs. Its output goes to files next to the config. Used by {@code capacity
 * --restart} and by the integration tests' {@code ChildApp}.
 */
final class ChildRun implements AutoCloseable {

    /** The exit code of a process killed by SIGKILL: 128 + 9. */
    static final int SIGKILLED = 128 + 9;

    private static final Pattern RUNNING = Pattern.compile("HTTP on port (\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private int port = -1;

    private ChildRun(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Writes {@code properties} to {@code dir/<name>.properties} and starts {@code run} on it with {@code jvmArgs}. */
    static ChildRun start(String name, Properties properties, Path dir, List<String> jvmArgs) throws IOException {
        Path config = dir.resolve(name + ".properties");
        try (Writer out = Files.newBufferedWriter(config)) {
            properties.store(out, name);
        }
        Path stdout = dir.resolve(name + ".out");
        Path stderr = dir.resolve(name + ".err");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config",
                config.toString()));
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile()).start();
        return new ChildRun(name, process, stdout, stderr);
    }

    /** Waits until the application reports RUNNING (its "HTTP on port" line) and returns the port. */
    int awaitRunning(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = RUNNING.matcher(Files.readString(stderr));
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                return port;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before running\n"
                        + tail());
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException(name + " did not report RUNNING within " + timeout + "\n" + tail());
    }

    /** SIGKILL (Process.destroyForcibly on Linux); returns the exit code, 137 = 128 + 9 for a killed process. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " survived SIGKILL for 30 s");
        }
        return process.exitValue();
    }

    /**
     * SIGTERM (Process.destroy on Linux), as an orchestrator stops a process: the shutdown hook closes the
     * application cleanly. Returns the exit code (143 = 128 + 15 once the hooks have run).
     */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " did not stop within " + timeout + " of SIGTERM\n" + tail());
        }
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    String name() {
        return name;
    }

    /** The HTTP port, known once {@link #awaitRunning} returned; -1 before. */
    int port() {
        return port;
    }

    Path stderr() {
        return stderr;
    }

    Path stdout() {
        return stdout;
    }

    /** {@code GET path} on the child's HTTP port. */
    HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        if (port < 0) {
            throw new IllegalStateException(name + " is not running");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The status of {@code GET /models/{key}}, -1 if nothing answers. */
    int modelStatus(String key) throws InterruptedException {
        try {
            return get("/models/" + encode(key)).statusCode();
        } catch (IOException refused) {
            return -1;
        }
    }

    static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The last lines of the child's stderr and stdout, for failure messages. */
    String tail() {
        return "--- " + name + " stderr (tail) ---\n" + tail(stderr) + "--- " + name + " stdout (tail) ---\n"
                + tail(stdout);
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Never leave a child behind. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
