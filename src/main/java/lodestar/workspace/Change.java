package lodestar.workspace;

/** The outcome of changing a setting. */
public sealed interface Change {
    /** The change was made. */
    record Applied() implements Change {}

    /** The person may not change settings; nothing changed. */
    record NotAllowed() implements Change {}

    /** Slack could not say whether the person is a workspace admin just then; nothing changed. */
    record RoleUnknown() implements Change {}

    /** The change made no sense (unknown value, duplicate, bot as leader…); nothing changed. */
    record Invalid(String reason) implements Change {}
}
