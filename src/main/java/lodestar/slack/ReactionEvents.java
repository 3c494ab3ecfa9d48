package lodestar.slack;

import com.slack.api.bolt.App;
import com.slack.api.model.event.ReactionAddedEvent;
import com.slack.api.model.event.ReactionRemovedEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Reactions added to and removed from messages, handed to every feature that counts them (Bolt allows one
 * handler per event type). Listeners only touch the database, so this runs before the ack.
 */
public final class ReactionEvents {
    /** One feature's interest in reactions on messages. */
    @FunctionalInterface
    public interface Listener {
        void reaction(String teamId, String channelId, String ts, String userId, String emoji, boolean added);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public void add(Listener listener) {
        listeners.add(listener);
    }

    public void register(App bolt) {
        bolt.event(ReactionAddedEvent.class, (payload, ctx) -> {
            var event = payload.getEvent();
            if ("message".equals(event.getItem().getType())) {
                listeners.forEach(l -> l.reaction(
                        payload.getTeamId(),
                        event.getItem().getChannel(),
                        event.getItem().getTs(),
                        event.getUser(),
                        event.getReaction(),
                        true));
            }
            return ctx.ack();
        });
        bolt.event(ReactionRemovedEvent.class, (payload, ctx) -> {
            var event = payload.getEvent();
            if ("message".equals(event.getItem().getType())) {
                listeners.forEach(l -> l.reaction(
                        payload.getTeamId(),
                        event.getItem().getChannel(),
                        event.getItem().getTs(),
                        event.getUser(),
                        event.getReaction(),
                        false));
            }
            return ctx.ack();
        });
    }
}
