package lodestar.workspace;

/** A role someone holds in Lodestar. */
public enum Role {
    /** Receives the weekly digest; counts for leadership involvement. */
    LEADER("leader", "leaders"),
    /** May change Lodestar's settings, besides Slack's workspace admins and owners. */
    ADMIN("admin", "admins");

    private final String singular;
    private final String plural;

    Role(String singular, String plural) {
        this.singular = singular;
        this.plural = plural;
    }

    String code() {
        return singular;
    }

    public String singular() {
        return singular;
    }

    public String plural() {
        return plural;
    }
}
