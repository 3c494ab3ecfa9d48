package lodestar.slack;

import com.slack.api.SlackConfig;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.util.json.GsonFactory;

/**
 * What reading a Web API answer costs: as the Slack SDK 1.51 does it (a new Gson for each answer) and as
 * {@link SharedJsonMethods} does (one Gson per client), for a {@code chat.postMessage} answer with blocks and a
 * {@code users.info} answer, in the same run.
 *
 * <pre>java -cp target/classes:target/test-classes:$(cat target/cp.txt) lodestar.slack.SlackJsonBenchmark</pre>
 */
public final class SlackJsonBenchmark {
    private static final String POSTED = "{\"ok\":true,\"channel\":\"C0GENERAL\",\"ts\":\"1700000000.000100\","
            + "\"message\":{\"type\":\"message\",\"subtype\":\"bot_message\",\"text\":\"Kudos from <@U0ALICE> to"
            + " <@U0BOB>: Fixed the export for Acme\",\"ts\":\"1700000000.000100\",\"username\":\"Lodestar\","
            + "\"bot_id\":\"B0BOT\",\"app_id\":\"A0LODESTAR\",\"team\":\"T0TEAM\",\"metadata\":{\"event_type\":"
            + "\"lodestar_outbox\",\"event_payload\":{\"outbox_id\":\"1\"}},\"blocks\":[{\"type\":\"section\","
            + "\"block_id\":\"a1\",\"text\":{\"type\":\"mrkdwn\",\"text\":\":star2: <@U0ALICE> recognised <@U0BOB>"
            + " `#customer-first`\",\"verbatim\":false}},{\"type\":\"section\",\"block_id\":\"a2\",\"text\":{\"type\":"
            + "\"mrkdwn\",\"text\":\">Fixed the export for Acme\",\"verbatim\":false}},{\"type\":\"context\","
            + "\"block_id\":\"a3\",\"elements\":[{\"type\":\"mrkdwn\",\"text\":\"Kudos #1 \\u00b7 react to"
            + " celebrate\",\"verbatim\":false}]}]},\"response_metadata\":{\"warnings\":[]}}";
    private static final String USER = "{\"ok\":true,\"user\":{\"id\":\"U0BOB\",\"team_id\":\"T0TEAM\",\"name\":"
            + "\"bob\",\"deleted\":false,\"real_name\":\"Bob Builder\",\"tz\":\"Europe/Paris\",\"tz_label\":"
            + "\"Central European Time\",\"tz_offset\":3600,\"profile\":{\"real_name\":\"Bob Builder\","
            + "\"display_name\":\"bob\",\"email\":\"bob@example.com\",\"image_48\":\"https://example.com/b.png\","
            + "\"team\":\"T0TEAM\"},\"is_admin\":false,\"is_owner\":false,\"is_bot\":false,\"updated\":1700000000}}";

    public static void main(String[] args) {
        var config = new SlackConfig();
        config.setStatsEnabled(false);
        var shared = SharedJsonMethods.gsonFor(config).orElseThrow();
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        for (int round = 0; round < 3; round++) {
            long sdk = time(n, () -> {
                GsonFactory.createSnakeCase(config).fromJson(POSTED, ChatPostMessageResponse.class);
                GsonFactory.createSnakeCase(config).fromJson(USER, UsersInfoResponse.class);
            });
            long ours = time(n, () -> {
                shared.fromJson(POSTED, ChatPostMessageResponse.class);
                shared.fromJson(USER, UsersInfoResponse.class);
            });
            System.out.printf(
                    "round %d: a new Gson per answer %.1f µs, one Gson per client %.1f µs (%.1fx less)%n",
                    round + 1, sdk / 1e3 / n, ours / 1e3 / n, (double) sdk / ours);
        }
    }

    private static long time(int n, Runnable work) {
        for (int i = 0; i < n / 10; i++) {
            work.run(); // warm-up
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            work.run();
        }
        return System.nanoTime() - start;
    }
}
