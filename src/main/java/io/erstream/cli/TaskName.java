package io.erstream.cli;

/** The {@code --task} values, spelt as users type them (picocli rejects anything else with exit code 2). */
enum TaskName {
    classification,
    regression
}
