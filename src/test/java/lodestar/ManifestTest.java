package lodestar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lodestar.install.InstallFeature;
import lodestar.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ManifestTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode manifest() throws IOException {
        return new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("manifest.yml").toFile());
    }

    @Test
    void manifest_validatesAgainstSlacksSchema() throws IOException {
        // Slack's published schema, vendored with its licence in src/test/resources/slack/
        var schemaJson = JSON.readTree(ManifestTest.class.getResource("/slack/manifest.schema.1.0.0.json"));
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schemaJson);

        assertThat(schema.validate(manifest())).isEmpty();
    }

    @Test
    void manifestCommands_areExactlyThoseTheCodeHandles() throws IOException {
        var commands = names(manifest().path("features").path("slash_commands"), "command");

        assertThat(commands).isEqualTo(harness.app().bolt().commands());
    }

    @Test
    void everyCommandEscapesMentions_andSaysHowToUseIt() throws IOException {
        for (JsonNode command : manifest().path("features").path("slash_commands")) {
            assertThat(command.path("should_escape").asBoolean())
                    .as(command.toString())
                    .isTrue();
            assertThat(command.path("usage_hint").asText())
                    .as(command.toString())
                    .isNotBlank();
            assertThat(command.path("description").asText())
                    .as(command.toString())
                    .isNotBlank();
        }
    }

    @Test
    void manifestEvents_areExactlyThoseTheCodeHandles() throws IOException {
        var events = new TreeSet<String>();
        manifest()
                .path("settings")
                .path("event_subscriptions")
                .path("bot_events")
                // Slack names message events by where they happen (message.channels); Bolt calls them all "message".
                .forEach(e -> events.add(e.asText().replaceFirst("^message\\..*", "message")));

        assertThat(events).isEqualTo(new TreeSet<>(harness.app().bolt().events()));
    }

    @Test
    void manifestShortcuts_areExactlyThoseTheCodeHandles() throws IOException {
        var shortcuts = names(manifest().path("features").path("shortcuts"), "callback_id");

        assertThat(shortcuts).isEqualTo(harness.app().bolt().shortcuts());
    }

    /**
     * The bot scopes each Web API method the code calls needs (Slack's method reference). chat:write.public
     * is there because the daily quote, pulse surveys and the digest post to channels the bot was never
     * invited to; conversations.members needs channels:read for public channels and groups:read for private ones.
     */
    private static final Map<String, List<String>> SCOPES = Map.ofEntries(
            Map.entry("chat.getPermalink", List.of()),
            Map.entry("chat.postEphemeral", List.of("chat:write")),
            Map.entry("chat.postMessage", List.of("chat:write", "chat:write.public")),
            Map.entry("chat.update", List.of("chat:write")),
            // a post Slack took but Lodestar never recorded is looked for in its conversation's history (a DM's too)
            Map.entry("conversations.history", List.of("channels:history", "groups:history", "im:history")),
            Map.entry("conversations.join", List.of("channels:join")),
            Map.entry("conversations.members", List.of("channels:read", "groups:read")),
            // the DM conversation of a user, to look a DM in doubt up in its history
            Map.entry("conversations.open", List.of("im:write")),
            Map.entry("conversations.replies", List.of("channels:history", "groups:history", "im:history")),
            Map.entry("files.uploadV2", List.of("files:write")),
            Map.entry("usergroups.list", List.of("usergroups:read")),
            Map.entry("usergroups.users.list", List.of("usergroups:read")),
            Map.entry("users.info", List.of("users:read")),
            Map.entry("users.list", List.of("users:read")),
            Map.entry("views.open", List.of()),
            Map.entry("views.publish", List.of()),
            Map.entry("views.update", List.of()));

    /** The bot scopes each subscribed event needs (Slack's event reference). */
    private static final Map<String, List<String>> EVENT_SCOPES = Map.of(
            "app_home_opened", List.of(),
            "app_uninstalled", List.of(),
            "team_access_revoked", List.of(),
            "tokens_revoked", List.of(),
            "message.channels", List.of("channels:history"),
            "message.groups", List.of("groups:history"),
            "reaction_added", List.of("reactions:read"),
            "reaction_removed", List.of("reactions:read"));

    private static final Pattern WEB_API_CALL = Pattern.compile(
            "\\b(?:call|attempt|attemptOnce|attemptWaitingAtMost|read)\\(\\s*\"([a-z]+\\.[a-zA-Z0-9.]+)\"");

    @Test
    void manifestScopes_areExactlyThoseTheCodeNeeds() throws IOException {
        var granted = new TreeSet<String>();
        manifest().path("oauth_config").path("scopes").path("bot").forEach(scope -> granted.add(scope.asText()));
        var methods = new TreeSet<String>();
        try (var files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher call = WEB_API_CALL.matcher(Files.readString(file));
                while (call.find()) {
                    methods.add(call.group(1));
                }
            }
        }
        var events = new TreeSet<String>();
        manifest()
                .path("settings")
                .path("event_subscriptions")
                .path("bot_events")
                .forEach(e -> events.add(e.asText()));

        assertThat(methods).contains("chat.postMessage", "conversations.join", "users.info");
        assertThat(SCOPES.keySet())
                .as("Web API methods the code calls; add new ones to SCOPES with the scopes Slack lists")
                .containsAll(methods);
        assertThat(EVENT_SCOPES.keySet())
                .as("subscribed events; add new ones to EVENT_SCOPES with the scopes Slack lists")
                .containsAll(events);
        var needed = new TreeSet<String>();
        needed.add("commands"); // the slash commands
        methods.forEach(method -> needed.addAll(SCOPES.get(method)));
        events.forEach(event -> needed.addAll(EVENT_SCOPES.get(event)));

        assertThat(granted).isEqualTo(needed);
        assertThat(new TreeSet<>(InstallFeature.BOT_SCOPES))
                .as("the scopes an install asks for are the manifest's")
                .isEqualTo(granted);
    }

    @Test
    void installsAndDashboardSignInsComeBackToLodestarsRedirectPaths() throws IOException {
        var redirects = new TreeSet<String>();
        manifest().path("oauth_config").path("redirect_urls").forEach(url -> redirects.add(url.asText()));

        assertThat(redirects)
                .containsExactlyInAnyOrder(
                        "https://lodestar.example.com" + InstallFeature.APP_PATH + InstallFeature.REDIRECT_PATH,
                        "https://lodestar.example.com/dashboard/oauth_redirect");
        assertThat(manifest().path("settings").path("org_deploy_enabled").asBoolean())
                .as("org-wide installs in an Enterprise Grid organisation")
                .isTrue();
    }

    private static Set<String> names(JsonNode list, String field) {
        var names = new TreeSet<String>();
        list.forEach(item -> names.add(item.path(field).asText()));
        return Set.copyOf(names);
    }
}
