package lodestar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lodestar.testing.FakeSlack;
import lodestar.testing.OtherInstance;
import org.junit.jupiter.api.Test;

/**
 * README "Priorities": Lodestar started with the run command's {@code -XX:ThreadPriorityPolicy=1} runs its workers
 * below the threads that take Slack's requests, as the operating system sees them (Linux: each thread's nice value in
 * /proc), and the lookups a request may wait on at the request threads' level.
 */
class ThreadPriorityTest {
    @Test
    void workersRunBelowTheRequestThreads_inTheOperatingSystem() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        try (var slack = new FakeSlack();
                var lodestar = OtherInstance.start(slack, List.of("-XX:ThreadPriorityPolicy=1"))) {
            // The JVM sets absolute nice values: under a parent already niced, the workers could not go to 4.
            assumeTrue(niceOf(Path.of("/proc", String.valueOf(lodestar.pid()), "stat")) == 0, "started at nice 0");
            var nice = niceByThreadName(lodestar.pid());

            // Names as Linux keeps them: their first 15 characters.
            assertThat(nice)
                    .as("the senders, the inbox poller, Quartz's workers")
                    .containsKeys("lodestar-courie", "lodestar-inbox-", "lodestar_Worker");
            assertThat(nice.get("lodestar-courie")).containsOnly(4);
            assertThat(nice.get("lodestar-inbox-")).containsOnly(4);
            assertThat(nice.get("lodestar_Worker")).containsOnly(4);
            assertThat(nice.get("users-info-look"))
                    .as("the lookups a request waits on")
                    .containsOnly(0);
            // Jetty's request threads (Javalin names its pool "JettyServerThreadPool"): none as low as the workers.
            assertThat(nice.get("JettyServerThre"))
                    .as("Jetty's request threads, among " + nice)
                    .isNotEmpty()
                    .allMatch(value -> value < 4);
        }
    }

    /** The nice value in a /proc stat file: field 19, counting from the pid (after "(comm) ", state is field 3). */
    private static int niceOf(Path stat) throws IOException {
        String line = Files.readString(stat);
        return Integer.parseInt(line.substring(line.lastIndexOf(')') + 2).split(" ")[16]);
    }

    /** Each thread's nice value, by its name. */
    private static Map<String, List<Integer>> niceByThreadName(long pid) throws IOException {
        Map<String, List<Integer>> nice = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    nice.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(niceOf(task.resolve("stat")));
                } catch (IOException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return nice;
    }
}
