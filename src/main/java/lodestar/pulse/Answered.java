package lodestar.pulse;

/** The outcome of clicking an answer. */
public sealed interface Answered {
    /** Recorded; {@code changed} when it replaced the person's earlier answer. */
    record Recorded(Run run, Series series, boolean changed) implements Answered {}

    /** Nothing recorded, and why (closed, not in the audience, unknown survey). */
    record Refused(String reason) implements Answered {}
}
