package lodestar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
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
        var schemaJson = JSON.readTree(
                Path.of("../shared/slack/manifest.schema.1.0.0.json").toFile());
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

    private static Set<String> names(JsonNode list, String field) {
        var names = new TreeSet<String>();
        list.forEach(item -> names.add(item.path(field).asText()));
        return Set.copyOf(names);
    }
}
