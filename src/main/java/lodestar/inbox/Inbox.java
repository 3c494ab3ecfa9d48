package lodestar.inbox;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.response.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import lodestar.slack.AfterAck;
import lodestar.slack.PendingAnswer;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One way in for slash commands: a command whose work follows the ack is recorded (one insert) before the ack, and done
 * by a worker of any instance. This instance's workers take what it records while they have room, and claim the rest,
 * and what a stopped or crashed instance left, from the database ({@link #poll}). A handler may therefore run twice for
 * one command (an instance died after the work and before the row was deleted): handlers are idempotent (a kudos is
 * keyed by its trigger id). The answer reaches the person through the command's {@code response_url}.
 */
public final class Inbox {
    private static final Logger log = LoggerFactory.getLogger(Inbox.class);
    private static final Gson GSON = new Gson();
    /** How long a claim holds: long enough for any command's work, short enough that a crash is soon repaired. */
    public static final Duration LEASE = Duration.ofMinutes(1);
    /** A command that failed this often (the database kept going away during its work) is given up, and told. */
    static final int MAX_ATTEMPTS = 5;
    /** How long a command done is remembered: Slack sends a command again within seconds, if ever. */
    static final Duration KEPT_DONE = Duration.ofHours(1);

    /** What a command's work is: run on a worker, idempotent, answering through the payload's response_url. */
    @FunctionalInterface
    public interface Handler {
        void handle(SlashCommandPayload command);
    }

    /** What became of a command handed to {@link #accept}. */
    public enum Accepted {
        /** Recorded, and a worker here starts on it at once. */
        TAKEN,
        /** Recorded; every worker here is busy, so it waits its turn in the database. */
        WAITING,
        /** Recorded before (Slack sent it twice): its first recording answers. */
        REPEATED
    }

    /** The ack of a command that waits its turn: nothing is lost, the answer comes later. */
    public static final String WAITING = "Lodestar is busy right now. Your command is saved and will be done in"
            + " turn; the answer will appear here.";

    private final InboxRepository repository;
    /** Where the request threads record commands: connections of their own ({@code Database#ackDsl}). */
    private final InboxRepository recorder;

    private final Clock clock;
    private final Lane quick;
    private final Lane slow;
    private final Duration lease;
    private final AfterAck.Failed failed;
    private final String instance = UUID.randomUUID().toString();
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final Map<String, Predicate<SlashCommandPayload>> longJobs = new ConcurrentHashMap<>();
    private final AtomicInteger working = new AtomicInteger();
    /** The commands this instance's workers hold (queued or under way): the claims it renews while it lives. */
    private final Set<Long> held = ConcurrentHashMap.newKeySet();

    private volatile boolean closing;
    private volatile Instant lastForgotten = Instant.EPOCH;

    /**
     * Commands run on {@code quick} workers (what someone waits for: a form, an answer) or, when their handler says
     * they are long jobs, on {@code slow} ones, so that long jobs never delay a form; at most {@code room} at a time are
     * taken or queued here in each. {@code failed} tells a person whose command failed.
     */
    public Inbox(
            DSLContext dsl,
            DSLContext ackDsl,
            Clock clock,
            Executor quick,
            Executor slow,
            int room,
            Duration lease,
            AfterAck.Failed failed) {
        this.repository = new InboxRepository(dsl);
        this.recorder = new InboxRepository(ackDsl);
        this.clock = clock;
        this.quick = new Lane(quick, new Semaphore(room), false);
        this.slow = new Lane(slow, new Semaphore(room), true);
        this.lease = lease;
        this.failed = failed;
    }

    /** The work of {@code command} (e.g. {@code /kudos}); {@code isLong} tells its long jobs (posting, closing). */
    public void register(String command, Handler handler, Predicate<SlashCommandPayload> isLong) {
        if (handlers.putIfAbsent(command, handler) != null) {
            throw new IllegalStateException(command + " has a handler already");
        }
        longJobs.put(command, isLong);
    }

    /** Workers, how many more commands they may take, and whether they do long jobs. */
    private record Lane(Executor workers, Semaphore room, boolean longJobs) {}

    private Lane laneOf(SlashCommandPayload command) {
        return longJobs.get(command.getCommand()).test(command) ? slow : quick;
    }

    /** Records {@code command} before its ack; a worker does its work. The caller acks according to the outcome. */
    public Accepted accept(SlashCommandPayload command) {
        if (!handlers.containsKey(command.getCommand())) {
            throw new IllegalStateException("No handler for " + command.getCommand());
        }
        var lane = laneOf(command);
        boolean here = !closing && lane.room().tryAcquire();
        String payload = stored(command);
        var id = recorder.insert(
                command.getTeamId(),
                command.getCommand(),
                command.getTriggerId(),
                payload,
                lane.longJobs(),
                clock.instant(),
                here ? Optional.of(instance) : Optional.empty(),
                lease);
        if (id.isEmpty()) {
            if (here) {
                lane.room().release();
            }
            return Accepted.REPEATED;
        }
        if (!here) {
            return Accepted.WAITING;
        }
        var entry = new InboxRepository.Entry(id.get(), command.getTeamId(), command.getCommand(), payload, 1);
        return hand(entry, command, lane) ? Accepted.TAKEN : Accepted.WAITING;
    }

    /** The ack for a command handed to {@link #accept}: empty (the answer follows), or saying that it waits. */
    public static Response ack(Accepted accepted, SlashCommandContext ctx) {
        if (accepted == Accepted.WAITING) {
            return ctx.ack(SlashCommandResponse.builder()
                    .responseType("ephemeral")
                    .text(WAITING)
                    .build());
        }
        return ctx.ack();
    }

    /**
     * Polls the database every {@code every} for commands nobody holds, the first time at once (what an earlier run
     * left), and renews this instance's claims every third of a lease; stopped by closing what it returns.
     */
    public AutoCloseable start(Duration every) {
        return InboxPoller.start(this, every, lease.dividedBy(3));
    }

    /** Extends this instance's claims on the commands its workers hold, by a lease from now. */
    void renewClaims() {
        var ids = List.copyOf(held);
        if (!ids.isEmpty()) {
            repository.renew(instance, ids, lease);
        }
    }

    /**
     * Claims commands nobody holds while this instance has room for them, for each lane as much as it has room, and
     * starts on them; returns how many. Run every few hundred milliseconds, and once at start for what an earlier run
     * left.
     */
    public int poll() {
        if (closing) {
            return 0;
        }
        forgetDoneNowAndThen();
        return poll(quick) + poll(slow);
    }

    private int poll(Lane lane) {
        int free = Math.min(lane.room().availablePermits(), 100);
        if (free == 0) {
            return 0;
        }
        int started = 0;
        for (var entry : repository.claim(instance, lane.longJobs(), free, lease)) {
            var command = GSON.fromJson(entry.payload(), SlashCommandPayload.class);
            if (!lane.room().tryAcquire()) {
                repository.handBack(entry.id()); // a request took the room meanwhile: later
            } else if (hand(entry, command, lane)) {
                started++;
            }
        }
        return started;
    }

    private void forgetDoneNowAndThen() {
        var now = clock.instant();
        var last = lastForgotten;
        if (now.isAfter(last.plus(Duration.ofMinutes(1)))) {
            lastForgotten = now;
            repository.forgetDone(KEPT_DONE);
        }
    }

    /**
     * Starts {@code entry} on its lane's workers, holding the unit of room taken for it until done; false (the room
     * given back, the command handed back) when the workers refused it.
     */
    private boolean hand(InboxRepository.Entry entry, SlashCommandPayload command, Lane lane) {
        held.add(entry.id());
        try {
            lane.workers().execute(() -> {
                try {
                    run(entry, command);
                } finally {
                    held.remove(entry.id());
                    lane.room().release();
                }
            });
            return true;
        } catch (RejectedExecutionException full) {
            held.remove(entry.id());
            lane.room().release();
            repository.handBack(entry.id());
            return false;
        }
    }

    private void run(InboxRepository.Entry entry, SlashCommandPayload command) {
        if (closing) {
            return; // handed back at close, for another worker
        }
        working.incrementAndGet();
        try {
            if (entry.attempts() > MAX_ATTEMPTS) {
                log.error("Gave up {} {} after {} attempts", entry.command(), entry.id(), MAX_ATTEMPTS);
                failed.answer(command.getResponseUrl(), new IllegalStateException("gave up"));
                repository.done(entry.id());
                return;
            }
            handlers.get(entry.command()).handle(command);
            repository.done(entry.id());
        } catch (RuntimeException e) {
            if (PendingAnswer.databaseDown(e)) {
                // No longer held here, so its lease lapses: a worker tries again once the database is back.
                log.warn("{} {} waits for the database to come back ({})", entry.command(), entry.id(), e.toString());
            } else {
                // A fault in the work itself would fail the same way again: tell the person, and let it go.
                log.error("{} {} failed", entry.command(), entry.id(), e);
                failed.answer(command.getResponseUrl(), e);
                try {
                    repository.done(entry.id());
                } catch (RuntimeException lost) {
                    log.warn("{} {} stays in the inbox: {}", entry.command(), entry.id(), lost.toString());
                }
            }
        } finally {
            working.decrementAndGet();
        }
    }

    /** The command as stored: without the verification token Slack still sends (it is a credential). */
    private static String stored(SlashCommandPayload command) {
        JsonObject json = GSON.toJsonTree(command).getAsJsonObject();
        json.remove("token");
        return GSON.toJson(json);
    }

    /**
     * Stops taking commands, lets the ones under way finish for up to {@code grace}, and hands back what this instance
     * still holds (queued here, or still running), for another instance or the next start to do.
     */
    public void close(Duration grace) throws InterruptedException {
        closing = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (working.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int handed = repository.handBack(instance);
        if (handed > 0) {
            log.info("Handed back {} commands not done yet, for the next instance to do", handed);
        }
    }

    /** How many commands are recorded and not done (all instances). */
    public int backlog() {
        return repository.backlog();
    }
}
