package lodestar.inbox;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.response.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Predicate;
import lodestar.inbox.Workers.Lane;
import lodestar.inbox.Workers.Work;
import lodestar.slack.AfterAck;
import lodestar.slack.SignatureRecord;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One way in: a slash command whose work follows the ack, or other work a request hands on (a {@link Job}: a form whose
 * work could not be done before its ack, an event), is recorded (one insert) before the ack, and done by a worker of
 * any instance. This instance's workers take what it records while they have room, and claim the rest,
 * and what a stopped or crashed instance left, from the database ({@link #poll}). A handler may therefore run twice for
 * one command (an instance died after the work and before the row was deleted): handlers are idempotent (a kudos is
 * keyed by its trigger id). The answer reaches the person through the command's {@code response_url}.
 */
public final class Inbox {
    private static final Logger log = LoggerFactory.getLogger(Inbox.class);
    /** How long a claim holds: long enough for any command's work, short enough that a crash is soon repaired. */
    public static final Duration LEASE = Duration.ofMinutes(1);
    /** How long a command done is remembered: Slack sends a command again within seconds, if ever. */
    static final Duration KEPT_DONE = Duration.ofHours(1);

    /** What a command's work is: run on a worker, idempotent, answering through the payload's response_url. */
    @FunctionalInterface
    public interface Handler {
        void handle(SlashCommandPayload command);
    }

    /**
     * Work a request hands on that is not a slash command, recorded with its payload (a form submitted, an event); run
     * on a worker, idempotent, as a command's handler is.
     */
    public interface Job {
        void run(String payload);

        /** Tells whoever waits that the work failed for good (given up, or a fault); by default nobody waits. */
        default void failed(String payload, RuntimeException failure) {}
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
    private final InboxRecorder recorder;

    private final Clock clock;
    private final Lane quick;
    private final Lane slow;
    private final Duration lease;
    private final String instance = UUID.randomUUID().toString();
    private final Kinds kinds;
    private final Workers workers;
    private volatile Instant lastForgotten = Instant.EPOCH;

    /**
     * Commands run on {@code quick} workers (what someone waits for: a form, an answer) or, when their handler says
     * they are long jobs, on {@code slow} ones, so that long jobs never delay a form; at most {@code room} at a time
     * are taken or queued here in each. {@code failed} tells a person whose command failed.
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
        this.recorder = new InboxRecorder(ackDsl);
        this.clock = clock;
        this.workers = new Workers(repository);
        this.quick = new Lane(quick, new Semaphore(room), false);
        this.slow = new Lane(slow, new Semaphore(room), true);
        this.lease = lease;
        this.kinds = new Kinds(this.quick, this.slow, failed);
    }

    /** The work of {@code command} (e.g. {@code /kudos}); {@code isLong} tells its long jobs (posting, closing). */
    public void register(String command, Handler handler, Predicate<SlashCommandPayload> isLong) {
        kinds.register(command, handler, isLong);
    }

    /**
     * The work of {@code kind} (not a slash command: e.g. {@code kudos-form}), run on the long-job workers when
     * {@code isLong}.
     */
    public void register(String kind, Job job, boolean isLong) {
        kinds.register(kind, job, isLong);
    }

    /**
     * Records {@code command} before its ack, with its request's signature when the door left that to it ({@link
     * SignatureRecord}: a replay is then recorded nowhere, and refused); a worker does its work. The caller acks
     * according to the outcome.
     */
    public Accepted accept(SlashCommandPayload command) {
        var work = kinds.work(command);
        var lane = kinds.lane(command);
        return accept(
                true,
                command.getTeamId(),
                command.getCommand(),
                command.getTriggerId(),
                InboxRecorder.stored(command),
                lane,
                lane.longJobs(),
                work);
    }

    /**
     * Records a {@link Job} of {@code kind} before its ack, once per {@code key} (e.g. the form's view id, the event's
     * id: what Slack sends again has the same), with its {@code payload}; a worker does it.
     */
    public Accepted accept(String kind, String teamId, String key, String payload) {
        var work = kinds.work(kind, payload);
        return accept(false, teamId, kind, key, payload, kinds.jobLane(kind), null, work);
    }

    /**
     * Records an entry (a slash command's with its request's signature: {@link InboxRecorder#record}), stored with
     * {@code longJob} (null for a job), and starts it on {@code lane} when it has room.
     */
    private Accepted accept(
            boolean command,
            String teamId,
            String name,
            String key,
            String payload,
            Lane lane,
            Boolean longJob,
            Work work) {
        boolean here = !workers.closing() && lane.room().tryAcquire();
        var claimedBy = here ? Optional.of(instance) : Optional.<String>empty();
        Optional<Long> id;
        try {
            id = recorder.record(
                    command,
                    new InboxRecorder.Recording(
                            teamId, name, key, payload, longJob, clock.instant(), claimedBy, lease));
        } catch (RuntimeException notRecorded) { // the database out of reach: the room taken is given back
            if (here) {
                lane.room().release();
            }
            throw notRecorded;
        }
        if (id.isEmpty()) {
            if (here) {
                lane.room().release();
            }
            return Accepted.REPEATED;
        }
        if (!here) {
            return Accepted.WAITING;
        }
        var entry = new InboxRepository.Entry(id.get(), teamId, name, payload, 1);
        return workers.hand(entry, work, lane) ? Accepted.TAKEN : Accepted.WAITING;
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

    /**
     * Extends this instance's claims on the commands its workers hold, by a lease from now; frees those whose lease
     * lapsed (any instance's), so that they are claimed in their turn by age, not after a backlog that came later.
     */
    void renewClaims() {
        var ids = workers.held();
        if (!ids.isEmpty()) {
            repository.renew(instance, ids, lease);
        }
        int released = repository.releaseLapsed();
        if (released > 0) {
            log.info("Freed {} commands whose instance's lease lapsed, to be done in their turn", released);
        }
    }

    /**
     * Claims commands nobody holds while this instance has room for them, for each lane as much as it has room, and
     * starts on them; returns how many. Run every few hundred milliseconds, and once at start for what an earlier run
     * left.
     */
    public int poll() {
        if (workers.closing()) {
            return 0;
        }
        forgetDoneNowAndThen();
        int jobsRoom = Math.min(quick.room().availablePermits(), slow.room().availablePermits());
        return poll(quick.longJobs(), quick.room().availablePermits(), entry -> quick)
                + poll(slow.longJobs(), slow.room().availablePermits(), entry -> slow)
                + poll(null, jobsRoom, entry -> kinds.jobLane(entry.command()));
    }

    /** Claims up to {@code room} entries stored with {@code longJobs}, and starts each on its lane. */
    private int poll(Boolean longJobs, int room, Function<InboxRepository.Entry, Lane> laneOf) {
        int free = Math.min(room, 100);
        if (free == 0) {
            return 0;
        }
        int started = 0;
        for (var entry : repository.claim(instance, longJobs, free, lease)) {
            var work = kinds.work(entry);
            var lane = laneOf.apply(entry);
            if (work.isEmpty() || lane == null) {
                // Recorded by a later version of Lodestar: never done here, so never lost; not held, so its lease
                // lapses and an instance of that version takes it (the claim not counted as an attempt).
                repository.passOver(entry.id());
                log.warn("No handler here for {} {}: left for an instance that has one", entry.command(), entry.id());
            } else if (!lane.room().tryAcquire()) {
                repository.handBack(entry.id()); // a request took the room meanwhile: later
            } else if (workers.hand(entry, work.get(), lane)) {
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
     * Stops taking commands, lets the ones under way finish for up to {@code grace}, and hands back what this instance
     * still holds (queued here, or still running), for another instance or the next start to do.
     */
    public void close(Duration grace) throws InterruptedException {
        workers.close(grace);
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
