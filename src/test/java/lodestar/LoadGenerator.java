package lodestar;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * The load {@link LoadBenchmark} sends: signed slash commands at a fixed rate or from {@value #CONNECTIONS} connections
 * at once, and what came of them — ack latencies, answers through response_url (told by the fake Slack through
 * {@link #answered}), "busy" refusals, failures.
 */
final class LoadGenerator {
    static final int CONNECTIONS = 16;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .executor(Executors.newFixedThreadPool(8))
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /**
     * A slash command, and its text and sender for the {@code i}th request; {@code answersLater} when the person is
     * answered through the {@code response_url} after the ack.
     */
    record Path(String name, String command, boolean answersLater, IntFunction<String[]> textAndUser) {
        /** The same requests, to a server that only acks them (nothing is awaited through response_url). */
        Path ackedOnly() {
            return new Path(name, command, false, textAndUser);
        }
    }

    /** What one measurement saw. */
    record Result(
            int answered,
            Duration window,
            List<Long> acks,
            List<Long> endToEnd,
            int failed,
            int busy,
            int unanswered,
            long completed,
            long cpuNanos,
            long databaseCpuNanos) {
        double perSecond() {
            return answered / (window.toNanos() / 1e9);
        }

        /** Commands whose answer reached the fake Slack during the window (any request's), per second. */
        double completedPerSecond() {
            return completed / (window.toNanos() / 1e9);
        }

        /** CPU time the server spent during the window per command answered in it, in milliseconds. */
        double cpuMillisPerCompleted() {
            return completed == 0 ? Double.NaN : cpuNanos / 1e6 / completed;
        }

        /** CPU time PostgreSQL (all its processes) spent during the window per command answered in it, in ms. */
        double databaseCpuMillisPerCompleted() {
            return completed == 0 ? Double.NaN : databaseCpuNanos / 1e6 / completed;
        }
    }

    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private volatile Queue<Long> endToEnd = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile long lastAnswer = System.nanoTime();
    private final AtomicLong answers = new AtomicLong();

    private final SignedCommands commands;
    /** The CPU time of the database the servers share, read with theirs at each window's start and end. */
    private final LongSupplier databaseCpu;

    LoadGenerator(String respondAt, LongSupplier databaseCpu) {
        this.commands = new SignedCommands(respondAt);
        this.databaseCpu = databaseCpu;
    }

    /** The fake Slack received the answer to the request whose response_url has {@code id}. */
    void answered(String id) {
        lastAnswer = System.nanoTime();
        answers.incrementAndGet();
        Long sent = sentAt.remove(id);
        if (sent != null) {
            endToEnd.add(System.nanoTime() - sent);
        }
    }

    /** A request and the id of its response_url. */
    record Sent(String id, HttpRequest request) {}

    /**
     * Lodestar's answer in the ack when it has no room for more: "nothing was done" (then no answer follows), or the
     * command is saved and waits its turn (then its answer follows).
     */
    private static boolean busy(HttpResponse<String> response) {
        return response.body().contains("Lodestar is busy");
    }

    private static boolean nothingDone(HttpResponse<String> response) {
        return response.body().contains("nothing was done");
    }

    /** {@code rate} requests a second, whatever the answers: a warm-up as long as the measurement, then measured. */
    Result fixedRate(int port, Path path, int rate, Duration measure, LongSupplier cpu) throws Exception {
        var ticker = Executors.newSingleThreadScheduledExecutor();
        Queue<Long> acks = new ConcurrentLinkedQueue<>();
        var failed = new AtomicInteger();
        var refused = new AtomicInteger();
        var measuring = new boolean[] {false};
        var inFlight = new AtomicInteger();
        ticker.scheduleAtFixedRate(
                () -> {
                    boolean counted = measuring[0];
                    var request = request(port, path, counted);
                    long sent = System.nanoTime();
                    inFlight.incrementAndGet();
                    HTTP.sendAsync(request.request(), HttpResponse.BodyHandlers.ofString())
                            .whenComplete((response, error) -> {
                                if (counted) {
                                    acks.add(System.nanoTime() - sent);
                                    if (error != null || response.statusCode() / 100 != 2) {
                                        failed.incrementAndGet();
                                        sentAt.remove(request.id());
                                    } else if (busy(response)) {
                                        refused.incrementAndGet();
                                        if (nothingDone(response)) {
                                            sentAt.remove(request.id());
                                        }
                                    }
                                }
                                inFlight.decrementAndGet();
                            });
                },
                0,
                1_000_000_000L / rate,
                TimeUnit.NANOSECONDS);
        Thread.sleep(measure.toMillis());
        endToEnd = new ConcurrentLinkedQueue<>();
        measuring[0] = true;
        long answersBefore = answers.get();
        long cpuBefore = cpu.getAsLong();
        long databaseBefore = databaseCpu.getAsLong();
        Thread.sleep(measure.toMillis());
        long completed = answers.get() - answersBefore;
        long cpuUsed = cpu.getAsLong() - cpuBefore;
        long databaseUsed = databaseCpu.getAsLong() - databaseBefore;
        ticker.shutdownNow();
        int unanswered = settle(inFlight);
        return new Result(
                acks.size(),
                measure,
                sorted(acks),
                sorted(endToEnd),
                failed.get(),
                refused.get(),
                unanswered,
                completed,
                cpuUsed,
                databaseUsed);
    }

    /** {@value #CONNECTIONS} senders, each sending again as soon as it is answered; measured after a warm-up. */
    Result saturate(int port, Path path, Duration measure, LongSupplier cpu) throws Exception {
        Queue<Long> acks = new ConcurrentLinkedQueue<>();
        var failed = new AtomicInteger();
        var refused = new AtomicInteger();
        long start = System.nanoTime();
        long measureFrom = start + measure.toNanos();
        long until = measureFrom + measure.toNanos();
        var done = new CountDownLatch(CONNECTIONS);
        var senders = Executors.newFixedThreadPool(CONNECTIONS);
        var cleared = new boolean[] {false};
        var answersBefore = new AtomicLong();
        var cpuBefore = new AtomicLong();
        var databaseBefore = new AtomicLong();
        for (int c = 0; c < CONNECTIONS; c++) {
            senders.execute(() -> {
                try {
                    while (System.nanoTime() < until) {
                        boolean counted = System.nanoTime() >= measureFrom;
                        synchronized (cleared) {
                            if (counted && !cleared[0]) {
                                endToEnd = new ConcurrentLinkedQueue<>();
                                answersBefore.set(answers.get());
                                cpuBefore.set(cpu.getAsLong());
                                databaseBefore.set(databaseCpu.getAsLong());
                                cleared[0] = true;
                            }
                        }
                        var request = request(port, path, counted);
                        long sent = System.nanoTime();
                        try {
                            var response = HTTP.send(request.request(), HttpResponse.BodyHandlers.ofString());
                            if (counted && response.statusCode() / 100 != 2) {
                                failed.incrementAndGet();
                                sentAt.remove(request.id());
                            } else if (counted && busy(response)) {
                                refused.incrementAndGet();
                                if (nothingDone(response)) {
                                    sentAt.remove(request.id());
                                }
                            }
                        } catch (IOException e) {
                            if (counted) {
                                failed.incrementAndGet();
                                sentAt.remove(request.id());
                            }
                        }
                        if (counted) {
                            acks.add(System.nanoTime() - sent);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        long completed = answers.get() - answersBefore.get();
        long cpuUsed = cpu.getAsLong() - cpuBefore.get();
        long databaseUsed = databaseCpu.getAsLong() - databaseBefore.get();
        senders.shutdown();
        int unanswered = settle(new AtomicInteger());
        return new Result(
                acks.size(),
                measure,
                sorted(acks),
                sorted(endToEnd),
                failed.get(),
                refused.get(),
                unanswered,
                completed,
                cpuUsed,
                databaseUsed);
    }

    /**
     * Waits until Lodestar has sent no answer for 3 s (at most 10 minutes): its queues are empty. A saturation round
     * can leave thousands of commands saved "busy"; two minutes did not always see them done, and the next round was
     * then measured beside that backlog.
     */
    void drain() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline
                && System.nanoTime() - lastAnswer < Duration.ofSeconds(3).toNanos()) {
            Thread.sleep(500);
        }
    }

    /**
     * Waits (at most five minutes) for the answers still on their way: requests in flight, and the measured requests'
     * answers through response_url; returns how many of those never came. A saturation round whose acks are fast
     * leaves a backlog of 30,000 commands or more (its warm-up's too), which took more than the minute this once waited.
     */
    private int settle(AtomicInteger inFlight) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline && (inFlight.get() > 0 || !sentAt.isEmpty())) {
            Thread.sleep(200);
        }
        int unanswered = sentAt.size();
        sentAt.clear();
        return unanswered;
    }

    private Sent request(int port, Path path, boolean counted) {
        int i = sequence.incrementAndGet();
        String id = "load-" + i;
        if (counted && path.answersLater()) {
            sentAt.put(id, System.nanoTime());
        }
        String[] textAndUser = path.textAndUser().apply(i);
        return new Sent(
                id, commands.signed(port, SignedCommands.form(path.command(), textAndUser[0], textAndUser[1], id)));
    }

    /** Sends one command before the load, and fails unless it is answered 200. */
    void setup(int port, String command, String text, String userId) throws Exception {
        var response = HTTP.send(
                commands.signed(port, SignedCommands.form(command, text, userId, "setup-" + System.nanoTime())),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(command + " " + text + ": HTTP " + response.statusCode());
        }
    }

    static List<Long> sorted(Queue<Long> nanos) {
        List<Long> list = new ArrayList<>(nanos);
        Collections.sort(list);
        return list;
    }
}
