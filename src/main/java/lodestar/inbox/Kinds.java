package lodestar.inbox;

import com.google.gson.Gson;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import lodestar.inbox.Inbox.Handler;
import lodestar.inbox.Inbox.Job;
import lodestar.inbox.Workers.Lane;
import lodestar.inbox.Workers.Work;
import lodestar.slack.AfterAck;

/**
 * What each kind of inbox entry is: a slash command's handler, and which of its commands are long jobs; a job's work,
 * and its lane. An entry of a kind this instance does not know was recorded by another version of Lodestar.
 */
final class Kinds {
    private static final Gson GSON = new Gson();

    private final Lane quick;
    private final Lane slow;
    private final AfterAck.Failed failed;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final Map<String, Predicate<SlashCommandPayload>> longJobs = new ConcurrentHashMap<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, Lane> jobLanes = new ConcurrentHashMap<>();

    /** Commands and jobs run on {@code quick} or {@code slow} workers; {@code failed} tells a person whose command failed. */
    Kinds(Lane quick, Lane slow, AfterAck.Failed failed) {
        this.quick = quick;
        this.slow = slow;
        this.failed = failed;
    }

    void register(String command, Handler handler, Predicate<SlashCommandPayload> isLong) {
        if (handlers.putIfAbsent(command, handler) != null) {
            throw new IllegalStateException(command + " has a handler already");
        }
        longJobs.put(command, isLong);
    }

    void register(String kind, Job job, boolean isLong) {
        if (kind.startsWith("/") || jobs.putIfAbsent(kind, job) != null) {
            throw new IllegalStateException(kind + " has a handler already, or is a slash command");
        }
        jobLanes.put(kind, isLong ? slow : quick);
    }

    /** The lane {@code command} runs on: the long jobs' when its handler says it is one. */
    Lane lane(SlashCommandPayload command) {
        return longJobs.get(command.getCommand()).test(command) ? slow : quick;
    }

    /** The lane an entry of {@code kind} runs on; null when it is no job this instance knows. */
    Lane jobLane(String kind) {
        return jobLanes.get(kind);
    }

    /** The work of {@code command}, answering a failure through its response_url. */
    Work work(SlashCommandPayload command) {
        var handler = handlers.get(command.getCommand());
        if (handler == null) {
            throw new IllegalStateException("No handler for " + command.getCommand());
        }
        return work(handler, command);
    }

    private Work work(Handler handler, SlashCommandPayload command) {
        return new Work(() -> handler.handle(command), e -> failed.answer(command.getResponseUrl(), e));
    }

    /** The work of a job of {@code kind} with {@code payload}. */
    Work work(String kind, String payload) {
        var job = jobs.get(kind);
        if (job == null) {
            throw new IllegalStateException("No job " + kind);
        }
        return new Work(() -> job.run(payload), e -> job.failed(payload, e));
    }

    /** The work of an entry claimed from the database; empty when this instance has no handler for it. */
    Optional<Work> work(InboxRepository.Entry entry) {
        if (jobs.containsKey(entry.command())) {
            return Optional.of(work(entry.command(), entry.payload()));
        }
        var handler = handlers.get(entry.command());
        if (handler == null) {
            return Optional.empty();
        }
        return Optional.of(work(handler, GSON.fromJson(entry.payload(), SlashCommandPayload.class)));
    }
}
