package lodestar.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
import org.quartz.TriggerKey;

/** Quartz on the real database: clustered instances share triggers, and downtime is made up once. */
class SchedulerTest {
    private final List<Scheduler> schedulers = new ArrayList<>();
    private final AtomicInteger fired = new AtomicInteger();
    private CountDownLatch latch;
    private String group;

    /** Counts its firings; stands for a feature's job. */
    private final class CountingJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            fired.incrementAndGet();
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
    void twoInstances_fireEachTriggerOnce() throws Exception {
        var first = instance();
        var second = instance();
        latch = new CountDownLatch(6);
        for (int i = 0; i < 6; i++) {
            first.scheduleIfAbsent(
                    job("job-" + i), Scheduler.once(new TriggerKey("trigger-" + i, group), Instant.now()));
        }

        first.start();
        second.start();

        assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        first.close();
        second.close();
        assertThat(fired.get()).isEqualTo(6);
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
}
