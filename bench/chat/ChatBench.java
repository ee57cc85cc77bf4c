// Chat streaming benchmark for Converge Portal. Single file, JDK 17+, no dependencies:
//   java ChatBench.java stub <port>                 an OpenAI-compatible stub: 50 tokens, one every 20 ms
//   java ChatBench.java load --portal URL --stub URL --user U --password P --clients 200
// The load sends N streamed chats through the portal (POST /chat, SSE) and, at the same time, N straight to the stub
// (POST /v1/chat/completions, stream), then prints time to first token (p50/p99) for both and the portal's overhead,
// tokens lost or out of order, and the portal's heap per open stream (from /actuator/prometheus; needs an ADMIN).
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

public class ChatBench {

    static final int TOKENS = 50;
    static final long TOKEN_EVERY_MS = 20;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("stub")) {
            stub(Integer.parseInt(args[1]));
        } else {
            new Load(args).run();
        }
    }

    // ---------------------------------------------------------------- the stub

    static void stub(int port) throws IOException {
        var server = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress());
        var threads = Executors.newCachedThreadPool();
        System.out.println("stub listening on http://127.0.0.1:" + server.getLocalPort() + "/v1");
        while (true) {
            var socket = server.accept();
            threads.execute(() -> serve(socket));
        }
    }

    static void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            var in = new BufferedInputStream(socket.getInputStream());
            var out = socket.getOutputStream();
            while (true) { // keep-alive: several requests per connection
                var head = readHead(in);
                if (head == null) {
                    return;
                }
                int length = 0;
                for (var line : head.split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).strip());
                    }
                }
                in.readNBytes(length);
                if (head.startsWith("GET") && head.contains("/models")) {
                    var body = "{\"object\":\"list\",\"data\":[{\"id\":\"bench-model\"}]}".getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                            + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                    out.write(body);
                    out.flush();
                    continue;
                }
                out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                        .getBytes(StandardCharsets.UTF_8));
                chunk(out, "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}");
                for (int i = 0; i < TOKENS; i++) {
                    Thread.sleep(TOKEN_EVERY_MS);
                    chunk(out, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t" + i + " \"}}]}");
                }
                chunk(out, "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":" + TOKENS + "}}");
                chunk(out, "[DONE]");
                out.write("0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // client gone
        }
    }

    /** One chunk in one write, as a real server sends an event (three writes would be three TCP segments). */
    static void chunk(OutputStream out, String data) throws IOException {
        var event = "data: " + data + "\n\n";
        var length = event.getBytes(StandardCharsets.UTF_8).length;
        out.write((Integer.toHexString(length) + "\r\n" + event + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static String readHead(InputStream in) throws IOException {
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

    // ---------------------------------------------------------------- the load

    static final class Load {
        static final Pattern CSRF_INPUT = Pattern.compile(
                "<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"|<input[^>]*value=\"([^\"]+)\"[^>]*name=\"_csrf\"");
        static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
        static final Pattern TOKEN_TEXT = Pattern.compile("\"(?:text|content)\":\"(t\\d+ )\"");
        static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+]+)",
                Pattern.MULTILINE);

        final String portal;
        final String stub;
        final String user;
        final String password;
        final int clients;
        final String model;
        /** The spread mode's starts: stream i (portal and direct alike) starts at i * spreadMs / clients. */
        final long spreadMs;
        /** Rounds of N + N streams, released at once, before the measured rounds; not counted. */
        final int warmupRounds;
        final HttpClient http;
        /** token: chats carry a personal access token, as scripts do; session: the sign-in cookie and CSRF token. */
        final String auth;
        /** The portal's process id, to split its CPU by thread from /proc (Linux); null: not split. */
        final String portalPid;
        /** The stub's process id, for the machine line's split; null: not split. */
        final String stubPid;
        /** Clock ticks per second of /proc's CPU times (getconf CLK_TCK). */
        final int clockTicks;
        String csrf;
        String cookies;
        String bearer;

        Load(String[] args) {
            portal = option(args, "portal", "http://127.0.0.1:18998");
            stub = option(args, "stub", "http://127.0.0.1:18999/v1");
            user = option(args, "user", "bench");
            password = option(args, "password", "bench-pass");
            clients = Integer.parseInt(option(args, "clients", "200"));
            model = option(args, "model", "external:bench");
            spreadMs = Long.parseLong(option(args, "spread-ms", "500"));
            warmupRounds = Integer.parseInt(option(args, "warmup-rounds", "25"));
            auth = option(args, "auth", "token");
            portalPid = option(args, "portal-pid", null);
            stubPid = option(args, "stub-pid", null);
            clockTicks = Integer.parseInt(option(args, "clock-ticks", "100"));
            if (!auth.equals("token") && !auth.equals("session")) {
                throw new IllegalArgumentException("--auth is token or session");
            }
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                    .executor(Executors.newFixedThreadPool(8)).connectTimeout(Duration.ofSeconds(10)).build();
        }

        void run() throws Exception {
            signIn();
            // Warm-up, not counted: the portal's JIT compiles the streaming path (a running portal has it compiled;
            // after one small round the JIT compilers still took ~40% of the portal's CPU in the measured round).
            for (int i = 0; i < warmupRounds; i++) {
                runRound(clients, false, 0);
                Thread.sleep(500);
            }
            awaitIdle();
            var heapIdle = heap();
            var threadsBefore = threadCpu();
            var cpuBefore = cpuSeconds();
            var machineBefore = machine();
            var results = runRound(clients, true, 0);
            var machineAtOnce = machine();
            var cpuAtOnce = cpuSeconds() - cpuBefore;
            var threadsAtOnce = difference(threadCpu(), threadsBefore);
            System.out.printf("== mode at-once: all %d + %d requests released at the same instant (worst case)%n",
                    clients, clients);
            print(results, heapIdle);
            printCpu(cpuAtOnce, threadsAtOnce);
            printMachine(machineBefore, machineAtOnce);
            awaitIdle();
            threadsBefore = threadCpu();
            cpuBefore = cpuSeconds();
            machineBefore = machine();
            var spread = runRound(clients, false, spreadMs);
            var machineSpread = machine();
            var cpuSpread = cpuSeconds() - cpuBefore;
            var threadsSpread = difference(threadCpu(), threadsBefore);
            System.out.printf("== mode spread: stream i through the portal and stream i to the stub both start at "
                    + "i x %d/%d ms (starts uniform over %d ms), each TTFT from its own send; %d portal streams "
                    + "open at once at the peak%n", spreadMs, clients, spreadMs, clients, spread.peakOpen.get());
            print(spread, Double.NaN);
            printCpu(cpuSpread, threadsSpread);
            printMachine(machineBefore, machineSpread);
            printPortalOverhead();
            System.exit(0);
        }

        /**
         * One round of n streams through the portal and n straight to the stub. spreadMs 0: all released at the
         * same instant; otherwise pair i (one portal and one direct stream) starts at i * spreadMs / n.
         */
        Round runRound(int n, boolean sampleHeap, long spreadMs) throws Exception {
            var round = new Round(n);
            var start = new CountDownLatch(1);
            var done = new CountDownLatch(2 * n);
            var pool = Executors.newFixedThreadPool(2 * n);
            var origin = new long[1];
            for (int i = 0; i < n; i++) {
                var offsetNanos = spreadMs * 1_000_000L * i / n;
                pool.execute(() -> {
                    await(start); waitUntil(origin[0] + offsetNanos);
                    round.portal.add(round.opened(this::streamViaPortal)); done.countDown(); });
                pool.execute(() -> {
                    await(start); waitUntil(origin[0] + offsetNanos);
                    round.direct.add(streamDirect()); done.countDown(); });
            }
            origin[0] = System.nanoTime();
            start.countDown();
            if (sampleHeap) {
                // Mid-stream: every stream is open (50 tokens take about a second).
                Thread.sleep(500);
                round.heapOpen = heap();
                round.openAtSample = n;
            }
            done.await(120, TimeUnit.SECONDS);
            pool.shutdownNow();
            return round;
        }

        Result streamViaPortal() {
            var body = "{\"model\":\"" + model + "\",\"message\":\"count to fifty\"}";
            var headers = new LinkedHashMap<String, String>();
            if (bearer != null) {
                headers.put("Authorization", "Bearer " + bearer);
            } else {
                headers.put("X-CSRF-TOKEN", csrf);
                headers.put("Cookie", cookies);
            }
            return stream(URI.create(portal + "/chat"), headers, body, "event:done");
        }

        Result streamDirect() {
            var body = "{\"model\":\"bench-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]}";
            return stream(URI.create(stub + "/chat/completions"), Map.of(), body, "data: [DONE]");
        }

        /**
         * One streamed POST on its own connection, read as it arrives on a plain socket (HTTP/1.1, chunked or not):
         * the same cheap client for both paths, so that the load generator does not take the CPU the two servers
         * are measured on (java.net.http took about 0.7 of the 2 cores for 400 streams).
         */
        Result stream(URI uri, Map<String, String> headers, String body, String endLine) {
            var sent = System.nanoTime();
            var result = new Result();
            try (var socket = new Socket(uri.getHost(), uri.getPort())) {
                socket.setTcpNoDelay(true);
                var payload = body.getBytes(StandardCharsets.UTF_8);
                var head = new StringBuilder("POST ").append(uri.getRawPath()).append(" HTTP/1.1\r\nHost: ")
                        .append(uri.getHost()).append(':').append(uri.getPort())
                        .append("\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n")
                        .append("Connection: close\r\nContent-Length: ").append(payload.length).append("\r\n");
                headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
                var out = socket.getOutputStream();
                out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(payload);
                out.flush();
                var in = new BufferedInputStream(socket.getInputStream());
                var responseHead = readHead(in);
                if (responseHead == null || !responseHead.startsWith("HTTP/1.1 200")) {
                    result.error = responseHead == null ? "no response" : responseHead.lines().findFirst().orElse("");
                    return result;
                }
                var chunked = responseHead.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
                var lines = new LineReader(chunked ? new ChunkedBody(in) : in);
                for (var line = lines.next(); line != null; line = lines.next()) {
                    if (line.startsWith(endLine)) {
                        result.done = true;
                        break;
                    }
                    var m = TOKEN_TEXT.matcher(line);
                    if (line.startsWith("data:") && m.find()) {
                        if (result.tokens.isEmpty()) {
                            result.ttftNanos = System.nanoTime() - sent;
                        }
                        result.tokens.add(m.group(1));
                    }
                }
            } catch (Exception e) {
                result.error = e.toString();
            }
            return result;
        }

        void signIn() throws Exception {
            var page = http.send(HttpRequest.newBuilder(URI.create(portal + "/login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            var m = CSRF_INPUT.matcher(page.body());
            if (!m.find()) {
                throw new IllegalStateException("No _csrf on /login (HTTP " + page.statusCode() + ")");
            }
            var token = m.group(1) != null ? m.group(1) : m.group(2);
            var form = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(token);
            var response = http.send(HttpRequest.newBuilder(URI.create(portal + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 302 || response.headers().firstValue("Location").orElse("").contains("error")) {
                throw new IllegalStateException("Sign-in refused (HTTP " + response.statusCode() + ")");
            }
            var chat = http.send(HttpRequest.newBuilder(URI.create(portal + "/chat")).header("Accept", "text/html").build(),
                    HttpResponse.BodyHandlers.ofString());
            var meta = CSRF_META.matcher(chat.body());
            if (!meta.find()) {
                throw new IllegalStateException("No _csrf meta on /chat (HTTP " + chat.statusCode() + ")");
            }
            csrf = meta.group(1);
            cookies = ((CookieManager) http.cookieHandler().orElseThrow()).getCookieStore().get(URI.create(portal))
                    .stream().map(cookie -> cookie.getName() + "=" + cookie.getValue())
                    .collect(java.util.stream.Collectors.joining("; "));
            if (auth.equals("token")) {
                var created = http.send(HttpRequest.newBuilder(URI.create(portal + "/profile/tokens"))
                        .header("Content-Type", "application/json").header("Accept", "application/json")
                        .header("X-CSRF-TOKEN", csrf)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"chat bench\",\"expiresInDays\":1}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                var plaintext = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(created.body());
                if (created.statusCode() != 201 || !plaintext.find()) {
                    throw new IllegalStateException("No token from POST /profile/tokens (HTTP " + created.statusCode()
                            + ")");
                }
                bearer = plaintext.group(1);
            }
        }

        /**
         * The portal's own figure of what it adds (timer chat.first.token.overhead, both rounds, warm-up included):
         * part=request from the message received to the upstream request sent; part=first-token from the model's
         * first token read to it written to the client. The rest of the difference is outside the chat code
         * (the HTTP server, sign-in session, the load client).
         */
        void printPortalOverhead() {
            try {
                var text = http.send(HttpRequest.newBuilder(URI.create(portal + "/actuator/prometheus")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                for (var part : List.of("request", "first-token", "cpu")) {
                    var figures = new java.util.TreeMap<String, Double>();
                    var metric = part.equals("cpu") ? "chat_first_token_overhead_cpu_seconds"
                            : "chat_first_token_overhead_seconds";
                    var m = Pattern.compile("^" + metric + "(_count|_sum|_max)?\\{([^}]*)} "
                            + "([0-9.eE+-]+)", Pattern.MULTILINE).matcher(text);
                    while (m.find()) {
                        if (!m.group(2).contains("part=\"" + (part.equals("cpu") ? "request" : part) + "\"")) {
                            continue;
                        }
                        var q = Pattern.compile("quantile=\"([0-9.]+)\"").matcher(m.group(2));
                        var key = m.group(1) != null ? m.group(1).substring(1) : q.find() ? "p" + q.group(1) : "?";
                        figures.put(key, Double.parseDouble(m.group(3)));
                    }
                    if (figures.isEmpty()) {
                        System.out.println("portal timer: not measured (the user cannot read /actuator/prometheus)");
                        return;
                    }
                    var count = figures.getOrDefault("count", 0.0);
                    System.out.printf("portal timer %s: %d calls, mean %.2f ms, "
                                    + "p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", part.equals("cpu")
                                    ? "chat.first.token.overhead.cpu part=request (CPU time of the request thread)"
                                    : "chat.first.token.overhead part=" + part, count.longValue(),
                            count == 0 ? Double.NaN : figures.getOrDefault("sum", 0.0) / count * 1000,
                            figures.getOrDefault("p0.5", Double.NaN) * 1000,
                            figures.getOrDefault("p0.99", Double.NaN) * 1000,
                            figures.getOrDefault("max", Double.NaN) * 1000);
                }
                // Waiting for a database connection is part of the request part under load: the pool's own timer.
                var acquire = new java.util.HashMap<String, Double>();
                var a = Pattern.compile("^hikaricp_connections_acquire_seconds(_count|_sum|_max)\\{[^}]*} ([0-9.eE+-]+)",
                        Pattern.MULTILINE).matcher(text);
                while (a.find()) {
                    acquire.merge(a.group(1).substring(1), Double.parseDouble(a.group(2)), Double::sum);
                }
                if (acquire.getOrDefault("count", 0.0) > 0) {
                    System.out.printf("database connection wait (hikaricp_connections_acquire_seconds): %d "
                                    + "acquisitions, mean %.2f ms, max %.2f ms%n", acquire.get("count").longValue(),
                            acquire.get("sum") / acquire.get("count") * 1000, acquire.getOrDefault("max", 0.0) * 1000);
                }
            } catch (Exception e) {
                System.out.println("portal timer: not read (" + e + ")");
            }
        }

        double heap() {
            try {
                var text = http.send(HttpRequest.newBuilder(URI.create(portal + "/actuator/prometheus")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                var m = HEAP.matcher(text);
                double sum = 0;
                while (m.find()) {
                    sum += Double.parseDouble(m.group(1));
                }
                return sum;
            } catch (Exception e) {
                return Double.NaN;
            }
        }

        void print(Round round, double heapIdle) {
            System.out.printf("clients: %d through the portal (signed in by " + (bearer != null ? "personal access token"
                    : "session cookie") + ") + %d straight to the stub; %d tokens at %d ms%n",
                    clients, clients, TOKENS, TOKEN_EVERY_MS);
            var p = summary("portal", round.portal);
            var d = summary("direct", round.direct);
            System.out.printf("TTFT overhead (portal - direct): p50 %.1f ms, p99 %.1f ms (goals: <= 10, <= 50)%n",
                    p[0] - d[0], p[1] - d[1]);
            if (!Double.isNaN(heapIdle) && !Double.isNaN(round.heapOpen)) {
                System.out.printf("heap: idle %.1f MiB, with %d streams open %.1f MiB: ~%.0f KiB per open stream%n",
                        heapIdle / 1048576, round.openAtSample, round.heapOpen / 1048576,
                        (round.heapOpen - heapIdle) / round.openAtSample / 1024);
            } else if (round.openAtSample > 0) {
                System.out.println("heap: not measured (the user cannot read /actuator/prometheus)");
            }
        }

        double[] summary(String name, List<Result> results) {
            var ttft = new ArrayList<Double>();
            int lost = 0;
            int disorder = 0;
            int errors = 0;
            int incomplete = 0;
            for (var r : results) {
                if (r.error != null) {
                    errors++;
                    continue;
                }
                if (!r.done) {
                    incomplete++;
                }
                if (r.ttftNanos > 0) {
                    ttft.add(r.ttftNanos / 1e6);
                }
                lost += TOKENS - r.tokens.size();
                for (int i = 0; i < r.tokens.size(); i++) {
                    if (!r.tokens.get(i).equals("t" + i + " ")) {
                        disorder++;
                        break;
                    }
                }
            }
            Collections.sort(ttft);
            var p50 = percentile(ttft, 0.50);
            var p99 = percentile(ttft, 0.99);
            System.out.printf("%-7s streams %d, errors %d, not done %d, tokens lost %d, streams out of order %d; "
                    + "TTFT p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", name, results.size(), errors, incomplete, lost,
                    disorder, p50, p99, ttft.isEmpty() ? Double.NaN : ttft.get(ttft.size() - 1));
            return new double[] {p50, p99};
        }

        static double percentile(List<Double> sorted, double q) {
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
        }

        static void waitUntil(long nanoTime) {
            long left;
            while ((left = nanoTime - System.nanoTime()) > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(left);
            }
        }

        /**
         * Waits (up to 60 s) until the portal uses less than a tenth of a core over a second: on 2 cores the JIT
         * compilers drain the queue the warm-up filled only when the load stops, and a round measured while they
         * still compile measures the compiler (a portal that has run for a while has that code compiled).
         */
        void awaitIdle() throws InterruptedException {
            var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            var before = cpuSeconds();
            while (System.nanoTime() < deadline) {
                Thread.sleep(1000);
                var now = cpuSeconds();
                if (now - before < 0.1) {
                    return;
                }
                before = now;
            }
            System.out.println("(the portal did not go idle within 60 s; measuring anyway)");
        }

        /** The portal process's CPU time (process_cpu_time_ns_total), NaN when not readable. */
        double cpuSeconds() {
            try {
                var text = http.send(HttpRequest.newBuilder(URI.create(portal + "/actuator/prometheus")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                var m = Pattern.compile("^process_cpu_time_(ns_total|seconds_total)(?:\\{[^}]*})? ([0-9.eE+]+)",
                        Pattern.MULTILINE).matcher(text);
                if (m.find()) {
                    var value = Double.parseDouble(m.group(2));
                    return m.group(1).startsWith("ns") ? value / 1e9 : value;
                }
            } catch (Exception e) {
                // not readable
            }
            return Double.NaN;
        }

        void printCpu(double seconds, Map<String, Double> byThread) {
            if (Double.isNaN(seconds)) {
                System.out.println("portal CPU: not measured");
                return;
            }
            System.out.printf("portal CPU (whole process, this round): %.2f s for %d chats = %.2f ms per chat "
                    + "(50 tokens each)%n", seconds, clients, seconds * 1000 / clients);
            if (!byThread.isEmpty()) {
                var parts = new StringBuilder();
                byThread.forEach((group, cpu) -> parts.append(parts.isEmpty() ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%s %.2f s", group, cpu)));
                var streams = byThread.getOrDefault(MODEL_STREAMS, 0.0);
                System.out.printf("  by thread: %s; model streams %.0f us per token forwarded%n", parts,
                        streams * 1e6 / (clients * (double) TOKENS));
            }
        }

        static final String MODEL_STREAMS = "model streams (HTTP client)";

        /**
         * The whole machine at one instant (Linux /proc): its busy and total CPU time over all cores, and the CPU time
         * of the portal, the stub and this load client, which share it.
         */
        record Machine(long nanos, double busy, double total, double portal, double stub, double load) {
        }

        Machine machine() {
            double busy = Double.NaN;
            double total = Double.NaN;
            try {
                // cpu  user nice system idle iowait irq softirq steal ...
                var f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim()
                        .split("\\s+");
                busy = 0;
                for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                    busy += Long.parseLong(f[i]);
                }
                total = busy + Long.parseLong(f[4]) + Long.parseLong(f[5]);
            } catch (IOException | RuntimeException e) {
                // not Linux
            }
            return new Machine(System.nanoTime(), busy / clockTicks, total / clockTicks, processCpu(portalPid),
                    processCpu(stubPid), processCpu(String.valueOf(ProcessHandle.current().pid())));
        }

        double processCpu(String pid) {
            if (pid == null) {
                return Double.NaN;
            }
            try {
                var stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
                var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) clockTicks;
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }

        /** How busy the machine was over the round, and who kept it busy: all three share its cores. */
        void printMachine(Machine before, Machine after) {
            if (Double.isNaN(before.busy())) {
                return;
            }
            var seconds = (after.nanos() - before.nanos()) / 1e9;
            var busy = after.busy() - before.busy();
            var portalCpu = after.portal() - before.portal();
            var stubCpu = after.stub() - before.stub();
            var loadCpu = after.load() - before.load();
            System.out.printf(Locale.ROOT, "machine (%d cores) over the round's %.2f s: %.0f%% busy (%.2f of %.2f "
                            + "CPU-seconds): portal %.2f s, stub %.2f s, load client %.2f s, everything else %.2f s%n",
                    Runtime.getRuntime().availableProcessors(), seconds, 100 * busy / (after.total() - before.total()),
                    busy, after.total() - before.total(), portalCpu, stubCpu, loadCpu,
                    busy - portalCpu - (Double.isNaN(stubCpu) ? 0 : stubCpu) - loadCpu);
        }

        /** The portal's thread CPU (user + system) by kind of thread, from /proc; empty when not readable. */
        Map<String, Double> threadCpu() {
            var byGroup = new LinkedHashMap<String, Double>();
            if (portalPid == null) {
                return byGroup;
            }
            for (var group : List.of("JIT compilers", "requests (Tomcat)", MODEL_STREAMS, "GC", "other")) {
                byGroup.put(group, 0.0);
            }
            var tasks = new java.io.File("/proc/" + portalPid + "/task").listFiles();
            if (tasks == null) {
                return new LinkedHashMap<>();
            }
            for (var task : tasks) {
                try {
                    var stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                    var name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // fields[0] is the state (stat's third field): utime and stime are stat's 14th and 15th
                    var seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) clockTicks;
                    byGroup.merge(groupOf(name), seconds, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read
                }
            }
            return byGroup;
        }

        static String groupOf(String threadName) {
            if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
                return "JIT compilers";
            }
            if (threadName.startsWith("http-nio")) {
                return "requests (Tomcat)";
            }
            if (threadName.startsWith("openai-http") || threadName.startsWith("HttpClient-")) {
                return MODEL_STREAMS;
            }
            if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
                return "GC";
            }
            return "other";
        }

        /** after - before by group (threads that ended in between lose their share: a small undercount). */
        static Map<String, Double> difference(Map<String, Double> after, Map<String, Double> before) {
            var result = new LinkedHashMap<String, Double>();
            after.forEach((group, cpu) -> result.put(group, cpu - before.getOrDefault(group, 0.0)));
            return result;
        }

        static void await(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static String option(String[] args, String name, String fallback) {
            for (int i = 0; i < args.length - 1; i++) {
                if (args[i].equals("--" + name)) {
                    return args[i + 1];
                }
            }
            return fallback;
        }

        static String enc(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    static final class Round {
        final List<Result> portal;
        final List<Result> direct;
        double heapOpen = Double.NaN;
        int openAtSample;
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger peakOpen = new AtomicInteger();

        /** Runs one stream, counting it open meanwhile (the peak of portal + direct streams open at once). */
        Result opened(java.util.function.Supplier<Result> stream) {
            peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            try {
                return stream.get();
            } finally {
                open.decrementAndGet();
            }
        }

        Round(int n) {
            portal = Collections.synchronizedList(new ArrayList<>(n));
            direct = Collections.synchronizedList(new ArrayList<>(n));
        }
    }

    /** The body of a chunked response, without the chunk framing. */
    static final class ChunkedBody extends InputStream {
        private final InputStream in;
        private int left;
        private boolean ended;

        ChunkedBody(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (ended) {
                return -1;
            }
            if (left == 0) {
                var size = new StringBuilder();
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                    if (b != '\r') {
                        size.append((char) b);
                    }
                }
                if (size.length() == 0 && b == '\n') { // the CRLF that ends the previous chunk
                    return read();
                }
                var semicolon = size.indexOf(";");
                left = b == -1 ? 0 : Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).toString()
                        .strip(), 16);
                if (left == 0) {
                    ended = true;
                    return -1;
                }
            }
            var b = in.read();
            if (b == -1) {
                ended = true;
                return -1;
            }
            left--;
            return b;
        }
    }

    /** Lines (LF or CRLF) of UTF-8 text. */
    static final class LineReader {
        private final InputStream in;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineReader(InputStream in) {
            this.in = in;
        }

        String next() throws IOException {
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    var text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    return text;
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.size() > 0 ? line.toString(StandardCharsets.UTF_8) : null;
        }
    }

    static final class Result {
        final List<String> tokens = new ArrayList<>();
        long ttftNanos;
        boolean done;
        String error;
    }
}
