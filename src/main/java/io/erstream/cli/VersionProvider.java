package io.erstream.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code erstream --version}: the pom's version, read from {@value #RESOURCE} (which Maven filters at build time, so
 * the pom stays the one place the version is written), and the Java runtime that runs it, since a bug report needs
 * both.
 */
final class VersionProvider implements IVersionProvider {

    static final String RESOURCE = "erstream-version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {
            "erstream " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + " "
                    + System.getProperty("java.vm.version") + ", " + System.getProperty("java.vendor") + ")"
        };
    }

    /**
     * The build's version, or {@code unknown} where the classes run without Maven's processed resources (an IDE that
     * copies resources unfiltered leaves the {@code ${project.version}} placeholder in place).
     */
    static String version() {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String version = properties.getProperty("version", "").strip();
        return version.isEmpty() || version.contains("${") ? "unknown" : version;
    }
}
