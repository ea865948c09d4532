package io.portcullis.change;

/**
 * The periodic safety net behind change notifications: observers reload what they hold, in the
 * background, keeping whatever a notification changed meanwhile.
 */
public record FullReloadDue() {}
