package lodestar.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * A statement built with jOOQ and rendered once, then run through JDBC with new values each time: for the statements a
 * request runs before its ack, and those every command or message runs after it, where building and rendering the same
 * query anew was a third of a request thread's CPU and a quarter of Lodestar's under load (jOOQ's manual, "Performance considerations", suggests caching the SQL it generates for such statements). The query
 * names each value with {@link DSL#param(String, Class)}, each once; every other value in it is inlined. Values are
 * given by position: the names and their order are checked once, each value's type at every run, but two values of
 * one type (two times, say) can only be told apart by the caller. Runs on the
 * {@link DSLContext}'s connection: its transaction's, or one from its pool.
 */
public final class Prepared {
    private final String sql;
    private final List<Param<?>> params;

    private Prepared(String sql, List<Param<?>> params) {
        this.sql = sql;
        this.params = params;
    }

    /**
     * {@code query}, rendered for PostgreSQL as {@link Database} renders; its values are given to each run in the order
     * of {@code names}, which must be its parameters' names in the order they appear in the SQL (checked here, once),
     * and each of its parameter's type ({@link #check}, at each run).
     */
    public static Prepared of(Query query, String... names) {
        var postgres = DSL.using(SQLDialect.POSTGRES, Database.SETTINGS);
        var params = postgres.extractParams(query).values().stream()
                .filter(param -> !param.isInline())
                .<Param<?>>map(param -> param)
                .toList();
        if (params.size() != postgres.extractBindValues(query).size()
                || params.stream().anyMatch(param -> param.getParamName() == null)) {
            throw new IllegalArgumentException(
                    "Every value of a prepared query is a named parameter, used once: " + query);
        }
        var named = params.stream().map(Param::getParamName).toList();
        if (!named.equals(List.of(names))) {
            throw new IllegalArgumentException("The query's parameters are " + named + ", not " + List.of(names));
        }
        return new Prepared(postgres.render(query), params);
    }

    /**
     * Runs it with {@code values}, in the order of the query's parameters; how many rows it changed (none for a query,
     * whose rows are ignored: e.g. one that takes a lock).
     */
    public int execute(DSLContext dsl, Object... values) {
        return run(dsl, values, statement -> statement.execute() ? 0 : statement.getUpdateCount());
    }

    /** Runs it with {@code values}; the first column of its first row, if it returned a row and that is not null. */
    public <T> Optional<T> fetchOptional(DSLContext dsl, Class<T> type, Object... values) {
        return run(dsl, values, statement -> {
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getObject(1, type)) : Optional.<T>empty();
            }
        });
    }

    /** Runs it with {@code values}; its rows, read by jOOQ as {@code fields} (the columns it selects, in order). */
    public Result<Record> fetch(DSLContext dsl, Field<?>[] fields, Object... values) {
        return run(dsl, values, statement -> {
            try (ResultSet rows = statement.executeQuery()) {
                return dsl.fetch(rows, fields);
            }
        });
    }

    /** What a run does with its statement, values bound. */
    @FunctionalInterface
    private interface Run<T> {
        T on(PreparedStatement statement) throws SQLException;
    }

    /**
     * On the context's connection (its transaction's, or one from its pool); a failure is jOOQ's
     * {@link DataAccessException}, as for any other statement, naming the SQL.
     */
    private <T> T run(DSLContext dsl, Object[] values, Run<T> run) {
        check(values);
        return dsl.connectionResult(connection -> {
            try (var statement = prepare(connection, values)) {
                return run.on(statement);
            } catch (SQLException e) {
                throw new DataAccessException("SQL [" + sql + "]; " + e.getMessage(), e);
            }
        });
    }

    /** As many values as parameters, each null or of its parameter's type: a value out of place fails here. */
    private void check(Object[] values) {
        if (values.length != params.size()) {
            throw new IllegalArgumentException(params.size() + " values expected, not " + values.length + ": " + sql);
        }
        for (int i = 0; i < values.length; i++) {
            var param = params.get(i);
            if (values[i] != null && !param.getType().isInstance(values[i])) {
                throw new IllegalArgumentException("Parameter " + param.getParamName() + " is a "
                        + param.getType().getSimpleName() + ", not a "
                        + values[i].getClass().getSimpleName());
            }
        }
    }

    private PreparedStatement prepare(Connection connection, Object[] values) throws SQLException {
        var statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    statement.setNull(i + 1, sqlType(params.get(i).getType()));
                } else if (values[i] instanceof JSONB json) {
                    statement.setString(i + 1, json.data());
                } else {
                    statement.setObject(i + 1, values[i]);
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            try {
                statement.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static int sqlType(Class<?> type) {
        if (type == String.class) {
            return Types.VARCHAR;
        } else if (type == Long.class) {
            return Types.BIGINT;
        } else if (type == Integer.class) {
            return Types.INTEGER;
        } else if (type == Boolean.class) {
            return Types.BOOLEAN;
        } else if (type == OffsetDateTime.class) {
            return Types.TIMESTAMP_WITH_TIMEZONE;
        }
        return Types.OTHER;
    }

    @Override
    public String toString() {
        return sql;
    }
}
