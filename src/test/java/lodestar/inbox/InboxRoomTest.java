package lodestar.inbox;

import static lodestar.db.schema.Tables.COMMAND_INBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Clock;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import lodestar.testing.TestDatabase;
import org.jooq.ConnectionProvider;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Room taken for an entry the database could not record is given back: an outage never leaves a lane full. */
class InboxRoomTest {
    private static final String TEAM = "T0ROOM";

    @AfterEach
    void forget() {
        TestDatabase.get()
                .database()
                .dsl()
                .deleteFrom(COMMAND_INBOX)
                .where(COMMAND_INBOX.TEAM_ID.eq(TEAM))
                .execute();
    }

    @Test
    void anEntryTheDatabaseCouldNotRecord_givesItsRoomBack() {
        var dsl = TestDatabase.get().database().dsl();
        var down = new AtomicBoolean(true);
        var provider = dsl.configuration().connectionProvider();
        var recorder = DSL.using(
                new ConnectionProvider() {
                    @Override
                    public Connection acquire() {
                        if (down.get()) {
                            throw new DataAccessException("the database is out of reach");
                        }
                        return provider.acquire();
                    }

                    @Override
                    public void release(Connection connection) {
                        provider.release(connection);
                    }
                },
                SQLDialect.POSTGRES);
        Queue<Runnable> held = new ConcurrentLinkedQueue<>();
        var inbox = new Inbox(dsl, recorder, Clock.systemUTC(), held::add, held::add, 1, Inbox.LEASE, (url, e) -> {});
        inbox.register("test-job", payload -> {}, false);

        for (int i = 0; i < 3; i++) {
            String key = "room-down-" + i;
            assertThatThrownBy(() -> inbox.accept("test-job", TEAM, key, "{}")).isInstanceOf(DataAccessException.class);
        }
        down.set(false);

        assertThat(inbox.accept("test-job", TEAM, "room-up", "{}"))
                .as("the lane's one place, not kept by the failures")
                .isEqualTo(Inbox.Accepted.TAKEN);
        assertThat(held).hasSize(1);
    }
}
