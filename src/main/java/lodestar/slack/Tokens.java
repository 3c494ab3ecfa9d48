package lodestar.slack;

import java.util.Optional;

/**
 * The bot token to act for a workspace with: the one bot token of a single-workspace Lodestar, or the token its
 * installation in that workspace (or its Enterprise Grid organisation) received.
 */
@FunctionalInterface
public interface Tokens {
    /** The workspace's bot token; empty when Lodestar is not installed there. */
    Optional<String> botToken(String teamId);

    /** One bot token, for whichever workspace: a Lodestar that serves one workspace. */
    static Tokens single(String botToken) {
        return teamId -> Optional.of(botToken);
    }
}
