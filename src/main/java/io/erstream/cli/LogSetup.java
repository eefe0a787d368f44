package io.erstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Chooses the Logback configuration file. Logback reads {@value #CONFIG_PROPERTY} once, when the first logger is
 * created, so {@link Main} calls {@link #apply} after parsing and before any command runs; nothing in erstream logs
 * earlier. Precedence: the command line before the environment, and within each a file before a format:
 * {@code -Dlogback.configurationFile}, then {@code --log-format}, then {@value #CONFIG_ENV}, then {@value #FORMAT_ENV},
 * then the text default ({@code logback.xml}, which Logback finds by itself).
 */
final class LogSetup {

    static final String CONFIG_PROPERTY = "logback.configurationFile";
    static final String CONFIG_ENV = "ERSTREAM_LOG_CONFIG";
    static final String FORMAT_ENV = "ERSTREAM_LOG_FORMAT";
    /** Read by the shipped configurations themselves (erstream-logback-levels.xml); checked here only. */
    static final String LEVEL_ENV = "ERSTREAM_LOG_LEVEL";
    static final String JSON_RESOURCE = "erstream-logback-json.xml";

    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    /** How log lines look. */
    enum Format {
        TEXT, JSON;

        /** Case-insensitive, so that {@code JSON} in an environment file works as well as {@code json}. */
        static Format parse(String value) {
            for (Format format : values()) {
                if (format.name().equalsIgnoreCase(value.strip())) {
                    return format;
                }
            }
            throw new IllegalArgumentException("expected json or text, got '" + value + "'");
        }
    }

    /** Picocli's converter for {@code --log-format}. */
    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    private LogSetup() {
    }

    /**
     * Sets {@value #CONFIG_PROPERTY} as {@link #configurationFile} decides.
     *
     * @throws IllegalArgumentException for a value in the environment that cannot be used, naming the variable
     */
    static void apply(Format option, Map<String, String> env, Properties system) {
        configurationFile(option, env, system).ifPresent(file -> system.setProperty(CONFIG_PROPERTY, file));
    }

    /**
     * The value {@value #CONFIG_PROPERTY} should take, or empty where it is to stay as it is (set by the user, or
     * unset for the text default).
     *
     * @param option {@code --log-format}, null when not given
     * @throws IllegalArgumentException for a value in the environment that cannot be used, naming the variable
     */
    static Optional<String> configurationFile(Format option, Map<String, String> env, Properties system) {
        checkLevel(env.get(LEVEL_ENV));
        if (system.getProperty(CONFIG_PROPERTY) != null) {
            return Optional.empty();
        }
        if (option != null) {
            return formatFile(option);
        }
        String file = env.get(CONFIG_ENV);
        if (file != null && !file.isBlank()) {
            Path path = Path.of(file.strip());
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new IllegalArgumentException(CONFIG_ENV + " names " + file.strip() + ", which is not a readable file");
            }
            return Optional.of(path.toAbsolutePath().toString());
        }
        String format = env.get(FORMAT_ENV);
        if (format != null && !format.isBlank()) {
            try {
                return formatFile(Format.parse(format));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(FORMAT_ENV + ": " + e.getMessage(), e);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> formatFile(Format format) {
        return format == Format.JSON ? Optional.of(JSON_RESOURCE) : Optional.empty();
    }

    /** Logback reads a level it does not know as DEBUG; a typo should fail instead of flooding the log. */
    private static void checkLevel(String level) {
        if (level != null && !level.isBlank() && !LEVELS.contains(level.strip().toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException(LEVEL_ENV + ": expected one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got '"
                    + level + "'");
        }
    }
}
