package lodestar.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an HTTP request must be before Bolt sees it: signed by Slack with the signing secret, stamped within five
 * minutes of now in either direction (Bolt only refuses old ones), and not a replay of a request already let in.
 * Slack's own retries are signed anew, so a replayed signature is never Slack's. Then its content must be of a shape
 * Lodestar handles ({@link SlackPayloads}), or it is refused with 400, or answered with a message for the person.
 *
 * <p>Signatures are remembered by this instance and in the database all instances share ({@link Replays}), so a replay
 * is refused whichever instance it reaches. When the database cannot say (it is down), this instance's memory decides,
 * so that the request still gets its answer (that the database is unavailable). A slash command's signature is recorded
 * in that database by the statement that records the command before its ack ({@link SignatureRecord}), or, when its
 * answer is given in the ack (help, a read), after Bolt's answer and before it is sent ({@link #answeredOnce}): either
 * way before the command is done or its answer sent, in one round trip where the command is recorded.
 */
public final class SlackDoor {
    private static final Logger log = LoggerFactory.getLogger(SlackDoor.class);
    static final Duration WINDOW = Duration.ofMinutes(5);

    /** Where every instance records the signatures it let in. */
    @FunctionalInterface
    public interface Replays {
        /** Records the signature; false when it was recorded before. */
        boolean firstTime(String signature);

        /** Forgets old signatures now and then: called for each request whose signature another statement recorded. */
        default void forgetOldNowAndThen() {}
    }

    /**
     * HMAC-SHA256 keyed with the signing secret, copied for each request. Slack's SDK has the same computation
     * ({@code SlackSignature.Generator}), but looks up the algorithm and formats each of the 32 bytes with
     * {@code String.format} on every request: a twentieth of a request thread's CPU, on the path to the ack.
     */
    private final Mac signer;

    private final Clock clock;
    private final Replays shared;
    /**
     * This instance's memory of signatures, for when the database cannot say; bounded (about 20 MB), so that a busy
     * instance stays within its heap: the database remembers every signature of the window in any case.
     */
    private final Cache<String, Boolean> seen = Caffeine.newBuilder()
            .expireAfterWrite(WINDOW.multipliedBy(2))
            .maximumSize(100_000)
            .build();

    public SlackDoor(String signingSecret, Clock clock, Replays shared) {
        try {
            this.signer = Mac.getInstance("HmacSHA256");
            signer.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
        this.clock = clock;
        this.shared = shared;
    }

    /**
     * Why the request may not pass, as far as this instance can tell (its signature, its time, this instance's memory
     * of signatures, its shape), with the HTTP answer to give; empty when it may go on to {@link #firstTimeAnywhere}
     * or, for a slash command, {@link #recordLater}.
     */
    public Optional<Refusal> check(String timestamp, String signature, String contentType, String body) {
        if (timestamp == null || signature == null || !fresh(timestamp)) {
            return Optional.of(Refusal.UNAUTHORIZED);
        }
        if (!MessageDigest.isEqual(
                expected(timestamp, body).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(Refusal.UNAUTHORIZED);
        }
        if (seen.asMap().putIfAbsent(signature, Boolean.TRUE) != null) {
            logReplay(timestamp);
            return Optional.of(Refusal.UNAUTHORIZED);
        }
        return SlackPayloads.check(contentType, body);
    }

    /**
     * Whether no instance let this signature in before (recorded now); when the database cannot say, this instance's
     * memory decided ({@link #check}).
     */
    public boolean firstTimeAnywhere(String signature, String timestamp) {
        boolean first;
        try {
            first = shared.firstTime(signature);
        } catch (RuntimeException e) {
            log.debug("Signatures seen by other instances are unknown (the database did not answer)", e);
            first = true;
        }
        if (!first) {
            logReplay(timestamp);
        }
        return first;
    }

    /**
     * Leaves the record of a slash command's signature to the statement that records the command, on this thread, until
     * the record is closed; {@link #answeredOnce} then says whether the answer may be sent.
     */
    public SignatureRecord recordLater(String signature) {
        return SignatureRecord.open(signature, clock.instant());
    }

    /**
     * After Bolt answered a slash command within {@link #recordLater}, before the answer is sent: true when its
     * signature was first recorded by the statement that recorded the command, or is first recorded now (no statement
     * did: an answer given in the ack, which changes nothing), false for a replay, whose answer is refused.
     */
    public boolean answeredOnce(SignatureRecord record, String timestamp) {
        return switch (record.state()) {
            case OPEN -> firstTimeAnywhere(record.signature(), timestamp);
            case REPLAYED -> {
                logReplay(timestamp);
                yield false;
            }
            case FAILED -> true; // the database did not answer: this instance's memory decided
            case FIRST -> {
                shared.forgetOldNowAndThen();
                yield true;
            }
        };
    }

    private static void logReplay(String timestamp) {
        log.warn("Refused a replayed Slack request (signature already seen, stamped {})", timestamp);
    }

    /** Slack's signature of a request: {@code v0=} and the hex of HMAC-SHA256 over {@code v0:timestamp:body}. */
    private String expected(String timestamp, String body) {
        Mac mac;
        try {
            mac = (Mac) signer.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("The JDK's HMAC-SHA256 can be copied", e);
        }
        mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
        return "v0=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private boolean fresh(String timestamp) {
        try {
            var stamped = Instant.ofEpochSecond(Long.parseLong(timestamp.strip()));
            return Duration.between(stamped, clock.instant()).abs().compareTo(WINDOW) <= 0;
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return false;
        }
    }

    /** An answer instead of Bolt's: a status and, for a person, a JSON body Slack shows them. */
    public record Refusal(int status, String json) {
        static final Refusal UNAUTHORIZED = new Refusal(401, "");
        static final Refusal MALFORMED = new Refusal(400, "");
    }
}
