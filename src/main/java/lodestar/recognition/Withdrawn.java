package lodestar.recognition;

/** The outcome of undoing or removing a kudos. */
public sealed interface Withdrawn {
    /** The kudos no longer counts; the giver has {@code remaining} back. */
    record Done(Kudos kudos, Remaining remaining) implements Withdrawn {}

    /** Nothing changed, and why. */
    record Refused(String reason) implements Withdrawn {}
}
