package io.erstream.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A client asking every instance it is told of about every key, over and over, in the background, and noting each
 * answer: when, which instance, which key, its status (-1 when nothing answered) and whether it was stale. The
 * answers of a time window are then counted, e.g. those of a failover.
 */
final class QueryProbe implements AutoCloseable {

    /** One answer; {@code detail} is the body of an answer other than 200 (its error), else empty. */
    record Answer(long nanos, String instance, String key, int status, boolean stale, String detail) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<String> keys;
    private final Map<String, Integer> instances = new ConcurrentHashMap<>();
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    QueryProbe(List<String> keys) {
        this.keys = List.copyOf(keys);
        this.thread = new Thread(this::run, "query-probe");
        this.thread.setDaemon(true);
    }

    QueryProbe start() {
        thread.start();
        return this;
    }

    /** From now on, {@code name} on {@code port} is asked too. */
    void ask(String name, int port) {
        instances.put(name, port);
    }

    /** From now on, {@code name} is no longer asked (it is about to be killed or stopped, as a balancer would). */
    void forget(String name) {
        instances.remove(name);
    }

    private void run() {
        while (running) {
            for (Map.Entry<String, Integer> instance : new TreeMap<>(instances).entrySet()) {
                for (String key : keys) {
                    if (!running || !instances.containsKey(instance.getKey())) {
                        break;
                    }
                    answers.add(ask(instance.getKey(), instance.getValue(), key));
                }
            }
            if (instances.isEmpty()) {
                pause();
            }
        }
    }

    private static Answer ask(String instance, int port, String key) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/models/"
                + ChildRun.encode(key))).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            boolean ok = response.statusCode() == 200;
            return new Answer(System.nanoTime(), instance, key, response.statusCode(),
                    ok && response.body().contains("\"stale\":true"), ok ? "" : response.body());
        } catch (IOException e) {
            return new Answer(System.nanoTime(), instance, key, -1, false, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(System.nanoTime(), instance, key, -1, false, "interrupted");
        }
    }

    private void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The answers noted between the two {@link System#nanoTime()} readings. */
    List<Answer> between(long fromNanos, long toNanos) {
        List<Answer> window = new ArrayList<>();
        for (Answer a : answers) {
            if (a.nanos() >= fromNanos && a.nanos() <= toNanos) {
                window.add(a);
            }
        }
        return window;
    }

    /** Every answer so far. */
    List<Answer> all() {
        return List.copyOf(answers);
    }

    /** Answers by status, stale 200s apart ("200 stale"). */
    static Map<String, Integer> byStatus(List<Answer> answers) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Answer a : answers) {
            counts.merge(a.status() + (a.stale() ? " stale" : ""), 1, Integer::sum);
        }
        return counts;
    }

    /** The share of {@code answers} that are 200, stale or not. */
    static double answered(List<Answer> answers) {
        return answers.isEmpty() ? Double.NaN
                : (double) answers.stream().filter(a -> a.status() == 200).count() / answers.size();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(15_000);
    }
}
