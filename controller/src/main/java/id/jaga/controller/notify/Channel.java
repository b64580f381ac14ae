package id.jaga.controller.notify;

import id.jaga.config.NotificationChannel;
import id.jaga.sensors.wire.AlarmEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One notification channel: alarm events delivered in order, those arriving within the channel's
 * group window as one notification, each retried with backoff (1 s doubling to 60 s) until it is
 * taken, on a thread of its own so a slow or failing channel holds up neither ingest nor another
 * channel.
 */
public abstract class Channel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Channel.class);
    static final int CAPACITY = 10_000;
    /** The most events one notification carries; a longer backlog goes out in several. */
    static final int MAX_GROUP = 50;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final NotificationChannel config;
    private final BlockingDeque<Notice> queue = new LinkedBlockingDeque<>(CAPACITY);
    private final Delivered delivered;
    private final Thread worker;
    private final AtomicLong deliveredEvents = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile String lastError;
    private volatile Instant lastDelivered;

    /** Hears each notice the channel has delivered. */
    @FunctionalInterface
    interface Delivered {
        void delivered(String channel, Notice notice);
    }

    Channel(NotificationChannel config, Delivered delivered) {
        this.config = config;
        this.delivered = delivered;
        this.worker = new Thread(this::run, "notify-" + config.id());
        worker.setDaemon(true);
    }

    /** Starts delivering; separate from construction so subclasses are complete first. */
    final Channel start() {
        worker.start();
        return this;
    }

    final NotificationChannel config() {
        return config;
    }

    /** One attempt to deliver a group of notices, oldest first; an exception's message is the reason it failed. */
    abstract void deliver(List<Notice> notices) throws Exception;

    /** Queues an event; when the channel has failed so long that the queue is full, the oldest goes. */
    final void send(Notice notice) {
        while (!queue.offerLast(notice)) {
            if (queue.pollFirst() != null) {
                dropped.incrementAndGet();
                LOG.error("channel {} has {} undelivered changes: dropped the oldest", config.id(), CAPACITY);
            }
        }
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                List<Notice> group = nextGroup();
                Duration backoff = Duration.ofSeconds(1);
                while (!attempt(group)) {
                    Thread.sleep(backoff.toMillis());
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next event and whatever follows it within the group window (or is already waiting). */
    private List<Notice> nextGroup() throws InterruptedException {
        List<Notice> group = new ArrayList<>();
        group.add(queue.takeFirst());
        long deadline = System.nanoTime() + config.groupWithin().toNanos();
        for (long left = deadline - System.nanoTime(); left > 0 && group.size() < MAX_GROUP; left = deadline - System.nanoTime()) {
            Notice next = queue.pollFirst(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            group.add(next);
        }
        queue.drainTo(group, MAX_GROUP - group.size());
        return group;
    }

    private boolean attempt(List<Notice> group) throws InterruptedException {
        try {
            deliver(group);
            deliveredEvents.addAndGet(group.size());
            group.forEach(n -> delivered.delivered(config.id(), n));
            lastDelivered = Instant.now();
            lastError = null;
            return true;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            if (lastError == null) {
                LOG.warn("channel {} failed: {}; retrying with backoff", config.id(), e.getMessage());
            }
            failedAttempts.incrementAndGet();
            lastError = String.valueOf(e.getMessage());
            return false;
        }
    }

    final Status status() {
        return new Status(config.type(), lastError == null ? "ok" : "failing", queue.size(), deliveredEvents.get(),
                failedAttempts.get(), dropped.get(), lastError, lastDelivered);
    }

    @Override
    public void close() {
        worker.interrupt();
    }

    static byte[] readSecret(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + file, e);
        }
    }

    /** What the health endpoint shows of a channel. */
    public record Status(String type, String state, int pending, long delivered, long failedAttempts, long dropped,
                         String lastError, Instant lastDelivered) {
    }
}
