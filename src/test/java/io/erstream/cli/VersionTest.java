package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VersionTest {

    /** Surefire passes the pom's version; the command reads it from the filtered resource: the two must agree. */
    @Test
    void versionPrintsThePomVersion() {
        String pomVersion = System.getProperty("project.version");
        assertNotNull(pomVersion, "run through Maven: surefire passes -Dproject.version");

        CommandRunner.Result r = CommandRunner.run("--version");

        assertEquals(0, r.exitCode(), r.err());
        assertEquals("erstream " + pomVersion, r.out().lines().findFirst().orElseThrow());
    }

    @Test
    void versionNamesTheJavaRuntime() {
        CommandRunner.Result r = CommandRunner.run("--version");

        assertEquals(0, r.exitCode(), r.err());
        String second = r.out().lines().skip(1).findFirst().orElseThrow();
        assertTrue(second.startsWith("Java " + System.getProperty("java.version") + " "), r.out());
    }
}
