package dev.quicksilver.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 over a plain socket, for requests that {@code java.net.http} refuses to send (broken
 * escapes, raw bytes, garbage request lines) and for checking that every answer is a well-formed
 * response. Reads one response strictly: a malformed status line or header throws.
 */
final class RawHttp {
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3}) [^\r\n]*");

    /** One parsed response; {@code body} is null for a stream (SSE) whose body was not read. */
    record Response(int status, List<String[]> headers, String body) {
        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }
    }

    private RawHttp() {}

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        return socket;
    }

    /**
     * Sends the bytes on a new connection and reads the first response. A failed write is ignored:
     * the hub may answer and close before it has read a long request, and its answer must still be
     * readable.
     */
    static Response exchange(int port, byte[] request) throws IOException {
        try (Socket socket = connect(port)) {
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException e) {
                // read the answer anyway
            }
            return read(socket.getInputStream(), false);
        }
    }

    static Response exchange(int port, String request) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Reads one response. Throws when the connection ends before a complete head, or when the head
     * is not HTTP. The body is read by Content-Length or chunked framing, except for an event stream
     * (left unread) and for answers that have none (HEAD, 1xx, 204, 304).
     */
    static Response read(InputStream in, boolean headRequest) throws IOException {
        String statusLine = line(in);
        Matcher m = STATUS_LINE.matcher(statusLine);
        if (!m.matches()) {
            throw new IOException("not an HTTP status line: " + printable(statusLine));
        }
        int status = Integer.parseInt(m.group(1));
        List<String[]> headers = new ArrayList<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + printable(line));
            }
            headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
        }
        Response head = new Response(status, headers, null);
        String type = head.header("Content-Type");
        if (type != null && type.startsWith("text/event-stream")) {
            return head;
        }
        if (headRequest || status < 200 || status == 204 || status == 304) {
            return new Response(status, headers, "");
        }
        String length = head.header("Content-Length");
        String encoding = head.header("Transfer-Encoding");
        byte[] body;
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
            if (body.length != Integer.parseInt(length)) {
                throw new IOException("the body ended after " + body.length + " of " + length + " bytes");
            }
        } else if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked(in);
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return out.toByteArray();
            }
            out.write(in.readNBytes(size));
            line(in);
        }
    }

    /** One CRLF-terminated line (ISO-8859-1); throws at the end of the stream. */
    static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended mid-line after: " + printable(sb.toString()));
            }
            if (b == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') {
                    sb.setLength(n - 1);
                }
                return sb.toString();
            }
            sb.append((char) b);
        }
    }

    /** True when the server closes the connection (end of stream) before the socket's read timeout. */
    static boolean closedByServer(Socket socket) throws IOException {
        try {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // discard anything else
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset: closed too
        }
    }

    /** Reads a stream's bytes until this text has been seen; returns everything read. */
    static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (sb.indexOf(end) < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the stream ended before \"" + end + "\": " + printable(sb.toString()));
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
            if (sb.length() > 300) {
                return sb.append("...").toString();
            }
        }
        return sb.toString();
    }
}
