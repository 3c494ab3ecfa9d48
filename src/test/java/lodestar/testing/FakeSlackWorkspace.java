package lodestar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The workspace {@link FakeSlack} stands for: its users, who is in which channel or user group, the messages posted,
 * and Slack's standard answer to each Web API method about them.
 */
final class FakeSlackWorkspace {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ObjectNode> users = new ConcurrentHashMap<>();
    /** The messages Slack accepted, per channel, newest first: what conversations.history answers. */
    private final Map<String, List<ObjectNode>> history = new ConcurrentHashMap<>();

    private final Map<String, List<String>> members = new ConcurrentHashMap<>();
    private final AtomicLong timestamps;
    private final AtomicLong views = new AtomicLong();
    /** The port the fake serves at, for the socket and upload URLs it hands out. */
    private final IntSupplier port;

    FakeSlackWorkspace(AtomicLong timestamps, IntSupplier port) {
        this.timestamps = timestamps;
        this.port = port;
    }

    /** Forgets the messages and the members, and restores the standard cast of users. */
    void reset() {
        history.clear();
        users.clear();
        members.clear();
        addUser(Users.ADMIN, u -> u.put("is_admin", true));
        addUser(Users.OWNER, u -> u.put("is_owner", true));
        addUser(Users.ALICE, u -> {});
        addUser(Users.BOB, u -> {});
        addUser(Users.CAROL, u -> {});
        addUser(Users.ROBOT, u -> u.put("is_bot", true));
        addUser(Users.GONE, u -> u.put("deleted", true));
        addUser(Users.PACIFIC, u -> u.put("tz", "America/Los_Angeles"));
        addUser(Users.TOKYO, u -> u.put("tz", "Asia/Tokyo"));
    }

    void addUser(String id, Consumer<ObjectNode> customise) {
        var user = JSON.createObjectNode()
                .put("id", id)
                .put("team_id", FakeSlack.TEAM)
                .put("name", id.toLowerCase())
                .put("is_admin", false)
                .put("is_owner", false)
                .put("is_bot", false)
                .put("deleted", false)
                .put("tz", "Europe/London");
        customise.accept(user);
        users.put(id, user);
    }

    void setMembers(String channelOrGroup, List<String> userIds) {
        members.put(channelOrGroup, List.copyOf(userIds));
    }

    List<ObjectNode> history(String channel) {
        return List.copyOf(history.getOrDefault(channel, List.of()));
    }

    ObjectNode standardAnswer(String method, JsonNode params) {
        var ok = JSON.createObjectNode().put("ok", true);
        switch (method) {
            case "auth.test" ->
                ok.put("team_id", FakeSlack.TEAM)
                        .put("user_id", FakeSlack.BOT_USER)
                        .put("bot_id", "B0BOT")
                        .put("team", "Acme")
                        .put("url", "https://acme.slack.com/");
            case "users.info" -> {
                var user = users.get(params.path("user").asText());
                if (user == null) {
                    return JSON.createObjectNode().put("ok", false).put("error", "user_not_found");
                }
                ok.set("user", user);
            }
            case "chat.postMessage" -> {
                String ts = timestamps.incrementAndGet() + ".000100";
                ok.put("channel", params.path("channel").asText()).put("ts", ts);
                var message = ok.putObject("message")
                        .put("ts", ts)
                        .put("text", params.path("text").asText());
                var metadata = params.path("metadata");
                if (!metadata.isMissingNode() && !metadata.isNull()) {
                    message.set(
                            "metadata",
                            metadata.isTextual() ? FakeSlackParams.readJson(metadata.asText()) : metadata.deepCopy());
                }
                history.computeIfAbsent(params.path("channel").asText(), c -> new CopyOnWriteArrayList<>())
                        .add(0, message.deepCopy());
            }
            case "conversations.history" -> {
                String channel = params.path("channel").asText();
                var found = new ArrayList<>(history.getOrDefault(channel, List.of()));
                if (channel.startsWith("D")) { // a DM, which the bot may have posted to by its user's id
                    found.addAll(history.getOrDefault(channel.substring(1), List.of()));
                    found.sort(Comparator.comparing((ObjectNode m) ->
                                    new BigDecimal(m.path("ts").asText()))
                            .reversed()); // newest first
                }
                ok.putArray("messages").addAll(found);
            }
            case "apps.connections.open" -> ok.put("url", "ws://localhost:" + port.getAsInt() + "/socket");
            case "users.list" -> {
                var list = ok.putArray("members");
                users.values().forEach(list::add);
                ok.putObject("response_metadata").put("next_cursor", "");
            }
            case "files.getUploadURLExternal" -> {
                String id = "F" + timestamps.incrementAndGet();
                ok.put("file_id", id).put("upload_url", "http://localhost:" + port.getAsInt() + "/upload/" + id);
            }
            case "files.completeUploadExternal" ->
                ok.putArray("files").addObject().put("id", "F1").put("title", "chart");
            case "conversations.members" -> {
                var list = ok.putArray("members");
                members.getOrDefault(params.path("channel").asText(), List.of()).forEach(list::add);
                ok.putObject("response_metadata").put("next_cursor", "");
            }
            case "usergroups.users.list" -> {
                var list = ok.putArray("users");
                members.getOrDefault(params.path("usergroup").asText(), List.of())
                        .forEach(list::add);
            }
            case "usergroups.list" -> {
                var groups = ok.putArray("usergroups");
                members.keySet().stream()
                        .filter(id -> id.startsWith("S"))
                        .forEach(id -> groups.addObject().put("id", id).put("handle", id.toLowerCase()));
            }
            case "conversations.open" ->
                ok.putObject("channel").put("id", "D" + params.path("users").asText());
            case "views.open", "views.update" -> ok.putObject("view").put("id", "V0VIEW" + views.incrementAndGet());
            case "chat.getPermalink" ->
                ok.put(
                        "permalink",
                        "https://acme.slack.com/archives/"
                                + params.path("channel").asText() + "/p"
                                + params.path("message_ts").asText().replace(".", ""));
            default -> {
                // Most methods answer {"ok": true} and nothing the bot reads.
            }
        }
        return ok;
    }
}
