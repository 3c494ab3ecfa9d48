package lodestar.dashboard;

/** Who signed in, as Slack's {@code openid.connect.userInfo} says: their workspace, their user id and name. */
record SlackIdentity(String teamId, String userId, String name) {}
