package io.weir.operations.replay;

/** Where a replay job stands. */
public enum ReplayState {

    /** Moving messages on this replica. */
    RUNNING,

    /** Stopped on request between two batches; resumes where it stopped. */
    PAUSED,

    /** Stopped by a restart or crash of Weir, or by a broker error: resumes from its last recorded batch. */
    INTERRUPTED,

    /** Went through every message it was to go through. */
    FINISHED,

    /** Stopped on request for good. */
    CANCELLED;

    /** Paused and interrupted jobs can go on. */
    public boolean resumable() {
        return this == PAUSED || this == INTERRUPTED;
    }

    public boolean ended() {
        return this == FINISHED || this == CANCELLED;
    }
}
