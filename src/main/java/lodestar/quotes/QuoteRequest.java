package lodestar.quotes;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** What someone asked of {@code /quote}. */
sealed interface QuoteRequest {
    record Help() implements QuoteRequest {}

    record Add() implements QuoteRequest {}

    record Search(Optional<Sentiment> sentiment, List<String> words) implements QuoteRequest {
        public Search {
            words = List.copyOf(words);
        }
    }

    record Remove(long quoteId) implements QuoteRequest {}

    record ListSchedules() implements QuoteRequest {}

    /** A daily quote; the time zone defaults to the person's own. */
    record SetSchedule(String channelId, LocalTime time, Optional<ZoneId> zone, String days) implements QuoteRequest {}

    record RemoveSchedule(String channelId) implements QuoteRequest {}

    record PostNow(String channelId) implements QuoteRequest {}

    record Malformed(String message) implements QuoteRequest {}
}
