package dev.converge.portal.platform.openai;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible server for tests and the benchmark, on a raw socket so it can misbehave the ways real servers
 * and networks do: an error status, a slow first token, slow tokens, a malformed chunk, no {@code [DONE]}, a reset
 * connection. It counts the streams a client abandoned (a write that fails because the client closed).
 */
public final class OpenAiStub implements AutoCloseable {

    /** How the next answers behave. */
    public record Script(int status, String errorBody, List<String> tokens, Duration firstTokenDelay,
                         Duration tokenDelay, int malformedAt, boolean sendDone, int resetAfter, boolean finish,
                         String sources) {

        public static Script tokens(List<String> tokens) {
            return new Script(200, null, tokens, Duration.ZERO, Duration.ZERO, -1, true, -1, true, null);
        }

        public static Script words(String text) {
            return tokens(List.of(text.split("(?<= )")));
        }

        public static Script failing(int status, String body) {
            return new Script(status, body, List.of(), Duration.ZERO, Duration.ZERO, -1, true, -1, true, null);
        }

        public Script firstTokenAfter(Duration delay) {
            return new Script(status, errorBody, tokens, delay, tokenDelay, malformedAt, sendDone, resetAfter, finish, sources);
        }

        public Script tokenEvery(Duration delay) {
            return new Script(status, errorBody, tokens, firstTokenDelay, delay, malformedAt, sendDone, resetAfter,
                    finish, sources);
        }

        public Script malformedAt(int index) {
            return new Script(status, errorBody, tokens, firstTokenDelay, tokenDelay, index, sendDone, resetAfter,
                    finish, sources);
        }

        public Script withoutDone(boolean finish) {
            return new Script(status, errorBody, tokens, firstTokenDelay, tokenDelay, malformedAt, false, resetAfter,
                    finish, sources);
        }

        /**
         * Answers as a Converge RAG runtime does: {@code converge_sources} (a JSON array) in a last chunk with
         * {@code "choices":[]} after the usage chunk, or in the whole response.
         */
        public Script withSources(String json) {
            return new Script(status, errorBody, tokens, firstTokenDelay, tokenDelay, malformedAt, sendDone,
                    resetAfter, finish, json);
        }

        public Script resetAfter(int tokensSent) {
            return new Script(status, errorBody, tokens, firstTokenDelay, tokenDelay, malformedAt, sendDone,
                    tokensSent, finish, sources);
        }
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        var thread = new Thread(runnable, "openai-stub");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Script script = Script.words("Hello from the stub.");
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final AtomicInteger streams = new AtomicInteger();

    public OpenAiStub() throws IOException {
        server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    public void script(Script script) {
        this.script = script;
    }

    /** The request bodies received, in order. */
    public List<String> requests() {
        return requests;
    }

    /** Streams the client closed before the stub had sent everything. */
    public int abandoned() {
        return abandoned.get();
    }

    public int streamsStarted() {
        return streams.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                var socket = server.accept();
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            var in = new BufferedInputStream(socket.getInputStream());
            var head = readHead(in);
            if (head == null) {
                return;
            }
            var length = 0;
            for (var line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            var body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            var out = socket.getOutputStream();
            var path = head.substring(0, head.indexOf("\r\n")).split(" ")[1];
            if (path.endsWith("/models")) {
                respond(out, 200, "application/json", "{\"object\":\"list\",\"data\":[{\"id\":\"stub-model\"}]}");
                return;
            }
            requests.add(body);
            var current = script;
            if (current.status() != 200) {
                respond(out, current.status(), "application/json", current.errorBody() == null ? "" : current.errorBody());
                return;
            }
            if (body.replace(" ", "").contains("\"stream\":true")) {
                stream(socket, out, current);
            } else {
                sleep(current.firstTokenDelay());
                var text = String.join("", current.tokens()).replace("\\", "\\\\").replace("\"", "\\\"");
                respond(out, 200, "application/json", "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{"
                        + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":"
                        + current.tokens().size() + "}"
                        + (current.sources() == null ? "" : ",\"converge_sources\":" + current.sources()) + "}");
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private void stream(Socket socket, OutputStream out, Script current) throws IOException {
        streams.incrementAndGet();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        try {
            sleep(current.firstTokenDelay());
            send(out, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}");
            var tokens = current.tokens();
            for (int i = 0; i < tokens.size(); i++) {
                if (i > 0) {
                    sleep(current.tokenDelay());
                }
                if (i == current.resetAfter()) {
                    socket.setSoLinger(true, 0);
                    socket.close();
                    return;
                }
                if (i == current.malformedAt()) {
                    send(out, "{\"choices\": [ this is not json");
                    continue;
                }
                var text = tokens.get(i).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
                send(out, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}");
            }
            if (current.finish()) {
                send(out, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{},\"finish_reason\":\"stop\"}]}");
                send(out, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":"
                        + "{\"prompt_tokens\":7,\"completion_tokens\":" + tokens.size() + "}}");
                if (current.sources() != null) {
                    send(out, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
                            + "\"converge_sources\":" + current.sources() + "}");
                }
            }
            if (current.sendDone()) {
                send(out, "[DONE]");
            }
        } catch (IOException e) {
            abandoned.incrementAndGet();
            throw e;
        }
    }

    private static void send(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void respond(OutputStream out, int status, String type, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: " + type + "\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(bytes);
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
