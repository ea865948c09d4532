package io.portcullis.application;

/** PingOne application types that can use machine-to-machine grants. */
public enum ApplicationType {
    WORKER,
    SERVICE,
    CUSTOM_APP
}
