package lodestar.testing;

/** The standard cast of users the fake Slack knows. */
public final class Users {
    /** A Slack workspace admin. */
    public static final String ADMIN = "U0ADMIN";
    /** A Slack workspace owner. */
    public static final String OWNER = "U0OWNER";

    public static final String ALICE = "U0ALICE";
    public static final String BOB = "U0BOB";
    public static final String CAROL = "U0CAROL";
    /** A bot user. */
    public static final String ROBOT = "U0ROBOT";
    /** A deactivated user. */
    public static final String GONE = "U0GONE";

    /** A user in America/Los_Angeles. */
    public static final String PACIFIC = "U0PACIFIC";
    /** A user in Asia/Tokyo. */
    public static final String TOKYO = "U0TOKYO";

    private Users() {}
}
