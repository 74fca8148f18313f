package io.weir.broker;

/** What replaying dead letters does to the dead-letter topic. */
public enum ReplayMode {

    /** Republish and advance the group's replay position: each dead letter is replayed once. */
    MOVE,

    /** Republish and leave the replay position: the same dead letters can be replayed again. */
    COPY
}
