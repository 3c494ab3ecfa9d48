package lodestar.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** Captures what is logged while it is open (everything reaching the root logger), for tests of log lines. */
public final class Logs extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    public static Logs capture() {
        var logs = new Logs();
        logs.start();
        logs.root.addAppender(logs);
        return logs;
    }

    @Override
    protected void append(ILoggingEvent event) {
        events.add(event);
    }

    public List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    /** The lines logged by one class, at the given level or above. */
    public List<String> lines(Class<?> logger, Level atLeast) {
        return events.stream()
                .filter(event -> event.getLoggerName().equals(logger.getName()))
                .filter(event -> event.getLevel().isGreaterOrEqual(atLeast))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /** Events logged with a stack trace. */
    public List<ILoggingEvent> withStackTraces() {
        return events.stream()
                .filter(event -> event.getThrowableProxy() != null)
                .toList();
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
    }
}
