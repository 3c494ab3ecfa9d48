package lodestar.pulse;

import static lodestar.db.schema.Tables.PULSE_ANSWER_V7;
import static lodestar.db.schema.Tables.PULSE_PARTICIPATION_V7;
import static lodestar.db.schema.Tables.PULSE_RUN;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import lodestar.secret.ServerSecret;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers of surveys that were open when Lodestar was upgraded to sealed answers: stored in plain text, under a key
 * made with a secret kept in the database. They are sealed when the bot starts, as if given now, and the old rows, the
 * old secrets and every old version of them are removed.
 */
final class LegacyAnswers {
    private static final Logger log = LoggerFactory.getLogger(LegacyAnswers.class);

    private final DSLContext dsl;
    private final ServerSecret secret;

    LegacyAnswers(DSLContext dsl, ServerSecret secret) {
        this.dsl = dsl;
        this.secret = secret;
    }

    void seal() {
        var runs = dsl.select(PULSE_RUN.ID)
                .from(PULSE_RUN)
                .where(PULSE_RUN.ANSWER_SECRET.isNotNull())
                .fetch(PULSE_RUN.ID);
        int sealed = 0;
        for (long runId : runs) {
            sealed += dsl.transactionResult(tx -> seal(tx.dsl(), runId));
        }
        if (!runs.isEmpty()) {
            log.info("Pulse: sealed {} answers of {} surveys open at the upgrade", sealed, runs.size());
        }
        // Also after the upgrade's migration, which deleted the answers of closed runs: small tables, rewritten in
        // milliseconds, on every start until a later release drops the old tables.
        PulseVacuum.rewrite(dsl, "pulse_answer_v7", "pulse_participation_v7", "pulse_run");
    }

    private int seal(DSLContext tx, long runId) {
        var legacy = tx.select(PULSE_RUN.TEAM_ID, PULSE_RUN.ANSWER_SECRET)
                .from(PULSE_RUN)
                .where(PULSE_RUN.ID.eq(runId), PULSE_RUN.ANSWER_SECRET.isNotNull())
                .forUpdate()
                .fetchOptional();
        if (legacy.isEmpty()) {
            return 0; // sealed by another instance meanwhile
        }
        String teamId = legacy.get().value1();
        Map<String, String> users = new HashMap<>();
        for (String userId : new RunRepository(tx).recipients(runId)) {
            users.put(legacyKey(legacy.get().value2(), userId), userId);
            users.put("user:" + userId, userId); // surveys that were not anonymous
        }
        var seal = AnswerSeal.of(secret, teamId, runId);
        var answers = new AnswerRepository(tx);
        int sealed = 0;
        for (var old : tx.selectFrom(PULSE_ANSWER_V7)
                .where(PULSE_ANSWER_V7.RUN_ID.eq(runId))
                .fetch()) {
            String userId = old.getAnswerKey() == null ? null : users.get(old.getAnswerKey());
            if (userId == null || (old.getValue() == null) == (old.getComment() == null)) {
                continue; // nobody the run is for any more: not counted, as a closing run would not
            }
            String key = seal.key(userId);
            var answer = new AnswerSeal.Answer(old.getValue(), old.getComment());
            answers.answer(runId, teamId, old.getPosition(), key, seal.seal(old.getPosition(), key, answer));
            sealed++;
        }
        tx.deleteFrom(PULSE_ANSWER_V7).where(PULSE_ANSWER_V7.RUN_ID.eq(runId)).execute();
        tx.deleteFrom(PULSE_PARTICIPATION_V7)
                .where(PULSE_PARTICIPATION_V7.RUN_ID.eq(runId))
                .execute();
        tx.update(PULSE_RUN)
                .setNull(PULSE_RUN.ANSWER_SECRET)
                .where(PULSE_RUN.ID.eq(runId))
                .execute();
        return sealed;
    }

    /** The answer key as it was made before answers were sealed. */
    private static String legacyKey(byte[] runSecret, String userId) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(runSecret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(userId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
