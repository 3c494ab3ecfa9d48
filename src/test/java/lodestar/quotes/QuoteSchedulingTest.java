package lodestar.quotes;

import static lodestar.testing.Users.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import lodestar.delivery.Courier;
import lodestar.delivery.SlackLimits;
import lodestar.schedule.Scheduler;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackUsers;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.TestDatabase;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Daily quotes fired by real Quartz instances (clustered, on the test database) through the quote job and its
 * job factory, as a running bot fires them. Quartz runs on real time, so these tests schedule relative to now, in a
 * zone without daylight saving where now is far enough from midnight for "a few minutes ago" and "in an hour" to
 * be today: the days they expect do not depend on when the suite runs.
 */
class QuoteSchedulingTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DAILY = "C0DAILY";

    private final List<Scheduler> instances = new ArrayList<>();
    private final List<Courier> couriers = new ArrayList<>();
    private final List<AutoCloseable> slackClients = new ArrayList<>();
    private final AtomicLong timestamps = new AtomicLong(1_800_000_000L);
    private CountDownLatch posts;
    private ZoneId zone;
    private LocalDate today;
    private LocalTime now;

    @BeforeEach
    void countPosts() {
        posts = new CountDownLatch(1);
        harness.slack().answer("chat.postMessage", params -> {
            posts.countDown();
            return JSON.createObjectNode().put("ok", true).put("ts", timestamps.incrementAndGet() + ".000100");
        });
        // Twelve hours apart and without daylight saving: in one of them now is between 01:00 and 22:00.
        zone = ZoneId.of("Asia/Tokyo");
        var local = ZonedDateTime.now(zone);
        if (local.getHour() < 1 || local.getHour() >= 22) {
            zone = ZoneId.of("America/Sao_Paulo");
            local = ZonedDateTime.now(zone);
        }
        today = local.toLocalDate();
        now = local.toLocalTime();
    }

    @AfterEach
    void stopInstances() throws Exception {
        stopAll();
        for (var client : slackClients) {
            client.close();
        }
    }

    /** Stops every instance's scheduler and outbox senders. */
    private void stopAll() throws InterruptedException {
        instances.forEach(Scheduler::close);
        for (var courier : couriers) {
            courier.close();
        }
    }

    /**
     * A bot instance's scheduler, with the quotes feature's job wired in as App wires it, and its outbox senders
     * running.
     */
    private Scheduler instance() {
        var scheduler = Scheduler.create(TestDatabase.get().database().dataSource());
        instances.add(scheduler);
        var config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(harness.slack().apiUrl());
        var client = Slack.getInstance(config);
        var slack = new SlackApi(client, "xoxb-test-token", duration -> {});
        var users = new SlackUsers(slack, Duration.ofMinutes(5));
        slackClients.add(users);
        slackClients.add(client);
        var courier = new Courier(
                TestDatabase.get().database().dsl(),
                slack,
                SlackLimits.slacks(),
                harness.clock(),
                duration -> {},
                Courier.LEASE);
        couriers.add(courier);
        QuotesFeature.create(
                TestDatabase.get().database().dsl(),
                harness.app().workspace().service(),
                scheduler,
                courier,
                slack,
                users,
                harness.clock(),
                lodestar.slack.AfterAck.on(Runnable::run));
        courier.start(1);
        return scheduler;
    }

    private static void add(String text, Sentiment sentiment) {
        harness.app()
                .quotes()
                .service()
                .add(
                        new Actor(FakeSlack.TEAM, null, ADMIN),
                        new QuoteDraft(
                                text,
                                Optional.of(sentiment),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                List.of(),
                                Optional.empty()));
    }

    /** Schedules the channel's quote at the local time on the given days, as an admin does. */
    private void schedule(LocalTime at, DayOfWeek... days) {
        var names = new ArrayList<String>();
        for (var day : days) {
            names.add(day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT));
        }
        harness.send()
                .command(
                        "/quote",
                        "schedule <#" + DAILY + "|daily> " + at.format(DateTimeFormatter.ofPattern("HH:mm")) + " "
                                + zone.getId() + " " + String.join(",", names),
                        ADMIN);
        assertThat(harness.app().quotes().service().nextPost(FakeSlack.TEAM, DAILY))
                .isPresent();
    }

    /** What Quartz finds in the database after downtime: the trigger's next firing is in the past. */
    private static void storedNextFiring(Instant when) {
        int updated = TestDatabase.get()
                .database()
                .dsl()
                .execute(
                        "update qrtz_triggers set next_fire_time = ? where trigger_name = ?",
                        when.toEpochMilli(),
                        QuoteService.key(FakeSlack.TEAM, DAILY).getName());
        assertThat(updated).isEqualTo(1);
    }

    /** The local time of a firing a few whole minutes ago, today: what Quartz is due to fire at once. */
    private LocalTime minutesAgo() {
        return now.minusMinutes(3).withSecond(0).withNano(0);
    }

    private Instant today(LocalTime at) {
        return today.atTime(at).atZone(zone).toInstant();
    }

    /** The days the channel's posts that reached Slack were filed under, in order. */
    private static List<LocalDate> postedDays() {
        return TestDatabase.get()
                .database()
                .dsl()
                .fetch(
                        "select scheduled_for from quote_post where channel_id = ? and post_ts is not null order by id",
                        DAILY)
                .getValues(0, LocalDate.class);
    }

    private static long postsIn(String channel) {
        return harness.slack().calls("chat.postMessage").stream()
                .filter(call -> channel.equals(call.text("channel")))
                .count();
    }

    @Test
    void postMissedDuringDowntime_isSentLateForItsOwnDay_andTheNextDayStillGetsItsPost() throws Exception {
        add("The new export saved my team a full day.", Sentiment.PRAISE);
        add("I had to explain my problem three times.", Sentiment.CRITIQUE);
        // Yesterday's firing was missed; today's is still an hour ahead.
        var at = now.plusHours(1).withSecond(0).withNano(0);
        var yesterday = today.minusDays(1);
        schedule(at, yesterday.getDayOfWeek(), today.getDayOfWeek());
        storedNextFiring(yesterday.atTime(at).atZone(zone).toInstant());

        instance().start();

        assertThat(posts.await(30, TimeUnit.SECONDS)).isTrue();
        stopAll();
        assertThat(postedDays()).containsExactly(yesterday);
        // Tonight's firing is another day's post, not a repeat of the one sent late.
        harness.app().quotes().daily().scheduled(FakeSlack.TEAM, DAILY, today(at));
        assertThat(postsIn(DAILY)).isEqualTo(2);
        assertThat(postedDays()).containsExactly(yesterday, today);
    }

    @Test
    void twoSchedulerInstances_withADueQuoteTrigger_postOnceForToday() throws Exception {
        add("The new export saved my team a full day.", Sentiment.PRAISE);
        add("I had to explain my problem three times.", Sentiment.CRITIQUE);
        var at = minutesAgo();
        schedule(at, today.getDayOfWeek());
        // Today's firing, a few minutes ago, is due (the schedule itself already points to next week).
        storedNextFiring(today(at));
        var first = instance();
        var second = instance();

        first.start();
        second.start();

        assertThat(posts.await(30, TimeUnit.SECONDS)).isTrue();
        stopAll();
        assertThat(postsIn(DAILY)).isEqualTo(1);
        assertThat(postedDays()).containsExactly(today);
    }

    @Test
    void firingRecoveredAfterItsInstanceDiedBeforePosting_postsTheClaimedQuote_once() throws Exception {
        add("The new export saved my team a full day.", Sentiment.PRAISE);
        add("I had to explain my problem three times.", Sentiment.CRITIQUE);
        var at = minutesAgo();
        schedule(at, today.getDayOfWeek());
        // An instance fired today's quote and claimed it (its post written with the claim), then died before
        // chat.postMessage: Quartz still has its firing of a job that requests recovery.
        var claimed = harness.app().quotes().service().claimNext(FakeSlack.TEAM, DAILY, Optional.of(today));
        assertThat(claimed).isInstanceOf(QuoteOutcome.Claimed.class);
        var key = QuoteService.key(FakeSlack.TEAM, DAILY);
        TestDatabase.get()
                .database()
                .dsl()
                .execute(
                        "insert into qrtz_fired_triggers (sched_name, entry_id, trigger_name, trigger_group,"
                                + " instance_name, fired_time, sched_time, priority, state, job_name, job_group,"
                                + " is_nonconcurrent, requests_recovery)"
                                + " values ('lodestar', 'dead-1', ?, ?, 'dead-instance', ?, ?, 5, 'EXECUTING', ?, ?,"
                                + " false, true)",
                        key.getName(),
                        key.getGroup(),
                        today(at).toEpochMilli(),
                        today(at).toEpochMilli(),
                        key.getName(),
                        QuoteService.JOB_GROUP);

        // Another instance (or the same one, restarted) finds the dead instance's firing and re-runs it.
        instance().start();

        assertThat(posts.await(30, TimeUnit.SECONDS)).isTrue();
        stopAll();
        var sent = harness.slack().calls("chat.postMessage");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).text("text"))
                .contains(((QuoteOutcome.Claimed) claimed).quote().text());
        assertThat(postedDays()).containsExactly(today);
    }
}
