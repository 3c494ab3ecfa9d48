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
import org.jooq.impl.DSL;

/**
 * A statement built with jOOQ and rendered once, then run through JDBC with new values each time: for the statements a
 * request runs before its ack, where building and rendering the same query anew was a third of a request thread's CPU
 * (jOOQ's manual, "Performance considerations", suggests caching the SQL it generates for such statements). The query
 * names each value with {@link DSL#param(String, Class)}, each once; every other value in it is inlined. Runs on the
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
     * of {@code names}, which must be its parameters' names in the order they appear in the SQL (checked here, once,
     * so that two values of one type cannot be swapped unseen).
     */
    public static Prepared of(Query query, String... names) {
        var params = query.getParams().values().stream()
                .filter(param -> !param.isInline())
                .<Param<?>>map(param -> param)
                .toList();
        if (params.size() != query.getBindValues().size()
                || params.stream().anyMatch(param -> param.getParamName() == null)) {
            throw new IllegalArgumentException(
                    "Every value of a prepared query is a named parameter, used once: " + query);
        }
        var named = params.stream().map(Param::getParamName).toList();
        if (!named.equals(List.of(names))) {
            throw new IllegalArgumentException("The query's parameters are " + named + ", not " + List.of(names));
        }
        return new Prepared(DSL.using(SQLDialect.POSTGRES, Database.SETTINGS).render(query), params);
    }

    /**
     * Runs it with {@code values}, in the order of the query's parameters; how many rows it changed (none for a query,
     * whose rows are ignored: e.g. one that takes a lock).
     */
    public int execute(DSLContext dsl, Object... values) {
        check(values);
        return dsl.connectionResult(connection -> {
            try (var statement = prepare(connection, values)) {
                return statement.execute() ? 0 : statement.getUpdateCount();
            }
        });
    }

    /** Runs it with {@code values}; the first column of its one row, if it returned a row. */
    public <T> Optional<T> fetchOptional(DSLContext dsl, Class<T> type, Object... values) {
        check(values);
        return dsl.connectionResult(connection -> {
            try (var statement = prepare(connection, values);
                    ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getObject(1, type)) : Optional.empty();
            }
        });
    }

    /** Runs it with {@code values}; its rows, read by jOOQ as {@code fields} (the columns it selects, in order). */
    public Result<Record> fetch(DSLContext dsl, Field<?>[] fields, Object... values) {
        check(values);
        return dsl.connectionResult(connection -> {
            try (var statement = prepare(connection, values);
                    ResultSet rows = statement.executeQuery()) {
                return dsl.fetch(rows, fields);
            }
        });
    }

    private void check(Object[] values) {
        if (values.length != params.size()) {
            throw new IllegalArgumentException(params.size() + " values expected, not " + values.length + ": " + sql);
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
            statement.close();
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
