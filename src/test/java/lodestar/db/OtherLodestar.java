package lodestar.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Lodestar in another JVM that runs only its embedded PostgreSQL, as {@code java -jar} would: a test can kill it
 * the hard way, which a server in the test's own JVM does not allow.
 */
final class OtherLodestar implements AutoCloseable {
    private static final String READY = "ready on port ";

    private final Process process;
    private final int port;

    private OtherLodestar(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The other JVM: starts the server, says so, and runs until its input closes. */
    public static void main(String[] args) throws IOException {
        try (var postgres = EmbeddedPostgres.start(Path.of(args[0]))) {
            String url = postgres.url().jdbcUrl();
            System.out.println(READY + url.replaceAll(".*localhost:([0-9]+)/.*", "$1"));
            System.out.flush();
            while (System.in.read() != -1) {
                // runs until the test closes our input or kills us
            }
        }
    }

    static OtherLodestar start(Path dataDirectory) throws Exception {
        var process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        OtherLodestar.class.getName(),
                        dataDirectory.toString())
                .redirectErrorStream(true)
                .start();
        var output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        var ready = new CompletableFuture<Integer>();
        // Reads the other JVM's output to its end, so that its logging never blocks on a full pipe.
        var reader = new Thread(() -> {
            List<String> seen = new ArrayList<>();
            try {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    if (line.startsWith(READY)) {
                        ready.complete(
                                Integer.parseInt(line.substring(READY.length()).strip()));
                    } else if (!ready.isDone()) {
                        seen.add(line);
                    }
                }
            } catch (IOException e) {
                // the other JVM is gone
            }
            ready.completeExceptionally(
                    new IllegalStateException("the other Lodestar stopped before it was ready: " + seen));
        });
        reader.setDaemon(true);
        reader.start();
        try {
            return new OtherLodestar(process, ready.get(2, TimeUnit.MINUTES));
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    /** {@code kill -9}: the JVM ends at once, without running its shutdown hooks. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Closes the other JVM's input, which stops it cleanly, unless it was killed. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.getOutputStream().close();
                if (!process.waitFor(1, TimeUnit.MINUTES)) {
                    kill();
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
