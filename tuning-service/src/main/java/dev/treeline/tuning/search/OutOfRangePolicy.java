package dev.treeline.tuning.search;

/** What warm start does with a parent trial whose configuration lies outside the (changed) current ranges. */
public enum OutOfRangePolicy {
    /** Move the configuration to the nearest point inside the space and keep its objective (approximate). */
    CLIP,
    /** Discard the trial: its objective says nothing reliable about the new space. */
    DROP
}
