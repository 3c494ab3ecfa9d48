package lodestar.workspace;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.jooq.DSLContext;

/**
 * The workspace settings this instance read lately. Every command reads its workspace's settings, and under load a
 * read per command was an eighth of Lodestar's CPU; they are kept for {@link #KEPT}. A change made through this instance
 * is seen at once ({@link #forget}); one made through another instance, within {@link #KEPT}.
 */
final class KnownSettings {
    static final Duration KEPT = Duration.ofSeconds(2);
    private static final String OF_AN_ENTERPRISE = " of an enterprise";

    private final DSLContext dsl;
    /** By workspace, and whether its enterprise was asked for: that one is kept only once the enterprise is recorded. */
    private final Cache<String, Settings> known =
            Caffeine.newBuilder().expireAfterWrite(KEPT).maximumSize(10_000).build();

    KnownSettings(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The workspace's settings; a workspace seen for the first time is recorded, with the starter values. */
    Settings get(String teamId, String enterpriseId) {
        return known.get(teamId + (enterpriseId == null ? "" : OF_AN_ENTERPRISE), key -> read(teamId, enterpriseId));
    }

    void forget(String teamId) {
        known.invalidate(teamId);
        known.invalidate(teamId + OF_AN_ENTERPRISE);
    }

    void forgetAll() {
        known.invalidateAll();
    }

    private Settings read(String teamId, String enterpriseId) {
        // Plain reads for a workspace already recorded (nearly every time): no transaction, no insert.
        var recorded = new WorkspaceRepository(dsl).settingsIfKnown(teamId, enterpriseId);
        if (recorded.isPresent()) {
            return recorded.get();
        }
        return dsl.transactionResult(tx -> {
            var repository = new WorkspaceRepository(tx.dsl());
            WorkspaceService.ensureExists(repository, teamId, enterpriseId);
            return repository.settings(teamId);
        });
    }
}
