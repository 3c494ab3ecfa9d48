package lodestar.quotes;

import static lodestar.testing.Users.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * job factory, as a running bot fires them. Quartz runs on real time, so these tests schedule relative to now.
 */
class QuoteSchedulingTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DAILY = "C0DAILY";
    private static final LocalTime AT = LocalTime.of(23, 0);

    private final List<Scheduler> instances = new ArrayList<>();
    private final AtomicLong timestamps = new AtomicLong(1_800_000_000L);
    private CountDownLatch posts;
    private ZoneId zone;

    @BeforeEach
    void countPosts() {
        posts = new CountDownLatch(1);
        harness.slack().answer("chat.postMessage", params -> {
            posts.countDown();
            return JSON.createObjectNode().put("ok", true).put("ts", timestamps.incrementAndGet() + ".000100");
        });
        // A zone where 23:00 today is still ahead, so that only the firing the test arranges happens.
        zone = ZoneId.of("Europe/Paris");
        if (ZonedDateTime.now(zone).getHour() >= 22) {
            zone = ZoneId.of("America/New_York");
        }
    }

    @AfterEach
    void stopInstances() {
        instances.forEach(Scheduler::close);
    }

    /** A bot instance's scheduler, with the quotes feature's job wired in as App wires it. */
    private Scheduler instance() {
        var scheduler = Scheduler.create(TestDatabase.get().database().dataSource());
        instances.add(scheduler);
        var config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(harness.slack().apiUrl());
        var slack = new SlackApi(Slack.getInstance(config), "xoxb-test-token", duration -> {});
        QuotesFeature.create(
                TestDatabase.get().database().dsl(),
                harness.app().workspace().service(),
                scheduler,
                slack,
                new SlackUsers(slack, Duration.ofMinutes(5)),
                harness.clock(),
                Runnable::run);
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

    /** Schedules the channel's quote at 23:00 on the given days, as an admin does. */
    private void schedule(DayOfWeek... days) {
        var names = new ArrayList<String>();
        for (var day : days) {
            names.add(day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT));
        }
        harness.send()
                .command(
                        "/quote",
                        "schedule <#" + DAILY + "|daily> 23:00 " + zone.getId() + " " + String.join(",", names),
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

    private static long postsIn(String channel) {
        return harness.slack().calls("chat.postMessage").stream()
                .filter(call -> channel.equals(call.text("channel")))
                .count();
    }

    @Test
    void postMissedDuringDowntime_isSentLateForItsOwnDay_andTheNextDayStillGetsItsPost() throws Exception {
        add("The new export saved my team a full day.", Sentiment.PRAISE);
        add("I had to explain my problem three times.", Sentiment.CRITIQUE);
        var today = ZonedDateTime.now(zone).toLocalDate();
        var yesterday = today.minusDays(1);
        schedule(yesterday.getDayOfWeek(), today.getDayOfWeek());
        storedNextFiring(yesterday.atTime(AT).atZone(zone).toInstant());

        instance().start();

        assertThat(posts.await(30, TimeUnit.SECONDS)).isTrue();
        instances.forEach(Scheduler::close);
        assertThat(postsIn(DAILY)).isEqualTo(1);
        // Tonight's firing is another day's post, not a repeat of the one sent late.
        harness.app()
                .quotes()
                .daily()
                .scheduled(FakeSlack.TEAM, DAILY, today.atTime(AT).atZone(zone).toInstant());
        assertThat(postsIn(DAILY)).isEqualTo(2);
    }

    @Test
    void twoSchedulerInstances_withADueQuoteTrigger_postOnce() throws Exception {
        add("The new export saved my team a full day.", Sentiment.PRAISE);
        add("I had to explain my problem three times.", Sentiment.CRITIQUE);
        var today = ZonedDateTime.now(zone).toLocalDate();
        schedule(today.getDayOfWeek());
        storedNextFiring(Instant.now());
        var first = instance();
        var second = instance();

        first.start();
        second.start();

        assertThat(posts.await(30, TimeUnit.SECONDS)).isTrue();
        first.close();
        second.close();
        assertThat(postsIn(DAILY)).isEqualTo(1);
    }
}
