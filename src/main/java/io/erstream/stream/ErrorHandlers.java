package io.erstream.stream;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' exception handlers as erstream configures them ({@link StreamConfig#streamsProperties}), both
 * following {@code erstream.errors.record}.
 *
 * <p>A record's own failures never reach them: {@link LearnProcessor} undoes and dead-letters those itself, which is
 * what keeps a model exact (a handler that resumes cannot undo the state a failed record already wrote). What is
 * left:
 * <ul>
 *   <li>{@link Processing}: a punctuator that threw (it writes no state: under {@code continue} the stream goes on,
 *       counted), or a failure after a record's writes (always fatal: the thread fails, and under exactly_once_v2
 *       the transaction aborts, so the record is handled again from the committed state).</li>
 *   <li>{@link Production}: an output record the producer or broker refused (e.g. larger than its topic's
 *       {@code max.message.bytes}): under {@code continue} it is dropped and counted, under {@code fail} the stream
 *       stops. erstream bounds every output so that the declared topic limits are never reached.</li>
 * </ul>
 */
public final class ErrorHandlers {

    /** Streams property carrying the {@link LearningEvents} the handlers report to (an object, not a string). */
    public static final String EVENTS = "erstream.internal.events";
    /** Streams property carrying the {@code erstream.errors.record} policy to the handlers. */
    static final String POLICY = "erstream.internal.errors.record";

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

    private ErrorHandlers() {
    }

    /** What both handlers are configured with: where to report, and whether the policy lets the stream go on. */
    private abstract static class Configured {

        LearningEvents events = LearningEvents.NONE;
        boolean resume = true;

        public void configure(Map<String, ?> configs) {
            events = configs.get(EVENTS) instanceof LearningEvents given ? given : LearningEvents.NONE;
            resume = !StreamConfig.RecordErrors.FAIL.name().equals(configs.get(POLICY));
        }
    }

    /** Failures in processing that the processor did not absorb. */
    public static final class Processing extends Configured implements ProcessingExceptionHandler {

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            events.processingFailure(exception.getClass().getName());
            boolean punctuation = record == null;
            if (punctuation && resume && !RecordFailedException.causedBy(exception)
                    && !StartupException.causedBy(exception)) {
                LOG.warn("a periodic publication of task {} failed; the stream goes on", context.taskId(), exception);
                return Response.resume();
            }
            LOG.error("processing failed in task {} at {}-{}@{}; the stream thread stops", context.taskId(),
                    context.topic(), context.partition(), context.offset(), exception);
            return Response.fail();
        }
    }

    /** Output records the producer or the broker refused. */
    public static final class Production extends Configured implements ProductionExceptionHandler {

        @Override
        public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                    Exception exception) {
            events.outputRefused(record.topic(), resume);
            int size = (record.key() == null ? 0 : record.key().length)
                    + (record.value() == null ? 0 : record.value().length);
            if (resume) {
                LOG.error("{} refused a {}-byte record (input {}-{}@{}); it is dropped: {}", record.topic(), size,
                        context.topic(), context.partition(), context.offset(), exception.toString());
                return Response.resume();
            }
            LOG.error("{} refused a {}-byte record (input {}-{}@{}); stopping ({}=fail)", record.topic(), size,
                    context.topic(), context.partition(), context.offset(), StreamConfig.ERRORS_RECORD, exception);
            return Response.fail();
        }

        @Override
        public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record,
                                                 Exception exception, SerializationExceptionOrigin origin) {
            return Response.fail(); // byte arrays do not fail to serialise: this is a bug, not an input
        }
    }
}
