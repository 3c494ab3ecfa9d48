package lodestar.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A second Lodestar in another JVM, started as {@code java -cp … lodestar.App} would be in production (its background
 * senders and Quartz running) on the tests' database and fake Slack: a test can kill it with SIGKILL, which an
 * instance in the test's own JVM does not allow.
 */
public final class OtherInstance implements AutoCloseable {
    private static final String RUNNING = "Lodestar is running on port ";

    private final Process process;
    private final List<String> output;

    private OtherInstance(Process process, List<String> output) {
        this.process = process;
        this.output = output;
    }

    public static OtherInstance start(FakeSlack slack) throws Exception {
        return start(slack, List.of());
    }

    /** Started with {@code jvmOptions} too. */
    public static OtherInstance start(FakeSlack slack, List<String> jvmOptions) throws Exception {
        var database = TestDatabase.get().url();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "lodestar.App"));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        var env = builder.environment();
        env.put("SLACK_BOT_TOKEN", "xoxb-test-token");
        env.put("SLACK_SIGNING_SECRET", SlackRequests.SIGNING_SECRET);
        env.put("DATABASE_URL", database.jdbcUrl());
        env.put("LODESTAR_SECRET", Harness.SERVER_SECRET);
        env.put("SLACK_API_URL", slack.apiUrl());
        env.put("PORT", "0");
        env.put("LODESTAR_DATA_DIR", Files.createTempDirectory("lodestar-other").toString());
        env.remove("SLACK_APP_TOKEN");
        var process = builder.start();
        List<String> output = new CopyOnWriteArrayList<>();
        var running = new CompletableFuture<Void>();
        // Reads the other JVM's output to its end, so that its logging never blocks on a full pipe.
        var reader = new Thread(() -> {
            try (var lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                    if (line.contains(RUNNING)) {
                        running.complete(null);
                    }
                }
            } catch (IOException e) {
                // the other JVM is gone
            }
            running.completeExceptionally(new IllegalStateException("the other Lodestar stopped: " + output));
        });
        reader.setDaemon(true);
        reader.start();
        try {
            running.get(2, TimeUnit.MINUTES);
            return new OtherInstance(process, output);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is recorded or given back. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The other JVM's process id. */
    public long pid() {
        return process.pid();
    }

    public List<String> output() {
        return List.copyOf(output);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
