package lodestar.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Work after the ack runs below the request threads (README "Priorities"): every pool's threads have
 * {@link AfterAckPools#WORKER_PRIORITY}, lower than a request thread's normal priority.
 */
class WorkerPriorityTest {
    @Test
    void everyPoolAfterTheAck_runsBelowTheRequestThreads() throws Exception {
        try (var pools = new AfterAckPools(1, 1, 1, 1, 1)) {
            var executors = pools.executors();
            for (Executor pool :
                    new Executor[] {executors.interactive(), executors.background(), executors.commands()}) {
                int priority = CompletableFuture.supplyAsync(
                                () -> Thread.currentThread().getPriority(), pool)
                        .get(10, TimeUnit.SECONDS);
                assertThat(priority).isEqualTo(AfterAckPools.WORKER_PRIORITY).isLessThan(Thread.NORM_PRIORITY);
            }
        }
    }
}
