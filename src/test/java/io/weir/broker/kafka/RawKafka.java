package io.weir.broker.kafka;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One connection sending single requests built with kafka-clients' own message classes, for what
 * a producer or consumer never does on purpose: resend a stored batch, skip a sequence, call an
 * API or version Weir does not offer.
 */
final class RawKafka implements AutoCloseable {

    private final Socket socket;
    private int correlationId;

    RawKafka(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
    }

    /** Sends the request and reads its response. */
    <T extends ApiMessage> T send(ApiKeys api, short version, ApiMessage request) throws IOException {
        return read(write(api, version, request));
    }

    /** Sends the request without waiting for its response; {@link #read} it later, in order. */
    RequestHeader write(ApiKeys api, short version, ApiMessage request) throws IOException {
        RequestHeader header = new RequestHeader(api, version, "raw-test", ++correlationId);
        ByteBuffer buffer = KafkaApis.frame(header.data(), api.requestHeaderVersion(version), request, version);
        OutputStream stream = socket.getOutputStream();
        stream.write(buffer.array());
        stream.flush();
        return header;
    }

    /** The next response, which must answer {@code header}'s request (parsing checks the correlation ID). */
    @SuppressWarnings("unchecked")
    <T extends ApiMessage> T read(RequestHeader header) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] response = new byte[in.readInt()];
        in.readFully(response);
        return (T) AbstractResponse.parseResponse(ByteBuffer.wrap(response), header).data();
    }

    /** Sends a bare size-prefixed frame (a SASL token after a version-0 handshake) and reads the bare frame answering it. */
    byte[] exchangeFrame(byte[] payload) throws IOException {
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] answer = new byte[in.readInt()];
        in.readFully(answer);
        return answer;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
