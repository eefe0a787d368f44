package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The group settings erstream defaults for handover and failover (docs/failover.md), as Kafka Streams receives
 * them.
 */
class MembershipConfigTest {

    @Test
    void byDefaultEveryStoreHasOneStandbyAndASilentMemberLosesItsPartitionsAfterTenSeconds() {
        Properties streams = StreamConfig.defaults().streamsProperties();

        assertEquals("1", streams.getProperty(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
        assertEquals("10000", streams.getProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        assertEquals("10000", streams.getProperty(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG));
    }

    @Test
    void byDefaultMembershipIsDynamicAndNoEndpointIsAdvertised() {
        StreamConfig config = StreamConfig.defaults();

        assertFalse(config.membership().isStatic());
        assertFalse(config.streamsProperties().containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
        assertFalse(config.streamsProperties().containsKey(StreamsConfig.APPLICATION_SERVER_CONFIG));
    }

    @Test
    void anInstanceIdMakesTheMembershipStatic() {
        StreamConfig config = StreamConfig.fromProperties(new Properties(), Map.of("ERSTREAM_INSTANCE_ID", "erstream-2"));

        assertTrue(config.membership().isStatic());
        assertEquals("erstream-2", config.streamsProperties().getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
    }

    @Test
    void theEndpointOtherInstancesReachCanComeFromTheEnvironment() {
        StreamConfig config = StreamConfig.fromProperties(new Properties(),
                Map.of("ERSTREAM_APPLICATION_SERVER", "erstream-0.erstream-headless.prod.svc.cluster.local:8080"));

        assertEquals("erstream-0.erstream-headless.prod.svc.cluster.local:8080",
                config.streamsProperties().getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG));
    }

    @Test
    void standbysCanBeTurnedOff() {
        Properties p = new Properties();
        p.setProperty(StreamConfig.NUM_STANDBY_REPLICAS, "0");

        assertEquals("0", StreamConfig.fromProperties(p, Map.of()).streamsProperties()
                .getProperty(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
    }

    @Test
    void aSessionTimeoutBelowASecondIsRefusedNamingTheKey() {
        Properties p = new Properties();
        p.setProperty(StreamConfig.SESSION_TIMEOUT_MS, "500");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StreamConfig.fromProperties(p, Map.of()));
        assertTrue(e.getMessage().startsWith(StreamConfig.SESSION_TIMEOUT_MS), e.getMessage());
    }
}
