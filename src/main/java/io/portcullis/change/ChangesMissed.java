package io.portcullis.change;

/**
 * Changes may have happened that this replica was not told of (its notification connection was
 * down, or has just been opened): observers drop everything they hold.
 */
public record ChangesMissed() {}
