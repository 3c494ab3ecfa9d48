package lodestar.pulse;

import static lodestar.testing.Users.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.workspace.Actor;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /pulse list} reads before its ack in a fixed number of queries, whatever the number of series and runs. */
class PulseListingTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    @Test
    void fiveWeeklySeriesWithThreeRunsEach_areListedInTwoQueries() {
        var service = harness.app().pulse().service();
        for (int i = 0; i < 5; i++) {
            harness.slack().setMembers("C0LIST" + i, List.of(ADMIN));
            service.create(
                    new Actor(FakeSlack.TEAM, null, ADMIN),
                    new SeriesDraft(
                            Optional.of(Template.ENPS),
                            "",
                            Optional.of(Series.Audience.CHANNEL),
                            Optional.of("C0LIST" + i),
                            true,
                            3,
                            1,
                            Recurrence.WEEKLY,
                            Optional.empty(),
                            LocalTime.of(9, 0),
                            ZoneId.of("UTC")));
        }
        for (int week = 0; week < 3; week++) {
            harness.app().pulse().tick();
            harness.clock().advance(Duration.ofDays(7));
        }
        var queries = new AtomicInteger();
        var counting = new DefaultConfiguration()
                .set(harness.app().database().dataSource())
                .set(SQLDialect.POSTGRES)
                .set(new ExecuteListener() {
                    @Override
                    public void executeStart(ExecuteContext ctx) {
                        queries.incrementAndGet();
                    }
                });

        var listed = PulseListing.of(DSL.using(counting), FakeSlack.TEAM);

        assertThat(listed)
                .hasSize(5)
                .allSatisfy(series -> assertThat(series.runs()).hasSize(3));
        assertThat(queries.get()).isEqualTo(2);
    }
}
