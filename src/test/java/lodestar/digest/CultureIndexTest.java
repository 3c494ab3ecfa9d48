package lodestar.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CultureIndexTest {
    @Test
    void index_isTheMeanOfTheAvailableComponents() {
        var index = CultureIndex.of(
                Optional.of(40.0),
                Optional.of(60.0),
                Optional.empty(),
                Optional.of(70.0),
                Optional.of(40)); // eNPS +40 counts as 70

        assertThat(index.value()).contains(60);
        assertThat(index.components())
                .containsOnlyKeys("giving participation", "leadership involvement", "CX belief", "eNPS");
    }

    @Test
    void noComponent_noIndex() {
        assertThat(CultureIndex.of(
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty())
                        .value())
                .isEmpty();
    }

    @Test
    void sparkline_scalesBetweenMinAndMax() {
        assertThat(DigestMessages.spark(List.of(0.0, 50.0, 100.0))).isEqualTo("`▁▅█`");
        assertThat(DigestMessages.spark(List.of(5.0, 5.0))).isEqualTo("`▄▄`");
        assertThat(DigestMessages.spark(List.of())).isEmpty();
    }
}
