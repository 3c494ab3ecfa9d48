package lodestar.workspace;

import java.util.Objects;

/** Who is acting, and in which workspace (Slack's {@code team_id}, and {@code enterprise_id} on Enterprise Grid). */
public record Actor(String teamId, String enterpriseId, String userId) {
    public Actor {
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(userId, "userId");
    }
}
