package dev.signet.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 exchange over a bare socket, for what ordinary clients hide: a body that goes on
 * after the server has answered, and whether the server then closes the connection.
 */
public final class RawHttp {
    private RawHttp() {
    }

    /**
     * What came back.
     *
     * @param response    the raw response bytes up to the server's close (or the read timeout)
     * @param bodyBytesSent how much of the body the writer got onto the socket before it stopped
     * @param closedByServer true when the server closed the connection (end of stream or reset)
     */
    public record Exchange(String response, long bodyBytesSent, boolean closedByServer) {
        public String statusLine() {
            int end = response.indexOf("\r\n");
            return end < 0 ? response : response.substring(0, end);
        }

        public String body() {
            int start = response.indexOf("\r\n\r\n");
            return start < 0 ? "" : response.substring(start + 4);
        }
    }

    /**
     * Sends {@code head} and then writes {@code bodyBytes} bytes of filler from another thread while
     * reading the answer, so a server that answers early is heard even if it stops reading.
     */
    public static Exchange post(int port, String head, long bodyBytes, Duration readTimeout) throws Exception {
        return post(port, head, bodyBytes, false, readTimeout);
    }

    /** As {@link #post(int, String, long, Duration)}, the body framed as chunks when {@code chunked}. */
    public static Exchange post(int port, String head, long bodyBytes, boolean chunked, Duration readTimeout)
            throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) readTimeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            AtomicLong sent = new AtomicLong();
            Thread writer = new Thread(() -> writeFiller(out, bodyBytes, chunked, sent), "raw-http-body");
            writer.setDaemon(true);
            writer.start();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            boolean closed = readUntilClosed(socket.getInputStream(), response);
            writer.join(readTimeout.toMillis());
            return new Exchange(response.toString(StandardCharsets.UTF_8), sent.get(), closed);
        }
    }

    private static void writeFiller(OutputStream out, long bodyBytes, boolean chunked, AtomicLong sent) {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'a');
        try {
            while (sent.get() < bodyBytes) {
                int n = (int) Math.min(chunk.length, bodyBytes - sent.get());
                if (chunked) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(chunk, 0, n);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                sent.addAndGet(n);
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException e) {
            // The server closed under us: what it answered before is what the test looks at.
        }
    }

    private static boolean readUntilClosed(InputStream in, ByteArrayOutputStream response) throws IOException {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0;) {
                response.write(buffer, 0, n);
            }
            return true;
        } catch (SocketException e) {
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }
}
