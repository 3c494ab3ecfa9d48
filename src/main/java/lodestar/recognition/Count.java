package lodestar.recognition;

/** How often something (a person, a value) occurs in a period. */
public record Count(String key, int count) {}
