package lodestar.pulse;

import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.PrfHmacJce;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import lodestar.secret.ServerSecret;

/**
 * The keys of one run's answers, derived from the server secret, so that the database alone links no answer to anyone
 * and shows no score or comment: a person's answer key is an HMAC of their user id, and an answer is sealed with
 * AES-GCM, bound to its run, question and answer key. Every score seals to the same length, and a comment to a
 * multiple of 256 bytes, so that a ciphertext's length says little about what it holds.
 */
final class AnswerSeal {
    private static final int BLOCK = 256;
    private static final byte VALUE = 0;
    private static final byte COMMENT = 1;

    /** What a person answered to one question: a value, or a comment. */
    record Answer(Integer value, String comment) {
        Answer {
            if ((value == null) == (comment == null)) {
                throw new IllegalArgumentException("An answer is a value or a comment");
            }
        }
    }

    private final PrfHmacJce keys;
    private final AesGcmJce aead;
    private final long runId;

    private AnswerSeal(PrfHmacJce keys, AesGcmJce aead, long runId) {
        this.keys = keys;
        this.aead = aead;
        this.runId = runId;
    }

    /** The seal of one run; the same secret and run always give the same keys, on every instance. */
    static AnswerSeal of(ServerSecret secret, String teamId, long runId) {
        String run = teamId + "/" + runId;
        try {
            return new AnswerSeal(
                    new PrfHmacJce(
                            "HMACSHA256",
                            new SecretKeySpec(secret.key("lodestar/pulse/answer-key/v1/" + run, 32), "HMAC")),
                    new AesGcmJce(secret.key("lodestar/pulse/answer-seal/v1/" + run, 32)),
                    runId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 and AES-GCM are available on every JDK", e);
        }
    }

    /** The person's answer key in this run: the same for each of their answers, and unknowable without the secret. */
    String key(String userId) {
        try {
            return HexFormat.of().formatHex(keys.compute(userId.getBytes(StandardCharsets.UTF_8), 32));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] seal(int position, String answerKey, Answer answer) {
        byte[] plain;
        if (answer.value() != null) {
            plain = ByteBuffer.allocate(5).put(VALUE).putInt(answer.value()).array();
        } else {
            byte[] text = answer.comment().getBytes(StandardCharsets.UTF_8);
            int length = 5 + text.length;
            plain = ByteBuffer.allocate((length + BLOCK - 1) / BLOCK * BLOCK)
                    .put(COMMENT)
                    .putInt(text.length)
                    .put(text)
                    .array();
        }
        try {
            return aead.encrypt(plain, boundTo(position, answerKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer sealed under this run, question and key; empty when it was sealed under others, or altered. */
    Optional<Answer> open(int position, String answerKey, byte[] sealed) {
        try {
            var plain = ByteBuffer.wrap(aead.decrypt(sealed, boundTo(position, answerKey)));
            if (plain.get() == VALUE) {
                return Optional.of(new Answer(plain.getInt(), null));
            }
            byte[] text = new byte[plain.getInt()];
            plain.get(text);
            return Optional.of(new Answer(null, new String(text, StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private byte[] boundTo(int position, String answerKey) {
        return (runId + "/" + position + "/" + answerKey).getBytes(StandardCharsets.UTF_8);
    }
}
