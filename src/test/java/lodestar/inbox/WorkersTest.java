package lodestar.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

/** Which failures of an entry's work are done again later, rather than told and let go. */
class WorkersTest {
    private static DataAccessException failed(String sqlState) {
        return new DataAccessException("failed", new SQLException("failed", sqlState));
    }

    @Test
    void aDeadlockASerializationFailureOrALockNotAvailable_isDoneAgain_otherFaultsAreNot() {
        assertThat(Workers.conflict(failed("40P01"))).isTrue();
        assertThat(Workers.conflict(failed("40001"))).isTrue();
        assertThat(Workers.conflict(failed("55P03"))).isTrue();
        assertThat(Workers.conflict(failed("23505")))
                .as("a unique violation: a fault")
                .isFalse();
        assertThat(Workers.conflict(new IllegalStateException("a bug"))).isFalse();
    }
}
