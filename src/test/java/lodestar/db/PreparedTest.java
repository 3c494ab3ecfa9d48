package lodestar.db;

import static lodestar.db.schema.Tables.SLACK_REQUEST_SEEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import lodestar.testing.CommitSettings;
import lodestar.testing.TestDatabase;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** A statement rendered once binds each run's values in order, nulls included, on the context's connection. */
class PreparedTest {
    private static final org.jooq.Table<?> ROWS = DSL.table("prepared_rows");
    private static final Prepared INSERT = Prepared.of(
            DSL.insertInto(ROWS)
                    .set(DSL.field("name", String.class), DSL.param("name", String.class))
                    .set(DSL.field("flag", Boolean.class), DSL.param("flag", Boolean.class))
                    .set(DSL.field("at", OffsetDateTime.class), DSL.param("at", OffsetDateTime.class))
                    .set(DSL.field("n", Long.class), DSL.param("n", Long.class))
                    .set(DSL.field("kind", String.class), DSL.inline("fixed"))
                    .onConflictDoNothing()
                    .returning(DSL.field("id", Long.class)),
            "name",
            "flag",
            "at",
            "n");

    @Test
    void valuesAreBoundInOrder_nullsIncluded_andAConflictReturnsNoRow() throws Exception {
        try (var connection = CommitSettings.synchronousSession()) {
            var dsl = DSL.using(connection, SQLDialect.POSTGRES, Database.SETTINGS);
            create(dsl);
            var at = Timestamps.utc(Instant.parse("2026-12-01T10:15:30.123456789Z"));

            var first = INSERT.fetchOptional(dsl, Long.class, "ana", true, at, 42L);
            var second = INSERT.fetchOptional(dsl, Long.class, "ben", null, null, null);
            var again = INSERT.fetchOptional(dsl, Long.class, "ana", false, at, 7L);

            assertThat(first).isPresent();
            assertThat(second).isPresent().isNotEqualTo(first);
            assertThat(again).as("a conflict").isEmpty();
            var rows = dsl.resultQuery("select name, flag, at, n, kind from prepared_rows order by id")
                    .fetch();
            assertThat(rows.getValues("name", String.class)).containsExactly("ana", "ben");
            assertThat(rows.get(0).get("flag", Boolean.class)).isTrue();
            assertThat(rows.get(0).get("at", OffsetDateTime.class).toInstant())
                    .isEqualTo(Instant.parse("2026-12-01T10:15:30.123456Z"));
            assertThat(rows.get(0).get("n", Long.class)).isEqualTo(42L);
            assertThat(rows.get(1).intoList()).containsExactly("ben", null, null, null, "fixed");
        }
    }

    @Test
    void inATransaction_itRunsOnTheTransactionsConnection_notAnotherOfThePool() {
        var dsl = TestDatabase.get().database().dsl();
        var seen = Prepared.of(
                DSL.insertInto(SLACK_REQUEST_SEEN, SLACK_REQUEST_SEEN.SIGNATURE, SLACK_REQUEST_SEEN.SEEN_AT)
                        .values(DSL.param("signature", String.class), DSL.param("at", OffsetDateTime.class)),
                "signature",
                "at");
        String signature = "v0=prepared-" + UUID.randomUUID();
        var mine = SLACK_REQUEST_SEEN.SIGNATURE.eq(signature);

        assertThatThrownBy(() -> dsl.transaction(tx -> {
                    assertThat(seen.execute(tx.dsl(), signature, OffsetDateTime.now(ZoneOffset.UTC)))
                            .isEqualTo(1);
                    assertThat(tx.dsl().fetchCount(SLACK_REQUEST_SEEN, mine)).isEqualTo(1);
                    assertThat(dsl.fetchCount(SLACK_REQUEST_SEEN, mine))
                            .as("not yet committed, unseen by the pool's other connections")
                            .isZero();
                    throw new IllegalStateException("rolled back");
                }))
                .hasMessageContaining("rolled back");

        assertThat(dsl.fetchCount(SLACK_REQUEST_SEEN, mine))
                .as("rolled back with its transaction")
                .isZero();
    }

    @Test
    void jsonAndUuids_readByJooqAsTheFieldsSelected_andALockTakenByAQuery() throws Exception {
        try (var connection = CommitSettings.synchronousSession()) {
            var dsl = DSL.using(connection, SQLDialect.POSTGRES, Database.SETTINGS);
            create(dsl);
            var doc = DSL.field("doc", JSONB.class);
            var token = DSL.field("token", UUID.class);
            var name = DSL.field("name", String.class);
            var insert = Prepared.of(
                    DSL.insertInto(ROWS)
                            .set(name, DSL.param("name", String.class))
                            .set(doc, DSL.param("doc", JSONB.class))
                            .set(token, DSL.param("token", UUID.class)),
                    "name",
                    "doc",
                    "token");
            var select = Prepared.of(
                    DSL.select(name, doc, token).from(ROWS).where(name.eq(DSL.param("name", String.class))), "name");
            var lock = Prepared.of(
                    DSL.select(DSL.function("pg_advisory_xact_lock", Object.class, DSL.param("key", Long.class))),
                    "key");
            var id = UUID.randomUUID();

            insert.execute(dsl, "ana", JSONB.valueOf("{\"text\": \"hi\"}"), id);
            insert.execute(dsl, "ben", null, null);
            var ana = select.fetch(dsl, new Field<?>[] {name, doc, token}, "ana");
            var ben = select.fetch(dsl, new Field<?>[] {name, doc, token}, "ben");

            assertThat(ana).hasSize(1);
            assertThat(ana.get(0).get(doc).data()).isEqualTo("{\"text\": \"hi\"}");
            assertThat(ana.get(0).get(token)).isEqualTo(id);
            assertThat(ben.get(0).get(doc)).isNull();
            assertThat(ben.get(0).get(token)).isNull();
            assertThat(lock.execute(dsl, 42L)).as("a query's rows are ignored").isZero();
        }
    }

    @Test
    void aFailure_isJooqsDataAccessException_withTheStatesSqlState_andTheSql() throws Exception {
        try (var connection = CommitSettings.synchronousSession()) {
            var dsl = DSL.using(connection, SQLDialect.POSTGRES, Database.SETTINGS);
            create(dsl);
            var strict = Prepared.of(
                    DSL.insertInto(ROWS)
                            .set(DSL.field("id", Long.class), DSL.param("id", Long.class))
                            .set(DSL.field("name", String.class), DSL.param("name", String.class)),
                    "id",
                    "name");
            strict.execute(dsl, 1L, "ana");

            assertThatThrownBy(() -> strict.execute(dsl, 1L, "ben"))
                    .isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("insert into prepared_rows")
                    .satisfies(e ->
                            assertThat(((DataAccessException) e).sqlState()).isEqualTo("23505"));
        }
    }

    @Test
    void aValueNotNamed_orNamesOutOfOrder_orAWrongNumberOfValues_isRefused() {
        assertThatThrownBy(() -> Prepared.of(DSL.deleteFrom(ROWS)
                        .where(DSL.field("name", String.class).eq("someone"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("named parameter");
        assertThatThrownBy(() -> Prepared.of(
                        DSL.deleteFrom(ROWS)
                                .where(DSL.field("name", String.class).eq(DSL.param("name", String.class)))
                                .and(DSL.field("n", Long.class).eq(DSL.param("n", Long.class))),
                        "n",
                        "name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[name, n], not [n, name]");
        assertThatThrownBy(() -> Prepared.of(
                        DSL.deleteFrom(ROWS)
                                .where(DSL.field("name", String.class).eq(DSL.param("name", String.class)))
                                .or(DSL.field("kind", String.class).eq(DSL.param("name", String.class))),
                        "name",
                        "name"))
                .as("a name used twice")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("named parameter, used once");
        assertThatThrownBy(() -> INSERT.execute(DSL.using(SQLDialect.POSTGRES), "ana", true, 42L, OffsetDateTime.now()))
                .as("values out of place")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Parameter at is a OffsetDateTime, not a Long");
        assertThatThrownBy(() -> INSERT.execute(DSL.using(SQLDialect.POSTGRES), "only one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 values expected, not 1");
    }

    private static void create(DSLContext dsl) {
        dsl.execute("create temporary table prepared_rows (id bigserial primary key, name text unique, flag boolean,"
                + " at timestamptz, n bigint, kind text, doc jsonb, token uuid)");
    }
}
