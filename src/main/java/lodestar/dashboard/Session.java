package lodestar.dashboard;

import java.time.Instant;

/** A signed-in person: their workspace and user id, their name, and the token their forms carry against CSRF. */
record Session(String teamId, String userId, String name, String csrf, Instant expiresAt) {}
