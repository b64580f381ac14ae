package id.jaga.controller.ingest;

import id.jaga.controller.storage.StorageUnavailableException;
import id.jaga.sensors.mqtt.MqttLink.Incoming;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between the MQTT session and storage. On the MQTT thread each message is decoded, checked and
 * judged by the rules at once (an alarm does not wait for storage), then put in a bounded queue;
 * one writer thread takes whatever has arrived (up to {@link #MAX_BATCH} messages, transactions at
 * least {@link #COMMIT_SPACING} apart), stores it in one transaction, then acknowledges those messages. When storage is slow the queue fills and the
 * MQTT thread waits, so the broker holds the rest (back-pressure): nothing is dropped. When storage
 * fails ({@link StorageUnavailableException}) the batch is retried with backoff, never acknowledged
 * before it is stored. Any other exception is a bug in a rule or a sink: retrying would meet it
 * again for ever, so it is logged, the batch abandoned (acknowledged unstored, counted as
 * {@code jaga.ingest.batches.abandoned}) and ingest goes on with the next.
 * <p>
 * Messages are judged in the order they arrived: once one could not be judged on arrival (the
 * database failed under a rule), those after it wait in the queue unjudged too, and the writer
 * judges them in turn before storing them.
 */
public final class IngestQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestQueue.class);
    public static final int CAPACITY = 5_000;
    static final int MAX_BATCH = 500;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** Transactions begin at least this far apart: the acknowledgement of a message waits at most this much longer. */
    static final Duration COMMIT_SPACING = Duration.ofMillis(20);

    private final BlockingQueue<Ingest.Delivery> queue = new ArrayBlockingQueue<>(CAPACITY);
    /** Messages in the queue or the writer's hands that the rules have not judged yet. */
    private final AtomicInteger unjudged = new AtomicInteger();
    private final Ingest ingest;
    private final Consumer<Incoming> acknowledge;
    private final Counter waits;
    private final Counter storageFailures;
    private final Counter abandoned;
    private final Thread writer;
    private volatile boolean closed;

    public IngestQueue(Ingest ingest, Consumer<Incoming> acknowledge, MeterRegistry registry) {
        this.ingest = ingest;
        this.acknowledge = acknowledge;
        this.waits = registry.counter("jaga.ingest.backpressure.waits");
        this.storageFailures = registry.counter("jaga.ingest.storage.failures");
        this.abandoned = Counter.builder("jaga.ingest.batches.abandoned")
                .description("batches given up after a bug in a rule or a sink (acknowledged, not stored)").register(registry);
        registry.gauge("jaga.ingest.queue.depth", queue, BlockingQueue::size);
        this.writer = new Thread(this::run, "ingest-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Called on the MQTT thread: judges the message, then waits while the queue is full, which holds the broker back. */
    public void offer(Incoming message) {
        Ingest.Delivery delivery = ingest.receive(message);
        if (unjudged.get() == 0) {
            try {
                ingest.judge(delivery);
            } catch (RuntimeException e) {
                // Storage failed (logged by ingest) or a bug: the writer tries again, in turn, before it stores the message.
            }
        }
        if (!delivery.judged()) {
            unjudged.incrementAndGet();
        }
        try {
            if (!queue.offer(delivery)) {
                waits.increment();
                queue.put(delivery);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down: unacknowledged, so the broker sends it again
        }
    }

    public int depth() {
        return queue.size();
    }

    private void run() {
        List<Ingest.Delivery> taken = new ArrayList<>(MAX_BATCH);
        long nextCommit = System.nanoTime();
        while (!closed) {
            try {
                taken.add(queue.take());
                gather(taken, nextCommit);
            } catch (InterruptedException e) {
                return;
            }
            nextCommit = System.nanoTime() + COMMIT_SPACING.toNanos();
            Ingest.Batch batch = new Ingest.Batch(taken);
            Duration backoff = Duration.ofMillis(100);
            while (!closed) {
                try {
                    judgeInTurn(taken);
                    ingest.process(batch);
                    break;
                } catch (StorageUnavailableException e) {
                    storageFailures.increment();
                    LOG.error("storage unavailable; {} messages wait, retrying in {} ms", taken.size() + queue.size(),
                            backoff.toMillis());
                    LockSupport.parkNanos(backoff.toNanos());
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                } catch (RuntimeException e) {
                    // A bug on one batch must not stop ingest; its messages are acknowledged so they do not loop.
                    abandoned.increment();
                    LOG.error("ingest failed on a batch of {} messages, which is abandoned (a bug, not storage)", taken.size(), e);
                    ingest.abandon(batch);
                    taken.stream().filter(d -> !d.judged()).forEach(d -> unjudged.decrementAndGet());
                    break;
                }
            }
            if (closed) {
                return; // unacknowledged: the broker sends them again to the next controller
            }
            taken.forEach(d -> acknowledge.accept(d.incoming()));
            taken.clear();
        }
    }

    /**
     * Waits until {@code nextCommit}, then takes what has arrived: under load, messages gather into
     * fewer, larger transactions. Each transaction rewrites the index pages it touches, and with
     * many agents nearly every message touches pages of its own, so a larger batch costs far less
     * per message. A message that arrives after a quiet spell is stored at once.
     */
    private void gather(List<Ingest.Delivery> taken, long nextCommit) {
        long wait = nextCommit - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait); // woken early by close(), which leaves the batch unacknowledged
        }
        queue.drainTo(taken, MAX_BATCH - taken.size());
    }

    /** Judges, in order, the messages that could not be judged on arrival. */
    private void judgeInTurn(List<Ingest.Delivery> taken) {
        for (Ingest.Delivery d : taken) {
            if (!d.judged()) {
                ingest.judge(d);
                unjudged.decrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
