package lodestar.recognition;

/** The customer praise a kudos answers ("Who made this happen?"): the quote's number and text. */
public record AttachedQuote(long id, String text) {}
