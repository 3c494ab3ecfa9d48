package lodestar.workspace;

import java.time.Instant;

/** Someone who holds a role, since when. */
public record RoleHolder(String userId, Instant since) {}
