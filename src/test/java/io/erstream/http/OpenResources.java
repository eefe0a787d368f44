package io.erstream.http;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What a test opened (servers, drivers, sockets), closed together after it. */
final class OpenResources implements AutoCloseable {

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    <T extends AutoCloseable> T add(T resource) {
        open.add(resource);
        return resource;
    }

    int size() {
        return open.size();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable resource : open) {
            resource.close();
        }
    }
}
