package io.erstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.erstream.stream.ModelViews;
import io.erstream.stream.StoredModels;
import io.erstream.stream.StreamConfig;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a PKCS#12 keystore, made here with the JDK's keytool, served and used to forward. */
class TlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    Path dir;

    @Test
    void aKeystoreMakesTheServerSpeakHttpsToAClientThatTrustsIt() throws Exception {
        Path keystore = keystore();
        try (MetricsServer server = MetricsServer.start(Settings.withKeystore(keystore.toString(), PASSWORD))) {
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(keystore))
                    .connectTimeout(Duration.ofSeconds(5)).build();

            HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.localUri().resolve("/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals("https", server.localUri().getScheme());
            assertEquals(200, response.statusCode());
            assertEquals("UP\n", response.body());
        }
    }

    @Test
    void instancesSharingTheKeystoreForwardToEachOtherOverHttps() throws Exception {
        Path keystore = keystore();
        StreamConfig.Http tls = Settings.withKeystore(keystore.toString(), PASSWORD);
        try (PublishedModels models = new PublishedModels(dir.resolve("state"), "m");
             MetricsServer there = MetricsServer.start(tls);
             MetricsServer here = MetricsServer.start(tls)) {
            new ModelsApi(models.views, StoredModels.none(), Owners.single(), Readiness.always()).register(there);
            HostInfo owner = new HostInfo("127.0.0.1", there.port());
            new ModelsApi(new ModelViews(), StoredModels.none(), new Owners(key -> new Owners.Remote(owner), List::of, tls),
                    Readiness.always()).register(here);
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(keystore)).build();

            HttpResponse<String> response = client.send(HttpRequest.newBuilder(here.localUri().resolve("/models/m"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"key\":\"m\""), response.body());
        }
    }

    private Path keystore() throws IOException, InterruptedException {
        Path keystore = dir.resolve("http.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD, "-alias", "erstream",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost")
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
        }
        return keystore;
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
