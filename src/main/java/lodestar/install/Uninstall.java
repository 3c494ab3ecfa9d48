package lodestar.install;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lodestar.schedule.Scheduler;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes everything of a workspace when Lodestar is uninstalled from it or its tokens are revoked: every row of every
 * table with a {@code team_id} (found in the database's catalogue, so that a new table cannot be forgotten), in one
 * transaction, then its scheduled jobs. For an org-wide install, every workspace of the organisation.
 */
final class Uninstall {
    private static final Logger log = LoggerFactory.getLogger(Uninstall.class);

    private final DSLContext dsl;
    private final Optional<Installations> installations;
    private final Scheduler scheduler;

    Uninstall(DSLContext dsl, Optional<Installations> installations, Scheduler scheduler) {
        this.dsl = dsl;
        this.installations = installations;
        this.scheduler = scheduler;
    }

    /**
     * Deletes the installation the event names, exactly (never another that also serves the workspace), and the data
     * of the workspaces it served: {@code teamId}'s, or, for an org-wide install, those of every workspace of the
     * organisation that has no installation of its own. Running it again deletes nothing more.
     */
    void delete(String enterpriseId, String teamId, boolean enterpriseInstall, String why) {
        if (enterpriseInstall ? enterpriseId == null : teamId == null) {
            log.warn("Uninstall ({}) named no workspace or organisation; nothing deleted", why);
            return;
        }
        String key = Installation.key(enterpriseInstall, enterpriseId, teamId);
        var deleted = dsl.transactionResult(tx -> {
            Set<String> teams = new HashSet<>();
            if (enterpriseInstall) {
                teams.addAll(tx
                        .dsl()
                        .fetchValues(
                                "select w.team_id from workspace w where w.enterprise_id = ? and not exists (select 1"
                                        + " from installation i where i.install_key = 'T:' || w.team_id)",
                                enterpriseId)
                        .stream()
                        .map(String::valueOf)
                        .toList());
            } else {
                teams.add(teamId);
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String table : tablesChildrenFirst(tx.dsl())) {
                // a workspace's own installation has its team_id, and goes here
                int rows = tx.dsl()
                        .deleteFrom(DSL.table(DSL.name(table)))
                        .where(DSL.field(DSL.name("team_id"), String.class).in(teams))
                        .execute();
                if (rows > 0) {
                    counts.put(table, rows);
                }
            }
            if (installations.isPresent()) {
                // an org-wide installation has no team_id, so it goes by its key
                counts.merge("installation", installations.get().delete(tx.dsl(), key), Integer::sum);
            }
            counts.put("(workspaces)", teams.size());
            return Map.entry(teams, counts);
        });
        installations.ifPresent(Installations::forget);
        int jobs = 0;
        for (String team : deleted.getKey()) {
            jobs += scheduler.deleteJobsOf(team);
        }
        log.info("Uninstalled ({}) {}: deleted {} and {} scheduled jobs", why, key, deleted.getValue(), jobs);
    }

    /** Deletes one workspace's data, its organisation's org-wide install staying (the workspace was taken out). */
    void deleteWorkspace(String teamId, String why) {
        delete(null, teamId, false, why);
    }

    /**
     * The tables with a {@code team_id}, each before the tables it refers to, so that deleting in this order never
     * breaks a foreign key.
     */
    static List<String> tablesChildrenFirst(DSLContext dsl) {
        List<String> tables = dsl
                .fetchValues("select c.table_name from information_schema.columns c join"
                        + " information_schema.tables t on t.table_schema = c.table_schema and t.table_name ="
                        + " c.table_name where c.table_schema = current_schema() and c.column_name = 'team_id' and"
                        + " t.table_type = 'BASE TABLE' order by c.table_name")
                .stream()
                .map(String::valueOf)
                .toList();
        Map<String, Set<String>> refersTo = new HashMap<>();
        dsl.fetch("select conrelid::regclass::text as child, confrelid::regclass::text as parent from pg_constraint"
                        + " where contype = 'f' and connamespace = current_schema()::regnamespace")
                .forEach(r -> refersTo.computeIfAbsent(r.get("child", String.class), t -> new HashSet<>())
                        .add(r.get("parent", String.class)));
        List<String> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (String table : tables) {
            place(table, tables, refersTo, ordered, placed, new HashSet<>());
        }
        return ordered;
    }

    /** Places every table that refers to {@code table} (directly or not) before it. */
    private static void place(
            String table,
            List<String> tables,
            Map<String, Set<String>> refersTo,
            List<String> ordered,
            Set<String> placed,
            Set<String> visiting) {
        if (placed.contains(table) || !visiting.add(table)) {
            return;
        }
        for (String child : tables) {
            if (!child.equals(table) && refersTo.getOrDefault(child, Set.of()).contains(table)) {
                place(child, tables, refersTo, ordered, placed, visiting);
            }
        }
        placed.add(table);
        ordered.add(table);
    }
}
