package lodestar.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.handler.builtin.GlobalShortcutHandler;
import com.slack.api.bolt.handler.builtin.MessageShortcutHandler;
import com.slack.api.bolt.handler.builtin.SlashCommandHandler;
import com.slack.api.bolt.util.EventsApiPayloadParser;
import com.slack.api.model.event.Event;
import java.util.Set;
import java.util.TreeSet;

/**
 * Bolt's app, remembering which commands, events and shortcuts the features registered, so that a
 * test can hold {@code manifest.yml} to exactly what the code handles.
 */
public final class BoltApp extends App {
    private final Set<String> commands = new TreeSet<>();
    private final Set<String> events = new TreeSet<>();
    private final Set<String> shortcuts = new TreeSet<>();

    public BoltApp(AppConfig config) {
        super(config);
    }

    @Override
    public App command(String command, SlashCommandHandler handler) {
        commands.add(command);
        return super.command(command, handler);
    }

    @Override
    public <E extends Event> App event(Class<E> eventClass, BoltEventHandler<E> handler) {
        events.add(EventsApiPayloadParser.getEventTypeAndSubtype(eventClass));
        return super.event(eventClass, handler);
    }

    @Override
    public App messageShortcut(String callbackId, MessageShortcutHandler handler) {
        shortcuts.add(callbackId);
        return super.messageShortcut(callbackId, handler);
    }

    @Override
    public App globalShortcut(String callbackId, GlobalShortcutHandler handler) {
        shortcuts.add(callbackId);
        return super.globalShortcut(callbackId, handler);
    }

    public Set<String> commands() {
        return Set.copyOf(commands);
    }

    public Set<String> events() {
        return Set.copyOf(events);
    }

    public Set<String> shortcuts() {
        return Set.copyOf(shortcuts);
    }
}
