package lodestar.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.jooq.DSLContext;

/**
 * The {@code synchronous_commit} each commit that inserted or updated a row of a table committed with: a deferred
 * constraint trigger runs at commit, in the committing transaction. It changes a table every test shares, so it is for
 * tests that run alone (the suite runs one class at a time), and is removed at close.
 */
public final class CommitSettings implements AutoCloseable {
    private final DSLContext dsl;
    private final String table;

    private CommitSettings(DSLContext dsl, String table) {
        this.dsl = dsl;
        this.table = table;
    }

    /** A connection to the test database that commits synchronously, as a PostgreSQL server does by default. */
    public static Connection synchronousSession() throws Exception {
        var url = TestDatabase.get().url();
        var connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        connection.createStatement().execute("set synchronous_commit = on");
        return connection;
    }

    /** Starts noting the commits that write {@code table}, by the text of each row's {@code key} column. */
    public static CommitSettings note(DSLContext dsl, String table, String key) {
        dsl.execute("create table if not exists test_commit_setting"
                + " (seq bigserial, key text, synchronous_commit text)");
        dsl.execute("create or replace function test_note_commit() returns trigger language plpgsql as $$ begin"
                + " insert into test_commit_setting (key, synchronous_commit) values (new." + key
                + "::text, current_setting('synchronous_commit')); return null; end $$");
        dsl.execute("create constraint trigger test_note_commit after insert or update on " + table
                + " deferrable initially deferred for each row execute function test_note_commit()");
        return new CommitSettings(dsl, table);
    }

    /** The settings of the commits noted, in order, for the row whose key is {@code key}. */
    public List<String> of(Object key) {
        return dsl.fetch(
                        "select synchronous_commit from test_commit_setting where key = ? order by seq",
                        String.valueOf(key))
                .getValues(0, String.class);
    }

    @Override
    public void close() {
        dsl.execute("drop trigger if exists test_note_commit on " + table);
        dsl.execute("drop table if exists test_commit_setting");
        dsl.execute("drop function if exists test_note_commit()");
    }
}
