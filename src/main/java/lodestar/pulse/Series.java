package lodestar.pulse;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/** A survey, run once or on a recurrence. */
public record Series(
        long id,
        String teamId,
        String title,
        Template template,
        Audience audience,
        String audienceId,
        boolean anonymous,
        int minGroup,
        int openDays,
        Recurrence recurrence,
        LocalTime time,
        ZoneId zone,
        boolean paused,
        String createdBy,
        List<Question> questions) {

    public Series {
        questions = List.copyOf(questions);
    }

    /** Who a survey is for, and how it reaches them. */
    public enum Audience {
        /** One message in a channel; everyone there answers with its buttons. */
        CHANNEL,
        /** A DM to every member of a channel. */
        DM_CHANNEL,
        /** A DM to every member of a user group. */
        DM_USERGROUP;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean byDm() {
            return this != CHANNEL;
        }
    }
}
