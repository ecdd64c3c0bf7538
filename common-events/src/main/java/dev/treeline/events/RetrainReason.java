package dev.treeline.events;

/** Why a retraining run was asked for. */
public enum RetrainReason {
    SCHEDULE,
    DRIFT,
    MANUAL
}
