package lodestar.workspace;

import com.slack.api.model.block.LayoutBlock;
import java.util.List;

/** {@code /cx digest}: the digest for the last 7 days, shown now. The digest feature provides it. */
@FunctionalInterface
public interface DigestView {
    /** What to show the person who asked (leaders and admins only; others are told why not). */
    Reply show(Actor actor);

    record Reply(String text, List<LayoutBlock> blocks) {
        public Reply {
            blocks = List.copyOf(blocks);
        }
    }
}
