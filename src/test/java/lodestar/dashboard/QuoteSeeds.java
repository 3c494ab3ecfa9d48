package lodestar.dashboard;

import static lodestar.testing.Users.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.UUID;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;

/**
 * Customer quotes as people add and post them in Slack, through signed requests: the add modal, {@code /quote post},
 * reactions, thread replies and "I'll own this".
 */
final class QuoteSeeds {
    static final String DAILY = "C0DAILY";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A quote's post in the channel: which quote, and the message's ts. */
    record Posted(long quoteId, String ts) {}

    private final Harness harness;

    QuoteSeeds(Harness harness) {
        this.harness = harness;
    }

    /** Submits the add modal as {@code by} typed it, with who said it (and its anonymised form) if given. */
    void add(String by, String typed, String sentiment, Optional<String> author, Optional<String> anonymisedAs) {
        var state = JSON.createObjectNode();
        state.putObject("text").putObject("text").put("value", typed);
        state.putObject("sentiment")
                .putObject("sentiment")
                .putObject("selected_option")
                .put("value", sentiment);
        author.ifPresent(a -> state.putObject("author").putObject("author").put("value", a));
        anonymisedAs.ifPresent(as -> {
            state.putObject("anonymise")
                    .putObject("anonymise")
                    .putArray("selected_options")
                    .addObject()
                    .put("value", "yes");
            state.putObject("anonymised_as").putObject("anonymised_as").put("value", as);
        });
        var reply = harness.send()
                .viewSubmission(by, "quote_add_modal", "V" + UUID.randomUUID(), SlackRequests.CHANNEL, state);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("errors").isMissingNode())
                .as("added: " + reply.body())
                .isTrue();
    }

    void add(String by, String typed, String sentiment) {
        add(by, typed, sentiment, Optional.empty(), Optional.empty());
    }

    /** An admin's {@code /quote post}: the next quote of the rotation, posted in the channel now. */
    Posted post() {
        assertThat(harness.send()
                        .command("/quote", "post <#" + DAILY + "|daily>", ADMIN)
                        .status())
                .isEqualTo(200);
        var posts = harness.slack().calls("chat.postMessage").stream()
                .filter(call -> call.text("channel").equals(DAILY))
                .toList();
        long quoteId = posts.get(posts.size() - 1).params().findValue("value").asLong();
        return new Posted(
                quoteId, harness.slack().history(DAILY).get(0).path("ts").asText());
    }

    void react(Posted post, String user, String emoji) {
        var event = JSON.createObjectNode()
                .put("type", "reaction_added")
                .put("user", user)
                .put("reaction", emoji)
                .put("event_ts", "1.1");
        event.putObject("item").put("type", "message").put("channel", DAILY).put("ts", post.ts());
        assertThat(harness.send().event(event).status()).isEqualTo(200);
    }

    void reply(Posted post, String user, String ts) {
        var event = JSON.createObjectNode()
                .put("type", "message")
                .put("channel", DAILY)
                .put("user", user)
                .put("text", "So true")
                .put("ts", ts)
                .put("thread_ts", post.ts())
                .put("event_ts", ts)
                .put("channel_type", "channel");
        assertThat(harness.send().event(event).status()).isEqualTo(200);
    }

    /** "I'll own this", clicked by {@code user} on the post. */
    void own(Posted post, String user) {
        assertThat(harness.send()
                        .blockAction(user, "quote_own", String.valueOf(post.quoteId()), DAILY, post.ts())
                        .status())
                .isEqualTo(200);
    }

    /** "Resolved", clicked by the owner on the post, and the note typed into the modal it opens. */
    void resolve(Posted post, String owner, String note) {
        harness.send().blockAction(owner, "quote_resolve", String.valueOf(post.quoteId()), DAILY, post.ts());
        var opened = harness.slack().calls("views.open");
        var modal = opened.get(opened.size() - 1).params().path("view");
        var state = JSON.createObjectNode();
        state.putObject("note").putObject("note").put("value", note);
        var reply = harness.send()
                .viewSubmission(
                        owner,
                        "quote_resolve_modal",
                        "VR" + UUID.randomUUID(),
                        modal.path("private_metadata").asText(),
                        state);
        assertThat(reply.json().path("errors").isMissingNode())
                .as("resolved: " + reply.body())
                .isTrue();
    }
}
