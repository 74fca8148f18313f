package io.weir.broker;

import io.weir.broker.log.LogRecord;

/** A message as a consumer receives it: the stored record and where it is stored. */
public record ConsumedMessage(String topic, int partition, LogRecord record) {

    public long offset() {
        return record.offset();
    }
}
