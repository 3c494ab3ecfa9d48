package lodestar.recognition;

import java.time.ZonedDateTime;
import lodestar.workspace.Allowance;

/** What is left of someone's allowance, and when it resets (in their own time zone). */
public record Remaining(int left, Allowance allowance, ZonedDateTime resetsAt) {
    public Remaining {
        left = Math.max(0, left);
    }
}
