package lodestar.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.utils.DBConnectionManager;

/** Quartz on the real database: clustered instances share triggers, and downtime is made up once. */
class SchedulerTest {
    private final List<Scheduler> schedulers = new ArrayList<>();
    private final AtomicInteger fired = new AtomicInteger();
    private final Map<String, AtomicInteger> firedByTrigger = new ConcurrentHashMap<>();
    private CountDownLatch latch;
    private String group;

    /** Counts its firings; stands for a feature's job. */
    private final class CountingJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            fired.incrementAndGet();
            firedByTrigger
                    .computeIfAbsent(context.getTrigger().getKey().getName(), name -> new AtomicInteger())
                    .incrementAndGet();
            latch.countDown();
        }
    }

    @BeforeEach
    void uniqueGroup() {
        group = "test-" + UUID.randomUUID();
    }

    @AfterEach
    void stopAll() {
        schedulers.forEach(Scheduler::close);
    }

    private Scheduler instance() {
        var scheduler = Scheduler.create(TestDatabase.get().database().dataSource());
        scheduler.register(CountingJob.class, CountingJob::new);
        schedulers.add(scheduler);
        return scheduler;
    }

    private org.quartz.JobDetail job(String name) {
        return JobBuilder.newJob(CountingJob.class).withIdentity(name, group).build();
    }

    @Test
    void twoRunningInstances_fireEachTriggerExactlyOnce() throws Exception {
        int triggers = 20;
        var first = instance();
        var second = instance();
        first.start();
        second.start();
        latch = new CountDownLatch(triggers);

        // Both instances are running and polling before any trigger exists; each schedules half of them.
        for (int i = 0; i < triggers; i++) {
            (i % 2 == 0 ? first : second)
                    .scheduleIfAbsent(job("job-" + i), once(new TriggerKey("trigger-" + i, group), Instant.now()));
        }

        assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        first.close(); // waits for running jobs, so a late duplicate firing would be counted below
        second.close();
        assertThat(firedByTrigger).hasSize(triggers);
        firedByTrigger.forEach(
                (trigger, count) -> assertThat(count.get()).as(trigger).isEqualTo(1));
        assertThat(fired.get()).isEqualTo(triggers);
    }

    @Test
    void closedScheduler_releasesThePool_andRepeatedStartsDoNotCollide() throws Exception {
        var dataSource = TestDatabase.get().database().dataSource();
        var names = new java.util.HashSet<String>();
        for (int i = 0; i < 3; i++) {
            var scheduler = Scheduler.create(dataSource);
            scheduler.start();
            String name = scheduler.dataSourceName();
            try (var connection = DBConnectionManager.getInstance().getConnection(name)) {
                assertThat(connection.isValid(1)).isTrue();
            }
            scheduler.close();
            assertThat(names.add(name)).isTrue();
            assertThatThrownBy(() -> DBConnectionManager.getInstance().getConnection(name))
                    .isInstanceOf(java.sql.SQLException.class);
        }
    }

    @Test
    void schedulingTheSameTriggerTwice_keepsOne() {
        var first = instance();
        var second = instance();
        var key = new TriggerKey("daily", group);

        first.scheduleIfAbsent(job("daily"), Scheduler.cron(key, "0 0 9 * * ?", java.time.ZoneId.of("Europe/Paris")));
        second.scheduleIfAbsent(job("daily"), Scheduler.cron(key, "0 0 9 * * ?", java.time.ZoneId.of("Europe/Paris")));

        assertThat(first.nextFireTime(key)).isPresent();
        first.unschedule(key);
        assertThat(second.nextFireTime(key)).isEmpty();
    }

    @Test
    void triggerMissedWhileDown_firesOnceAtStart() throws Exception {
        var scheduler = instance();
        latch = new CountDownLatch(1);
        var key = new TriggerKey("missed", group);
        var threeDaysAgo = Instant.now().minus(Duration.ofDays(3));
        var trigger = Scheduler.cron(key, "0 0 9 * * ?", java.time.ZoneOffset.UTC)
                .getTriggerBuilder()
                .startAt(java.util.Date.from(threeDaysAgo))
                .build();
        scheduler.scheduleIfAbsent(job("missed"), trigger);

        scheduler.start();

        assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        scheduler.close();
        assertThat(fired.get()).isEqualTo(1);
        assertThat(instance().nextFireTime(key))
                .hasValueSatisfying(next -> assertThat(next).isAfter(Instant.now()));
    }

    private static Trigger once(TriggerKey key, Instant when) {
        return TriggerBuilder.newTrigger()
                .withIdentity(key)
                .startAt(java.util.Date.from(when))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
    }
}
