package io.erstream.http;

import io.erstream.stream.StreamConfig;
import java.time.Duration;

/** HTTP settings for tests: loopback, any free port, no TLS, no token, unless a test says otherwise. */
final class Settings {

    private Settings() {
    }

    static StreamConfig.Http loopback() {
        return new StreamConfig.Http("127.0.0.1", 0, "", "", "", false, false, 8, Duration.ofSeconds(10),
                Duration.ofSeconds(2));
    }

    static StreamConfig.Http withToken(String token, boolean authMetrics, boolean authHealth) {
        StreamConfig.Http s = loopback();
        return new StreamConfig.Http(s.bind(), s.port(), s.keystore(), s.keystorePassword(), token, authMetrics,
                authHealth, s.threads(), s.readTimeout(), s.forwardTimeout());
    }

    static StreamConfig.Http withReadTimeout(Duration readTimeout) {
        StreamConfig.Http s = loopback();
        return new StreamConfig.Http(s.bind(), s.port(), s.keystore(), s.keystorePassword(), s.authToken(),
                s.authMetrics(), s.authHealth(), s.threads(), readTimeout, s.forwardTimeout());
    }

    static StreamConfig.Http withKeystore(String keystore, String password) {
        StreamConfig.Http s = loopback();
        return new StreamConfig.Http(s.bind(), s.port(), keystore, password, s.authToken(), s.authMetrics(),
                s.authHealth(), s.threads(), s.readTimeout(), s.forwardTimeout());
    }

    static StreamConfig.Http withForwardTimeout(String token, Duration forwardTimeout) {
        StreamConfig.Http s = withToken(token, false, false);
        return new StreamConfig.Http(s.bind(), s.port(), s.keystore(), s.keystorePassword(), s.authToken(),
                s.authMetrics(), s.authHealth(), s.threads(), s.readTimeout(), forwardTimeout);
    }

    static StreamConfig.Http withThreads(int threads, Duration readTimeout) {
        StreamConfig.Http s = loopback();
        return new StreamConfig.Http(s.bind(), s.port(), s.keystore(), s.keystorePassword(), s.authToken(),
                s.authMetrics(), s.authHealth(), threads, readTimeout, s.forwardTimeout());
    }

    static StreamConfig.Http withTimeouts(Duration readTimeout, Duration forwardTimeout) {
        StreamConfig.Http s = loopback();
        return new StreamConfig.Http(s.bind(), s.port(), s.keystore(), s.keystorePassword(), s.authToken(),
                s.authMetrics(), s.authHealth(), s.threads(), readTimeout, forwardTimeout);
    }
}
