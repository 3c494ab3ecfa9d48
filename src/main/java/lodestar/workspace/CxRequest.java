package lodestar.workspace;

import java.util.List;

/** What someone asked of {@code /cx}. */
sealed interface CxRequest {
    /** Requests that change settings; only admins may make them. */
    sealed interface Edit extends CxRequest {}

    record Help() implements CxRequest {}

    record ShowMission() implements CxRequest {}

    record ListValues() implements CxRequest {}

    record ListRole(Role role) implements CxRequest {}

    record ShowRecognition() implements CxRequest {}

    /** The digest for the last 7 days, now (answered by the digest feature). */
    record ShowDigest() implements CxRequest {}

    record SetDigestSchedule(java.time.DayOfWeek day, java.time.LocalTime time) implements Edit {}

    record SetDigestChannel(String channelId) implements Edit {}

    record SetMission(String text) implements Edit {}

    record SetKudosChannel(String channelId) implements Edit {}

    record SetAllowance(Allowance allowance) implements Edit {}

    record SetLeaderboard(boolean enabled) implements Edit {}

    record AddValue(CxValue value) implements Edit {}

    record RemoveValue(String name) implements Edit {}

    record AddToRole(Role role, List<String> userIds) implements Edit {
        public AddToRole {
            userIds = List.copyOf(userIds);
        }
    }

    record RemoveFromRole(Role role, List<String> userIds) implements Edit {
        public RemoveFromRole {
            userIds = List.copyOf(userIds);
        }
    }

    /** Input that could not be understood, with what to tell the person. */
    record Malformed(String message) implements CxRequest {}
}
