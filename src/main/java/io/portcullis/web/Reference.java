package io.portcullis.web;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** A reference to another object by id, as PingOne nests them: {@code "environment": {"id": "..."}}. */
public record Reference(@NotNull UUID id) {}
