package lodestar.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lodestar.slack.AfterAckPools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The courier's background senders: each looks for a due message every second (or at once when woken), delivers it,
 * and now and then deletes messages done long ago. A database that cannot be read is logged once, not every second.
 */
final class Senders implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Senders.class);
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);

    private final Courier courier;
    private final List<Thread> workers = new ArrayList<>();
    private final Object signal = new Object();
    private volatile boolean running;
    private volatile boolean failing;

    Senders(Courier courier) {
        this.courier = courier;
    }

    void start(int count) {
        running = true;
        for (int i = 0; i < count; i++) {
            var worker = new Thread(this::work, "lodestar-courier-" + (i + 1));
            worker.setDaemon(true);
            worker.setPriority(AfterAckPools.WORKER_PRIORITY); // below the request threads
            workers.add(worker);
            worker.start();
        }
    }

    void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        wake();
        for (var worker : workers) {
            worker.join(Duration.ofSeconds(15).toMillis());
        }
    }

    private void work() {
        while (running) {
            boolean delivered = false;
            try {
                courier.forgetOldNowAndThen();
                delivered = courier.deliverNextDue();
                if (failing) {
                    failing = false;
                    log.info("The outbox is delivering again");
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    failing = true;
                    log.error("The outbox cannot be read; trying again every second", e);
                }
            }
            if (!delivered) {
                synchronized (signal) {
                    try {
                        signal.wait(IDLE_POLL.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
