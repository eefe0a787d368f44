package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProduceCommandTest {

    @Test
    void aTopicKafkaWouldRefuseIsRefusedNamingTheOption() {
        CommandRunner.Result r = CommandRunner.run("produce", "--stream", "sea", "--n", "10",
                "--bootstrap-servers", "127.0.0.1:1", "--topic", "my examples");

        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("--topic: 'my examples' cannot name a topic"), r.err());
    }
}
