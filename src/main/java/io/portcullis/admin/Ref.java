package io.portcullis.admin;

import java.util.UUID;

/** A reference to another object by id, as PingOne nests them ({@code "organization": {"id": ...}}). */
public record Ref(UUID id) {}
