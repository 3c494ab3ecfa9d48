package lodestar.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import lodestar.testing.CommitSettings;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
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
    void inATransaction_itRunsOnTheTransactionsConnection() throws Exception {
        try (var connection = CommitSettings.synchronousSession()) {
            var dsl = DSL.using(connection, SQLDialect.POSTGRES, Database.SETTINGS);
            create(dsl);
            var delete = Prepared.of(
                    DSL.deleteFrom(ROWS).where(DSL.field("name", String.class).eq(DSL.param("name", String.class))),
                    "name");
            var now = OffsetDateTime.now(ZoneOffset.UTC);
            INSERT.fetchOptional(dsl, Long.class, "kept", true, now, 1L);

            assertThatThrownBy(() -> dsl.transaction(tx -> {
                        assertThat(delete.execute(tx.dsl(), "kept")).isEqualTo(1);
                        throw new IllegalStateException("rolled back");
                    }))
                    .hasMessageContaining("rolled back");

            assertThat(dsl.fetchCount(ROWS))
                    .as("the delete rolled back with its transaction")
                    .isEqualTo(1);
            assertThat(delete.execute(dsl, "kept")).isEqualTo(1);
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
        assertThatThrownBy(() -> INSERT.execute(DSL.using(SQLDialect.POSTGRES), "only one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 values expected, not 1");
    }

    private static void create(DSLContext dsl) {
        dsl.execute("create temporary table prepared_rows (id bigserial primary key, name text unique, flag boolean,"
                + " at timestamptz, n bigint, kind text)");
    }
}
