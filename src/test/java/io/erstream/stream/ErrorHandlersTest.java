package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** Kafka Streams' handlers resume only where that cannot break a model, and follow erstream.errors.record. */
class ErrorHandlersTest {

    private final List<String> reported = new ArrayList<>();
    private final LearningEvents events = new LearningEvents() {
        @Override
        public void outputRefused(String topic, boolean resumed) {
            reported.add("refused " + topic + " " + resumed);
        }

        @Override
        public void processingFailure(String exception) {
            reported.add("failure " + exception);
        }
    };

    @Test
    void aFailedPunctuationResumesUnderContinue() {
        assertEquals(ProcessingExceptionHandler.Result.RESUME,
                processing("CONTINUE").handleError(CONTEXT, null, new IllegalStateException()).result());
        assertEquals(List.of("failure java.lang.IllegalStateException"), reported);
    }

    @Test
    void aFailureWhileProcessingARecordFailsTheThreadEvenUnderContinue() {
        Record<byte[], byte[]> record = new Record<>(new byte[1], new byte[1], 0);
        assertEquals(ProcessingExceptionHandler.Result.FAIL,
                processing("CONTINUE").handleError(CONTEXT, record, new IllegalStateException()).result());
    }

    @Test
    void aFailedPunctuationFailsTheThreadUnderFail() {
        assertEquals(ProcessingExceptionHandler.Result.FAIL,
                processing("FAIL").handleError(CONTEXT, null, new IllegalStateException()).result());
    }

    @Test
    void aRefusedOutputIsDroppedAndCountedUnderContinue() {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>("erstream.predictions", new byte[10]);
        assertEquals(ProductionExceptionHandler.Result.RESUME,
                production("CONTINUE").handleError(CONTEXT, out, new RecordTooLargeException("big")).result());
        assertEquals(List.of("refused erstream.predictions true"), reported);
    }

    @Test
    void aRefusedOutputStopsTheStreamUnderFail() {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>("erstream.predictions", new byte[10]);
        assertEquals(ProductionExceptionHandler.Result.FAIL,
                production("FAIL").handleError(CONTEXT, out, new RecordTooLargeException("big")).result());
        assertEquals(List.of("refused erstream.predictions false"), reported);
    }

    @Test
    void theStreamsPropertiesInstallBothHandlersAndThePolicy() {
        var props = StreamConfig.fromProperties(Harness.settings(StreamConfig.ERRORS_RECORD, "fail"), Map.of())
                .streamsProperties();
        assertEquals(ErrorHandlers.Processing.class.getName(), props.get("processing.exception.handler"));
        assertEquals(ErrorHandlers.Production.class.getName(), props.get("production.exception.handler"));
        assertEquals("FAIL", props.get(ErrorHandlers.POLICY));
    }

    private ErrorHandlers.Processing processing(String policy) {
        ErrorHandlers.Processing handler = new ErrorHandlers.Processing();
        handler.configure(Map.of(ErrorHandlers.EVENTS, events, ErrorHandlers.POLICY, policy));
        return handler;
    }

    private ErrorHandlers.Production production(String policy) {
        ErrorHandlers.Production handler = new ErrorHandlers.Production();
        handler.configure(Map.of(ErrorHandlers.EVENTS, events, ErrorHandlers.POLICY, policy));
        return handler;
    }

    /** Where a failure happened, as Kafka Streams describes it to a handler. */
    private static final ErrorHandlerContext CONTEXT = new ErrorHandlerContext() {
        @Override
        public String topic() {
            return "erstream.examples";
        }

        @Override
        public int partition() {
            return 0;
        }

        @Override
        public long offset() {
            return 7;
        }

        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return ErstreamTopology.LEARN;
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 0);
        }

        @Override
        public long timestamp() {
            return 0;
        }

        @Override
        public byte[] sourceRawKey() {
            return null;
        }

        @Override
        public byte[] sourceRawValue() {
            return null;
        }
    };
}
