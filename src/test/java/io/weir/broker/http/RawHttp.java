package io.weir.broker.http;

import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * HTTP/1.1 requests written byte for byte, as the operator, for paths that HTTP clients would
 * normalise before sending ({@code ..}, {@code %2e%2e}).
 */
final class RawHttp {

    record Answer(int status, String contentType, String body) {
    }

    private RawHttp() {
    }

    static Answer send(String method, String path) {
        String auth = Base64.getEncoder().encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8));
        String request = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth
                + "\r\nAccept: application/json\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\n{}";
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * POSTs {@code start} and then {@code bytes} bytes of {@code x} in 64 KiB chunks
     * ({@code Transfer-Encoding: chunked}, no Content-Length), as a streaming client does. Stops
     * writing when the server closes the connection early, then reads its answer.
     */
    static Answer postChunked(String path, String start, long bytes) {
        String auth = Base64.getEncoder().encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8));
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth
                + "\r\nAccept: application/json\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n";
        byte[] chunk = ("10000\r\n" + "x".repeat(1 << 16) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.getBytes(StandardCharsets.UTF_8));
                byte[] first = start.getBytes(StandardCharsets.UTF_8);
                out.write((Integer.toHexString(first.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(first);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                for (long sent = 0; sent < bytes; sent += 1 << 16) {
                    out.write(chunk);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedEarly) {
                // the server answered before the body ended and closed the connection: read the answer
            }
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Status line, headers and body; a chunked body keeps its chunk sizes, which the checks tolerate. */
    private static Answer parse(String response) {
        int end = response.indexOf("\r\n\r\n");
        String head = response.substring(0, end);
        int status = Integer.parseInt(head.substring(9, 12));
        String contentType = head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-type:"))
                .map(l -> l.substring(13).trim()).findFirst().orElse("");
        return new Answer(status, contentType, response.substring(end + 4));
    }
}
