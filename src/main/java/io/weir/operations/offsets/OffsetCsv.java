package io.weir.operations.offsets;

import io.weir.core.PartitionRef;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the {@code topic,partition,offset} lines of {@code kafka-consumer-groups --from-file}
 * (and of Weir's plan export). A first line {@code topic,partition,offset} is a header; blank
 * lines are skipped.
 */
final class OffsetCsv {

    private OffsetCsv() {
    }

    /** @throws IllegalArgumentException naming the line and what is wrong with it */
    static Map<PartitionRef, Long> parse(String csv) {
        Map<PartitionRef, Long> offsets = new LinkedHashMap<>();
        String[] lines = csv.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || i == 0 && line.equalsIgnoreCase("topic,partition,offset")) {
                continue;
            }
            String[] fields = line.split(",");
            if (fields.length != 3) {
                throw new IllegalArgumentException("line " + (i + 1) + " of the file: expected topic,partition,offset, got '"
                        + line + "'");
            }
            try {
                PartitionRef partition = new PartitionRef(fields[0].strip(), Integer.parseInt(fields[1].strip()));
                long offset = Long.parseLong(fields[2].strip());
                if (offset < 0) {
                    throw new IllegalArgumentException("negative offset");
                }
                if (offsets.put(partition, offset) != null) {
                    throw new IllegalArgumentException("partition " + partition + " appears twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " of the file ('" + line + "'): "
                        + (e instanceof NumberFormatException ? "partition and offset must be whole numbers" : e.getMessage()));
            }
        }
        if (offsets.isEmpty()) {
            throw new IllegalArgumentException("the file has no topic,partition,offset line");
        }
        return offsets;
    }
}
