package lodestar.recognition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import lodestar.delivery.Courier;
import lodestar.delivery.Delivery;
import lodestar.delivery.Message;
import lodestar.delivery.Outbox;
import lodestar.slack.SlackIds;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages a kudos sends through the outbox, and what Lodestar records when they go out: its public post (whose
 * ts is stored with the kudos, and which enqueues the recipients' DMs, or the withdrawn notice when it was taken back
 * meanwhile), each recipient's DM, and the update that marks a post withdrawn.
 */
final class KudosOutbox implements Courier.Handler {
    private static final Logger log = LoggerFactory.getLogger(KudosOutbox.class);
    static final String POST = "kudos.post";
    static final String DM = "kudos.dm";
    static final String WITHDRAWN = "kudos.withdrawn";
    static final String TELL_GIVER = "kudos.giver";
    /**
     * How long background senders leave a kudos's post to the request that gave it, which delivers it itself to tell
     * the giver what happened; after that it is sent anyway. Its DMs and updates are nobody's to wait for: whichever
     * sender comes first sends them.
     */
    static final Duration HELD_FOR_CALLER = Duration.ofSeconds(30);

    private final Clock clock;

    KudosOutbox(Clock clock) {
        this.clock = clock;
    }

    void register(Courier courier) {
        courier.handle(POST, this);
    }

    static String postKey(long kudosId) {
        return "kudos:" + kudosId;
    }

    static String dmKey(long kudosId, String recipient) {
        return "kudos:" + kudosId + ":dm:" + recipient;
    }

    static String withdrawnKey(long kudosId) {
        return "kudos:" + kudosId + ":withdrawn";
    }

    /**
     * Enqueues the kudos' post, delivered by the caller right after the transaction, or, when its {@code turn} under
     * Slack's rates is that far, by the background senders in its turn; the post's id in the outbox.
     */
    static long enqueuePost(DSLContext tx, Kudos kudos, String key, Instant now, Optional<Duration> turn) {
        return Outbox.enqueue(
                        tx,
                        Message.post(
                                        kudos.teamId(),
                                        POST,
                                        key,
                                        kudos.postChannelId(),
                                        RecognitionMessages.postText(kudos))
                                .withBlocks(RecognitionMessages.post(kudos))
                                .about(String.valueOf(kudos.id())),
                        now,
                        turn.orElse(HELD_FOR_CALLER))
                .orElseThrow(() -> new IllegalStateException("A new kudos' post is in the outbox already: " + key));
    }

    /** The post says the kudos was withdrawn: once, whoever notices first (the withdrawal or the post landing). */
    static void enqueueWithdrawn(DSLContext tx, Kudos kudos, Instant now) {
        kudos.postTs()
                .ifPresent(ts -> Outbox.enqueue(
                        tx,
                        Message.update(
                                        kudos.teamId(),
                                        WITHDRAWN,
                                        withdrawnKey(kudos.id()),
                                        kudos.postChannelId(),
                                        ts,
                                        RecognitionMessages.withdrawnText(kudos))
                                .withBlocks(RecognitionMessages.withdrawnPost(kudos)),
                        now,
                        Duration.ZERO));
    }

    /** The post is in its channel: store its ts, then DM the recipients, or mark it withdrawn if it was taken back. */
    /** The post's link for the DMs: built from its channel and ts, as for any message Lodestar posted itself. */
    @Override
    public Object prepare(Delivery delivery, String conversation, String ts) {
        return SlackIds.messageLink(delivery.message().channel(), ts);
    }

    @Override
    public void sent(DSLContext tx, Delivery delivery, String conversation, String ts) {
        sent(tx, delivery, conversation, ts, null);
    }

    @Override
    public void sent(DSLContext tx, Delivery delivery, String conversation, String ts, Object link) {
        long kudosId = Long.parseLong(delivery.subject().orElseThrow());
        var repository = new RecognitionRepository(tx);
        repository.setPost(kudosId, ts); // locks the kudos: a withdrawal at the same time waits, then sees the ts
        var kudos = repository.find(delivery.teamId(), kudosId).orElseThrow();
        var now = clock.instant();
        if (kudos.withdrawal().isPresent()) {
            enqueueWithdrawn(tx, kudos, now);
            return;
        }
        enqueueDms(tx, kudos, Optional.ofNullable((String) link), now);
    }

    /** Each recipient hears of their kudos, with a link to its post when there is one. */
    private static void enqueueDms(DSLContext tx, Kudos kudos, Optional<String> link, Instant now) {
        String text = RecognitionMessages.dm(kudos, link);
        for (String recipient : kudos.recipients()) {
            Outbox.enqueue(
                    tx,
                    Message.post(kudos.teamId(), DM, dmKey(kudos.id(), recipient), recipient, text),
                    now,
                    Duration.ZERO);
        }
    }

    /**
     * Refused for good (an archived channel, a channel Lodestar cannot see): the kudos still counts, and its
     * recipients still hear of it. The giver hears why by DM, unless their own request made the attempt and says so
     * in its answer.
     */
    @Override
    public void refused(DSLContext tx, Delivery delivery, String error) {
        long kudosId = Long.parseLong(delivery.subject().orElseThrow());
        var kudos =
                new RecognitionRepository(tx).find(delivery.teamId(), kudosId).orElseThrow();
        if (kudos.withdrawal().isPresent()) {
            return;
        }
        enqueueDms(tx, kudos, Optional.empty(), clock.instant());
        if (delivery.answered()) {
            return; // the giver's own request is delivering it, and says why in its answer
        }
        log.warn("Kudos {} could not be posted ({}); telling its giver", kudosId, error);
        Outbox.enqueue(
                tx,
                Message.post(
                        kudos.teamId(),
                        TELL_GIVER,
                        "kudos:" + kudosId + ":refused:" + delivery.dedupeKey(),
                        kudos.giverId(),
                        "Your kudos #" + kudosId + " could not be posted in <#" + kudos.postChannelId() + ">: "
                                + KudosAnnouncer.explain(error)
                                + " It still counts; ask an admin to check the kudos channel."),
                clock.instant());
    }
}
