package lodestar;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lodestar in a JVM of its own, started as the README says ({@link #JVM_OPTIONS}), for benchmarks that measure its
 * memory or stop it as an operator or a crash would: SIGTERM, or {@code kill -9}.
 */
final class LodestarProcess implements AutoCloseable {
    /** The JVM settings the README's run command gives; {@code ReadmeRunCommandTest} holds the README to them. */
    static final List<String> JVM_OPTIONS = List.of(
            "-Xms64m",
            "-Xmx256m",
            "-XX:MaxMetaspaceSize=160m",
            "-XX:ReservedCodeCacheSize=64m",
            "-Xss512k",
            "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:ThreadPriorityPolicy=1");

    /** The bot token the benchmarks' fake Slack is given. */
    static final String TOKEN = "xoxb-test-token";

    private final Process process;
    private final int port;

    private LodestarProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * The environment Lodestar runs with against a local fake Slack ({@code slackApiUrl}) and a PostgreSQL
     * ({@code jdbcUrl}), keeping its files in {@code dataDir}; {@code extra} adds to it.
     */
    static Map<String, String> environment(
            String slackApiUrl, String jdbcUrl, Path dataDir, Map<String, String> extra) {
        var env = new java.util.HashMap<String, String>(Map.of(
                "SLACK_BOT_TOKEN",
                TOKEN,
                "SLACK_SIGNING_SECRET",
                lodestar.testing.SlackRequests.SIGNING_SECRET,
                "DATABASE_URL",
                jdbcUrl,
                "SLACK_API_URL",
                slackApiUrl,
                "LODESTAR_DATA_DIR",
                dataDir.toString(),
                "LODESTAR_SECRET",
                lodestar.testing.Harness.SERVER_SECRET));
        env.putAll(extra);
        return env;
    }

    /** Starts Lodestar with {@code env} (PORT is chosen here) and waits until its health check answers. */
    static LodestarProcess start(Map<String, String> env, Path log) throws IOException, InterruptedException {
        return start(env, log, System.getProperty("java.class.path"));
    }

    /** Starts the Lodestar found on {@code classpath} (another build, to compare with), as {@link #start}. */
    static LodestarProcess start(Map<String, String> env, Path log, String classpath)
            throws IOException, InterruptedException {
        // e.g. -Dlodestar.benchmark.jvm="-XX:StartFlightRecording=filename=/tmp/lodestar.jfr" to profile it
        return start(env, log, classpath, System.getProperty("lodestar.benchmark.jvm", ""));
    }

    /** Like {@link #start(Map, Path, String)}, with JVM options added after the README's ({@code extraJvm}). */
    static LodestarProcess start(Map<String, String> env, Path log, String classpath, String extraJvm)
            throws IOException, InterruptedException {
        int port = freePort();
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        String extra = extraJvm.strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath, "lodestar.App"));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("PORT", String.valueOf(port));
        var started = new LodestarProcess(builder.start(), port);
        started.awaitHealthy(Duration.ofMinutes(2));
        return started;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** The CPU time the process has used so far (user and system), in nanoseconds. */
    long cpuNanos() {
        return process.toHandle()
                .info()
                .totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("No CPU time for " + process.pid()))
                .toNanos();
    }

    /** The process's resident memory (VmRSS), in MiB. */
    long rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IOException("No VmRSS for " + process.pid());
    }

    /** Stops it as an operator does (SIGTERM) and waits for it to exit; returns its exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        return process.waitFor();
    }

    /** Kills it as a crash does ({@code kill -9}): nothing runs after. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private void awaitHealthy(Duration within) throws InterruptedException {
        var http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Lodestar exited with " + process.exitValue() + " while starting");
            }
            try {
                var health = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/healthz"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Lodestar did not become healthy within " + within);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate();
        }
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
