package lodestar.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import lodestar.Config;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool, migrated schema and jOOQ context every feature shares. */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final DSLContext dsl;
    /** The request threads' own connections, for their writes before an ack ({@link #ackDsl}). */
    private final HikariDataSource ackDataSource;

    private final DSLContext ackDsl;
    /** How long {@link #isUp} waits for the database before saying it is down. */
    static final Duration HEALTH_CHECK = Duration.ofMillis(800);

    private final ExecutorService healthChecks = Executors.newSingleThreadExecutor(task -> {
        var thread = new Thread(task, "lodestar-database-check");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<Boolean> healthCheck;

    private final Config.DatabaseUrl url;

    /**
     * Every table is in the schema the connection starts in ({@code public}, where the migrations create them): naming
     * it in every column of every statement only lengthens the SQL jOOQ renders, which under load is a fifth of
     * Lodestar's CPU (a tenth less rendering without it).
     */
    static final Settings SETTINGS = new Settings().withRenderSchema(false);

    private Database(HikariDataSource dataSource, HikariDataSource ackDataSource, Config.DatabaseUrl url) {
        this.dataSource = dataSource;
        this.ackDataSource = ackDataSource;
        this.url = url;
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES, SETTINGS);
        this.ackDsl = DSL.using(ackDataSource, SQLDialect.POSTGRES, SETTINGS);
    }

    /**
     * Connects to the given PostgreSQL and brings its schema up to date with migrations/; a database it cannot
     * use is an {@link UnusableDatabase} that says what to do.
     */
    /**
     * Connections per instance, sized with the threads that use the database, so that none waits for a connection
     * while another sits idle in a queue: the inbox's quick workers (8) and long jobs (4, the background pool), the
     * forms and buttons (interactive pool, 8: mostly waiting on Slack, rarely on the database at the same time), the
     * outbox's couriers (4) and Quartz's jobs (4), and the request threads' one short insert each before an ack. More
     * connections would not make a small PostgreSQL faster; with fewer, workers queue for them.
     */
    public static final int POOL_SIZE = 20;

    /**
     * Connections of the request threads alone, for their one or two short writes before an ack (a command recorded
     * with its signature; for other requests, the signature seen, then a job or a survey's answer recorded): they never
     * wait for a connection behind the workers, however busy those are.
     */
    public static final int ACK_POOL_SIZE = 4;

    /**
     * How long an ack's write waits for a connection of its own pool: an ack makes up to two writes (the signature,
     * then a job or a survey's answer; a command's are one), each of which may wait this long while the database is
     * out of reach: both must fit in Slack's 3 s. A command may first wait as long for a writer's turn (the inbox's
     * group commit), then for a connection.
     */
    public static final Duration ACK_CONNECTION_TIMEOUT = Duration.ofSeconds(1);

    public static Database connect(Config.DatabaseUrl url) {
        Database database;
        HikariDataSource main = null;
        try {
            main = pool("lodestar", POOL_SIZE, url, Duration.ofSeconds(2));
            database = new Database(main, pool("lodestar-ack", ACK_POOL_SIZE, url, ACK_CONNECTION_TIMEOUT), url);
        } catch (RuntimeException e) {
            if (main != null) {
                main.close();
            }
            throw UnusableDatabase.explain(e, url);
        }
        try {
            var result = Flyway.configure()
                    .dataSource(database.dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                log.info(
                        "Database migrated to version {} ({} migrations applied)",
                        result.targetSchemaVersion,
                        result.migrationsExecuted);
            } else {
                log.info("Database schema is up to date (version {})", result.initialSchemaVersion);
            }
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw UnusableDatabase.explain(e, url);
        }
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** For the request threads' writes before an ack only: a small pool of their own. */
    public DSLContext ackDsl() {
        return ackDsl;
    }

    private static HikariDataSource pool(String name, int size, Config.DatabaseUrl url, Duration connectionTimeout) {
        var config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMaximumPoolSize(size);
        // A request may read before its 3-second ack: when the database is out of reach, give up soon enough to say so.
        config.setConnectionTimeout(connectionTimeout.toMillis());
        return new HikariDataSource(config);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * True when a connection can be taken from the pool and answers a query within {@link #HEALTH_CHECK}: a
     * health check must answer fast even while the database is out of reach. One check runs at a time; callers that
     * come meanwhile share it.
     */
    public boolean isUp() {
        CompletableFuture<Boolean> check;
        synchronized (this) {
            if (healthCheck == null || healthCheck.isDone()) {
                healthCheck = CompletableFuture.supplyAsync(this::answers, healthChecks);
            }
            check = healthCheck;
        }
        try {
            return check.get(HEALTH_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A connection of its own, not one from the pool: a pool that is busy (all connections in use) is a loaded bot,
     * not a database that is down, and must not make the health check fail.
     */
    private boolean answers() {
        var properties = new Properties();
        if (url.user() != null) {
            properties.setProperty("user", url.user());
        }
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        properties.setProperty("connectTimeout", "1");
        properties.setProperty("socketTimeout", "2");
        properties.setProperty("ApplicationName", "lodestar-health");
        try (var connection = DriverManager.getConnection(url.jdbcUrl(), properties)) {
            return connection.isValid(1);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        healthChecks.shutdownNow();
        ackDataSource.close();
        dataSource.close();
    }
}
