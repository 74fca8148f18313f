package io.weir.broker.kafka;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
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

    @SuppressWarnings("unchecked")
    <T extends ApiMessage> T send(ApiKeys api, short version, ApiMessage request) throws IOException {
        RequestHeader header = new RequestHeader(api, version, "raw-test", ++correlationId);
        short headerVersion = api.requestHeaderVersion(version);
        RequestHeaderData headerData = header.data();
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = headerData.size(cache, headerVersion) + request.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(4 + size);
        buffer.putInt(size);
        ByteBufferAccessor out = new ByteBufferAccessor(buffer);
        headerData.write(out, cache, headerVersion);
        request.write(out, cache, version);
        OutputStream stream = socket.getOutputStream();
        stream.write(buffer.array());
        stream.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] response = new byte[in.readInt()];
        in.readFully(response);
        return (T) AbstractResponse.parseResponse(ByteBuffer.wrap(response), header).data();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
