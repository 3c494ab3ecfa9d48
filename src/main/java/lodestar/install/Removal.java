package lodestar.install;

import com.google.gson.Gson;
import java.util.List;

/**
 * An event that takes Lodestar out of workspaces, as recorded in the inbox: the installation it names
 * ({@code app_uninstalled}, {@code tokens_revoked}), or the workspaces an org-wide install was taken out of
 * ({@code team_access_revoked}, {@code revokedTeams}).
 */
record Removal(String enterpriseId, String teamId, boolean orgWide, String why, List<String> revokedTeams) {
    /** The inbox's name for it. */
    static final String JOB = "removal";

    private static final Gson GSON = new Gson();

    Removal {
        revokedTeams = revokedTeams == null ? List.of() : List.copyOf(revokedTeams);
    }

    static Removal parse(String json) {
        return GSON.fromJson(json, Removal.class);
    }

    String json() {
        return GSON.toJson(this);
    }

    void apply(Uninstall uninstall) {
        if (why.equals("team_access_revoked")) {
            revokedTeams.forEach(team -> uninstall.deleteWorkspace(team, why));
        } else {
            uninstall.delete(enterpriseId, teamId, orgWide, why);
        }
    }
}
