package io.erstream.eval;

import java.util.List;

/**
 * Our benchmark streams by name, so that the command line, tests and reports all mean the same
 * setting when they say "sea" or "rbf".
 */
public final class Generators {
    /** The valid names for {@link #byName}. */
    public static final List<String> NAMES = List.of("sea", "hyperplane", "agrawal", "rbf", "stable");

    private Generators() {
    }

    /**
     * The benchmark stream called {@code name}:
     * <ul>
     *   <li>{@code sea}: {@link SeaGenerator} with 10% label noise (drifts at n/4, n/2, 3n/4);
     *   <li>{@code hyperplane}: {@link HyperplaneGenerator#rotating};
     *   <li>{@code agrawal}: {@link AgrawalGenerator#withDrift} from function 1 (age only) to
     *       function 2 (age and salary), abrupt at n/2, perturbation 0.05;
     *   <li>{@code rbf}: {@link RandomRbfGenerator#benchmark};
     *   <li>{@code stable}: {@link HyperplaneGenerator#fixed} with 20 features and 10% noise.
     * </ul>
     *
     * @throws IllegalArgumentException for any other name, listing the valid ones
     */
    public static ExampleStream byName(String name, long n, long seed) {
        switch (name) {
            case "sea":
                return new SeaGenerator(n, seed, 0.10);
            case "hyperplane":
                return HyperplaneGenerator.rotating(n, seed);
            case "agrawal":
                return AgrawalGenerator.withDrift(n, seed, 1, 2, n / 2, 0);
            case "rbf":
                return RandomRbfGenerator.benchmark(n, seed);
            case "stable":
                return HyperplaneGenerator.fixed(n, seed, 20, 0.10);
            default:
                throw new IllegalArgumentException(
                        "unknown generator '" + name + "'; valid names: " + String.join(", ", NAMES));
        }
    }
}
