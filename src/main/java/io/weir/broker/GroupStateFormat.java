package io.weir.broker;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Binary encoding of group journal entries and snapshots; the layouts are documented on
 * {@link GroupStateJournal}. Decoding checks the CRC before trusting anything else.
 */
final class GroupStateFormat {

    static final int SNAPSHOT_MAGIC = 0x57475331; // "WGS1"
    /** Length and CRC fields in front of each journal entry body. */
    static final int FRAME_BYTES = 8;
    static final int MAX_ENTRY_BYTES = 1 << 20;

    private static final byte COMMITTED = 1;
    private static final byte DELIVERED = 2;
    private static final byte ACKED = 3;
    private static final byte NACKED = 4;
    private static final byte DEAD_LETTERED = 5;
    private static final byte REPLAYED = 6;
    private static final byte FORGOTTEN = 7;

    private GroupStateFormat() {
    }

    record Entry(long sequence, GroupEvent event) {
    }

    /** One framed journal entry: length, CRC32C of the body, body. */
    static byte[] encodeEntry(long sequence, GroupEvent event) {
        byte[] body = write(out -> {
            out.writeLong(sequence);
            if (event instanceof GroupEvent.Committed c) {
                head(out, COMMITTED, c.partition(), c.offset());
            } else if (event instanceof GroupEvent.Delivered d) {
                head(out, DELIVERED, d.partition(), d.offset());
                out.writeInt(d.attempt());
            } else if (event instanceof GroupEvent.Acked a) {
                head(out, ACKED, a.partition(), a.offset());
            } else if (event instanceof GroupEvent.Nacked n) {
                head(out, NACKED, n.partition(), n.offset());
                writeString(out, n.reason());
            } else if (event instanceof GroupEvent.DeadLettered d) {
                head(out, DEAD_LETTERED, d.partition(), d.offset());
            } else if (event instanceof GroupEvent.Forgotten f) {
                head(out, FORGOTTEN, f.partition(), 0);
            } else if (event instanceof GroupEvent.Replayed r) {
                head(out, REPLAYED, r.deadLetterPartition(), r.nextOffset());
            }
        });
        return ByteBuffer.allocate(FRAME_BYTES + body.length).putInt(body.length).putInt(crc(body, 0, body.length))
                .put(body).array();
    }

    /**
     * Decodes the entry at the buffer's position and moves past it, or returns {@code null} and
     * leaves the position if the bytes there are not one whole, valid entry (a torn write).
     */
    static Entry decodeEntry(ByteBuffer in) {
        int start = in.position();
        if (in.remaining() < FRAME_BYTES) {
            return null;
        }
        int length = in.getInt();
        int crc = in.getInt();
        if (length < 13 || length > MAX_ENTRY_BYTES || length > in.remaining()
                || crc(in.array(), in.arrayOffset() + in.position(), in.arrayOffset() + in.position() + length) != crc) {
            in.position(start);
            return null;
        }
        ByteBuffer body = in.slice().limit(length);
        in.position(in.position() + length);
        try {
            long sequence = body.getLong();
            byte type = body.get();
            int partition = body.getInt();
            long offset = body.getLong();
            GroupEvent event = switch (type) {
                case COMMITTED -> new GroupEvent.Committed(partition, offset);
                case DELIVERED -> new GroupEvent.Delivered(partition, offset, body.getInt());
                case ACKED -> new GroupEvent.Acked(partition, offset);
                case NACKED -> new GroupEvent.Nacked(partition, offset, readString(body));
                case DEAD_LETTERED -> new GroupEvent.DeadLettered(partition, offset);
                case REPLAYED -> new GroupEvent.Replayed(partition, offset);
                case FORGOTTEN -> new GroupEvent.Forgotten(partition);
                default -> null;
            };
            if (event == null || body.hasRemaining()) {
                in.position(start);
                return null;
            }
            return new Entry(sequence, event);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            in.position(start);
            return null;
        }
    }

    static byte[] encodeSnapshot(long sequence, GroupState state) {
        byte[] body = write(out -> {
            out.writeInt(SNAPSHOT_MAGIC);
            out.writeLong(sequence);
            out.writeInt(state.partitions().size());
            for (Map.Entry<Integer, GroupState.Partition> e : state.partitions().entrySet()) {
                GroupState.Partition p = e.getValue();
                out.writeInt(e.getKey());
                out.writeLong(p.position);
                out.writeLong(p.cursor);
                out.writeInt(p.attempts.size());
                for (Map.Entry<Long, Integer> a : p.attempts.entrySet()) {
                    out.writeLong(a.getKey());
                    out.writeInt(a.getValue());
                }
                out.writeInt(p.settled.size());
                for (long offset : p.settled) {
                    out.writeLong(offset);
                }
                out.writeInt(p.reasons.size());
                for (Map.Entry<Long, String> r : p.reasons.entrySet()) {
                    out.writeLong(r.getKey());
                    writeString(out, r.getValue());
                }
            }
            out.writeInt(state.replayPositions().size());
            for (Map.Entry<Integer, Long> r : state.replayPositions().entrySet()) {
                out.writeInt(r.getKey());
                out.writeLong(r.getValue());
            }
        });
        return ByteBuffer.allocate(body.length + 4).put(body).putInt(crc(body, 0, body.length)).array();
    }

    /** The state and the sequence of the last journal entry it includes. */
    record Snapshot(long sequence, GroupState state) {
    }

    /** @throws IOException if the snapshot is damaged: it was renamed into place whole, so that is not a torn write */
    static Snapshot decodeSnapshot(byte[] bytes) throws IOException {
        if (bytes.length < 4 + 8 + 4 + 4 + 4
                || crc(bytes, 0, bytes.length - 4) != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
            throw new IOException("group state snapshot fails its CRC check");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, bytes.length - 4);
        try {
            if (in.getInt() != SNAPSHOT_MAGIC) {
                throw new IOException("not a group state snapshot");
            }
            long sequence = in.getLong();
            GroupState state = new GroupState();
            for (int n = in.getInt(); n > 0; n--) {
                GroupState.Partition p = state.partition(in.getInt());
                p.position = in.getLong();
                p.cursor = in.getLong();
                for (int a = in.getInt(); a > 0; a--) {
                    p.attempts.put(in.getLong(), in.getInt());
                }
                for (int s = in.getInt(); s > 0; s--) {
                    p.settled.add(in.getLong());
                }
                for (int r = in.getInt(); r > 0; r--) {
                    p.reasons.put(in.getLong(), readString(in));
                }
            }
            for (int n = in.getInt(); n > 0; n--) {
                state.apply(new GroupEvent.Replayed(in.getInt(), in.getLong()));
            }
            return new Snapshot(sequence, state);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new IOException("group state snapshot is malformed", e);
        }
    }

    private static void head(DataOutputStream out, byte type, int partition, long offset) throws IOException {
        out.writeByte(type);
        out.writeInt(partition);
        out.writeLong(offset);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("string length " + length);
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static int crc(byte[] bytes, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, to - from);
        return (int) crc.getValue();
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }
}
