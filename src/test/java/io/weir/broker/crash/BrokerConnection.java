package io.weir.broker.crash;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The client side of {@link CrashBrokerServer}'s line protocol. Not thread-safe: one per thread.
 * An {@link IOException} means the broker process is gone (or not up yet); a {@link Refused} means
 * it answered {@code ERR}.
 */
final class BrokerConnection implements AutoCloseable {

    /** The broker answered ERR: the request was refused, the process is alive. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    record Published(int partition, long offset, boolean duplicate) {
    }

    /** A message as the consumer sees it; {@code handle} is "partition offset" (ordered) or the receipt (shared). */
    record Received(String handle, String id, String key, String value) {
    }

    private final Socket socket;
    private final BufferedReader in;
    private final Writer out;

    private BrokerConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
    }

    static BrokerConnection open(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000); // a live broker answers long before; a hang is a finding
            return new BrokerConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    Published publish(String id, String key, String value) throws IOException, Refused {
        String[] f = request("PUB " + id + " " + key + " " + value).split(" ");
        return new Published(Integer.parseInt(f[1]), Long.parseLong(f[2]), Boolean.parseBoolean(f[3]));
    }

    List<Received> fetch(String consumer, int max, int waitMillis) throws IOException, Refused {
        return messages(request("FETCH " + consumer + " " + max + " " + waitMillis), 2);
    }

    void commit(String consumer, Map<Integer, Long> offsets) throws IOException, Refused {
        StringBuilder pairs = new StringBuilder();
        offsets.forEach((p, o) -> pairs.append(pairs.isEmpty() ? "" : ",").append(p).append('=').append(o));
        request("COMMIT " + consumer + " " + pairs);
    }

    Map<Integer, Long> committed() throws IOException, Refused {
        String[] f = request("COMMITTED").split(" ");
        Map<Integer, Long> offsets = new HashMap<>();
        if (f.length > 1) {
            for (String pair : f[1].split(",")) {
                String[] po = pair.split("=");
                offsets.put(Integer.parseInt(po[0]), Long.parseLong(po[1]));
            }
        }
        return offsets;
    }

    List<Received> receive(String consumer, int max, int waitMillis) throws IOException, Refused {
        return messages(request("RECV " + consumer + " " + max + " " + waitMillis), 1);
    }

    boolean ack(String receipt) throws IOException, Refused {
        return Boolean.parseBoolean(request("ACK " + receipt).split(" ")[1]);
    }

    private List<Received> messages(String header, int handleFields) throws IOException {
        int count = Integer.parseInt(header.split(" ")[1]);
        List<Received> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String[] f = readLine().split(" ");
            String handle = handleFields == 1 ? f[0] : f[0] + " " + f[1];
            list.add(new Received(handle, f[handleFields], f[handleFields + 1], f[handleFields + 2]));
        }
        return list;
    }

    private String request(String line) throws IOException, Refused {
        out.write(line + "\n");
        out.flush();
        String answer = readLine();
        if (answer.startsWith("ERR")) {
            throw new Refused(answer);
        }
        return answer;
    }

    private String readLine() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new EOFException("broker closed the connection");
        }
        return line;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
