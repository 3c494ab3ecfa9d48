package lodestar.install;

import com.slack.api.bolt.model.Installer;
import com.slack.api.bolt.service.builtin.oauth.view.OAuthRedirectUriPageRenderer;
import org.apache.commons.text.StringEscapeUtils;

/** The pages an installer sees after Slack's authorize page: what happened, and what to do next. */
final class InstallPages implements OAuthRedirectUriPageRenderer {
    @Override
    public String renderSuccessPage(Installer installer, String completionUrl) {
        String where = Boolean.TRUE.equals(installer.getIsEnterpriseInstall())
                ? "your organisation (every workspace you add it to)"
                : "your workspace";
        return page(
                "Lodestar is installed",
                "<p>Lodestar is now installed in " + where + ".</p>"
                        + "<p>Next, in Slack: type <code>/cx help</code> to see what it does, then <code>/cx values</code>"
                        + " and <code>/cx leaders</code> to set it up. Invite it to a channel with"
                        + " <code>/invite @Lodestar</code> for kudos and daily customer quotes.</p>");
    }

    @Override
    public String renderFailurePage(String installPath, String reason) {
        return page(
                "Lodestar was not installed",
                "<p>Slack did not complete the installation (" + StringEscapeUtils.escapeHtml4(reason) + ").</p>"
                        + "<p>Nothing was stored. <a href=\"" + StringEscapeUtils.escapeHtml4(installPath)
                        + "\">Start again</a>; the link is valid for 10 minutes once opened.</p>");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\""
                + " content=\"width=device-width, initial-scale=1\"><title>" + title + "</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em;"
                + "line-height:1.5}</style></head><body><h1>" + title + "</h1>" + body + "</body></html>";
    }
}
