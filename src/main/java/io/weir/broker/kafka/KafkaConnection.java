package io.weir.broker.kafka;

import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * One client connection: splits the byte stream into size-prefixed request frames and answers
 * them one at a time, in order, as the protocol requires. Frames arrive on the Vert.x event loop;
 * requests run on the listener's workers, so a produce waiting for its fsync blocks neither the
 * event loop nor other connections, and a parked long poll holds no thread. Reading pauses while
 * more than {@link #MAX_QUEUED} requests wait.
 */
final class KafkaConnection {

    private static final Logger LOG = Logger.getLogger(KafkaConnection.class);
    /** Kafka's socket.request.max.bytes default. */
    static final int MAX_FRAME_BYTES = 100 << 20;
    private static final int MAX_QUEUED = 16;
    private static final int MIN_FRAME_BYTES = 8; // api key, version, correlation id

    private final NetSocket socket;
    private final Context eventLoop;
    private final KafkaApis apis;
    private final Executor workers;
    private final SaslSession session;
    private final String peer;
    private final RecordParser parser;
    private final Queue<Buffer> queued = new ArrayDeque<>();
    private boolean sizeNext = true;
    private boolean busy;
    private boolean paused;
    private volatile boolean closed;

    KafkaConnection(NetSocket socket, KafkaApis apis, Executor workers, SaslSession session) {
        this.socket = socket;
        this.session = session;
        this.eventLoop = Vertx.currentContext(); // constructed in the connect handler, on the socket's event loop
        this.apis = apis;
        this.workers = workers;
        this.peer = String.valueOf(socket.remoteAddress());
        this.parser = RecordParser.newFixed(4, this::chunk);
        socket.handler(parser);
        socket.closeHandler(v -> closed = true);
        socket.exceptionHandler(e -> LOG.debugf(e, "Kafka connection from %s failed", peer));
    }

    /** On the event loop: a size prefix or a whole frame. */
    private void chunk(Buffer chunk) {
        if (sizeNext) {
            int size = chunk.getInt(0);
            if (size < MIN_FRAME_BYTES || size > MAX_FRAME_BYTES) {
                LOG.warnf("Closing Kafka connection from %s: request frame of %d bytes", peer, size);
                socket.close();
                return;
            }
            sizeNext = false;
            parser.fixedSizeMode(size);
            return;
        }
        sizeNext = true;
        parser.fixedSizeMode(4);
        synchronized (this) {
            queued.add(chunk);
            if (queued.size() > MAX_QUEUED && !paused) {
                paused = true;
                socket.pause();
            }
            if (busy) {
                return;
            }
            busy = true;
        }
        workers.execute(this::next);
    }

    /**
     * On a worker: answers the oldest queued request, then the next one when that answer is
     * written. Requests read before the client hung up still run (an acks=0 producer closes right
     * after sending); only their answers are dropped.
     */
    private void next() {
        Buffer frame;
        synchronized (this) {
            frame = queued.poll();
            if (frame == null) {
                busy = false;
                return;
            }
            if (paused && queued.size() <= MAX_QUEUED / 2) {
                paused = false;
                eventLoop.runOnContext(v -> socket.resume());
            }
        }
        CompletableFuture<ByteBuffer> answer;
        try {
            answer = apis.handle(ByteBuffer.wrap(frame.getBytes()), peer, session);
        } catch (KafkaApis.UnanswerableRequestException e) {
            LOG.warnf("Closing Kafka connection: %s (%s)", e.getMessage(), String.valueOf(e.getCause()));
            socket.close();
            return;
        } catch (SaslSession.UnauthenticatedRequestException e) {
            // a client without (or with failed) credentials, as a Kafka broker logs it: not Weir's fault
            if (e.logged) {
                LOG.debugf("Closing Kafka connection: %s", e.getMessage());
            } else {
                LOG.infof("Closing Kafka connection: %s", e.getMessage());
            }
            socket.close();
            return;
        }
        answer.whenComplete((response, failure) -> {
            if (response != null && !closed) {
                socket.write(Buffer.buffer(Unpooled.wrappedBuffer(response)));
            }
            try {
                workers.execute(this::next);
            } catch (RejectedExecutionException e) {
                socket.close(); // the listener is closing
            }
        });
    }
}
