package lodestar.slack;

import com.slack.api.bolt.App;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.model.view.View;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * The App Home tab. Each feature contributes a section; the tab is published anew, after the ack,
 * whenever a user opens it.
 */
public final class HomeTab {
    /** Slack's limit for blocks in a Home tab view. */
    public static final int BLOCK_LIMIT = 100;

    /** One feature's part of a user's Home tab. */
    @FunctionalInterface
    public interface Section {
        List<LayoutBlock> blocks(String teamId, String userId);
    }

    private final SlackApi slack;
    private final Executor afterAck;
    /** Told which workspace (and Enterprise Grid org, when Slack gives one) a Home tab was opened in. */
    @FunctionalInterface
    public interface Visit {
        void opened(String teamId, String enterpriseId);
    }

    private final List<Section> sections = new CopyOnWriteArrayList<>();
    private final List<Visit> visits = new CopyOnWriteArrayList<>();

    public HomeTab(SlackApi slack, Executor afterAck) {
        this.slack = slack;
        this.afterAck = afterAck;
    }

    public void addSection(Section section) {
        sections.add(section);
    }

    /** Runs before the sections render, each time a user opens the Home tab. */
    public void onOpened(Visit visit) {
        visits.add(visit);
    }

    public void register(App bolt) {
        bolt.event(AppHomeOpenedEvent.class, (payload, ctx) -> {
            var event = payload.getEvent();
            if ("home".equals(event.getTab())) {
                afterAck.execute(() -> {
                    visits.forEach(visit -> visit.opened(payload.getTeamId(), payload.getEnterpriseId()));
                    publish(payload.getTeamId(), event.getUser());
                });
            }
            return ctx.ack();
        });
    }

    /** Renders and publishes the Home tab for one user. */
    public void publish(String teamId, String userId) {
        List<LayoutBlock> blocks = new ArrayList<>();
        for (Section section : sections) {
            blocks.addAll(section.blocks(teamId, userId));
        }
        var view = View.builder()
                .type("home")
                .blocks(blocks.subList(0, Math.min(blocks.size(), BLOCK_LIMIT)))
                .build();
        slack.forTeam(teamId)
                .call(
                        "views.publish",
                        client -> client.viewsPublish(r -> r.userId(userId).view(view)));
    }
}
