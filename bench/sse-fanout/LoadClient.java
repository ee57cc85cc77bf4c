// SSE fan-out load client for Converge Portal. Single file, JDK 17+, java.net.http only:
//   java LoadClient.java --url http://127.0.0.1:8080 --user admin --password secret --clients 2000 ...
// Signs in through the login form, opens N /sse/stream connections read by one selector thread (raw sockets, a small
// HTTP/1.1 chunked decoder and SSE line parser: java.net.http spent more CPU per event than the portal), creates deployments in the sandbox with kubectl, then changes them with PATCH requests sent straight
// to the sandbox API server (address and token from the kubeconfig: a kubectl process per change would cost more CPU
// than the fan-out it measures), and prints delivery, latency, heap and RSS.
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

public class LoadClient {

    static final Pattern CSRF = Pattern.compile(
            "<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"|<input[^>]*value=\"([^\"]+)\"[^>]*name=\"_csrf\"");
    static final Pattern NAME = Pattern.compile("\"name\":\"deployment-row-[^\"]*?-(bench-\\d+)\"");
    static final Pattern DESIRED = Pattern.compile("\"desired\":(\\d+)");

    final Map<String, String> options;
    final String url;
    final int clients;
    final int deployments;
    final int rounds;
    final String namespace;
    HttpClient http;
    final CookieManager cookies = new CookieManager();

    /** Per change (deployment d, round r): when its PATCH was sent. Receipts are kept per stream and compared at
     the end, because an event often arrives before the PATCH response. */
    long[][] sentAt;
    final ConcurrentLinkedQueue<Stream> streams = new ConcurrentLinkedQueue<>();
    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicLong events = new AtomicLong();
    String timing = "the PATCH request sent to the API server";
    String pace = "";

    public static void main(String[] args) throws Exception {
        var options = new HashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new LoadClient(options).run();
    }

    LoadClient(Map<String, String> options) {
        this.options = options;
        this.url = option("url", "http://127.0.0.1:8080");
        this.clients = Integer.parseInt(option("clients", "2000"));
        this.deployments = Integer.parseInt(option("deployments", "10"));
        this.rounds = Integer.parseInt(option("rounds", "5"));
        this.namespace = option("namespace", "vision");
    }

    String option(String name, String fallback) {
        var value = options.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    void run() throws Exception {
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(30))
                .executor(Executors.newFixedThreadPool(4)).build();
        signIn(option("user", "admin"), option("password", System.getenv().getOrDefault("PORTAL_PASSWORD", "")));
        log("signed in as %s", option("user", "admin"));

        createDeployments("bench");
        createDeployments("warm");
        sentAt = new long[deployments][rounds];

        openStreams();
        log("clients connected: %d / %d (failed %d)", connected.get(), clients, failed.get());
        // The same burst on other deployments first, not counted: the portal's JIT compiles the fan-out path then.
        burst("warm", null, Integer.parseInt(option("warmup-rounds", "10")));
        Thread.sleep(2000);
        var before = metrics();
        burst("bench", sentAt, rounds);
        var expected = (long) connected.get() * deployments * rounds;
        var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(option("settle", "30")));
        while (delivered() < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }

        var after = metrics();
        print(expected, before, after);
        System.exit(0);
    }

    void signIn(String user, String password) throws IOException, InterruptedException {
        var page = http.send(HttpRequest.newBuilder(URI.create(url + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        var matcher = CSRF.matcher(page.body());
        if (!matcher.find()) {
            throw new IllegalStateException("No _csrf input on " + url + "/login (HTTP " + page.statusCode() + ")");
        }
        var token = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
        var form = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(token);
        var response = http.send(HttpRequest.newBuilder(URI.create(url + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        var location = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("Sign-in refused (HTTP " + response.statusCode() + " " + location + ")");
        }
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** bench-0..n-1 with one replica, so every change below sets a different desired count than the one before. */
    void createDeployments(String prefix) throws Exception {
        var yaml = new StringBuilder();
        for (int d = 0; d < deployments; d++) {
            yaml.append("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: %3$s-%1$d
                      namespace: %2$s
                      labels: {app.kubernetes.io/managed-by: converge-portal, converge.dev/kind: model}
                    spec:
                      replicas: 1
                      selector: {matchLabels: {app: %3$s-%1$d}}
                      template:
                        metadata: {labels: {app: %3$s-%1$d}}
                        spec: {containers: [{name: model, image: "bench/model:1", resources: {requests: {cpu: 10m}}}]}
                    ---
                    """.formatted(d, namespace, prefix));
        }
        var result = kubectl(yaml.toString(), "apply", "--validate=false", "-f", "-");
        if (result.exit != 0) {
            throw new IllegalStateException("kubectl apply failed: " + result.output);
        }
        for (int d = 0; d < deployments; d++) {
            kubectl(null, "patch", "deployment", prefix + "-" + d, "-n", namespace, "--type=merge",
                    "-p", "{\"spec\":{\"replicas\":1}}");
        }
        log("%d deployments %s-* ready in namespace %s", deployments, prefix, namespace);
    }

    /**
     * Connects the streams (blocking connects on loopback, a ramp at a time), then hands them to one selector thread
     * that reads them all. A stream counts as connected when its {@code : connected} comment arrives.
     */
    void openStreams() throws Exception {
        var target = URI.create(url);
        var address = new InetSocketAddress(target.getHost(), target.getPort() < 0 ? 80 : target.getPort());
        var session = cookies.getCookieStore().getCookies().stream()
                .map(cookie -> cookie.getName() + "=" + cookie.getValue())
                .reduce((a, b) -> a + "; " + b).orElseThrow(() -> new IllegalStateException("no session cookie"));
        var request = ("GET /sse/stream?topics=deployments&format=json HTTP/1.1\r\nHost: " + target.getHost()
                + "\r\nAccept: text/event-stream\r\nCookie: " + session + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        var selector = Selector.open();
        var pending = new ConcurrentLinkedQueue<Stream>();
        var reader = new Thread(() -> read(selector, pending), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        var opened = new CountDownLatch(clients);
        int ramp = Integer.parseInt(option("ramp", "200"));
        for (int c = 0; c < clients; c++) {
            try {
                var channel = SocketChannel.open(address);
                channel.write(ByteBuffer.wrap(request));
                channel.configureBlocking(false);
                var stream = new Stream(channel, () -> {
                    connected.incrementAndGet();
                    opened.countDown();
                });
                streams.add(stream);
                pending.add(stream);
            }
            catch (IOException ex) {
                if (failed.incrementAndGet() <= 3) {
                    log("stream failed: %s", ex);
                }
                opened.countDown();
            }
            if (c % ramp == ramp - 1) {
                selector.wakeup();
                while (connected.get() + failed.get() < c + 1 - ramp) {
                    Thread.sleep(10);
                }
            }
        }
        selector.wakeup();
        opened.await(Long.parseLong(option("connect-timeout", "120")), TimeUnit.SECONDS);
        Thread.sleep(1000);
    }

    /** The selector loop: registers new streams, reads whatever arrived and parses it on this one thread. */
    void read(Selector selector, ConcurrentLinkedQueue<Stream> pending) {
        var buffer = ByteBuffer.allocateDirect(64 * 1024);
        try {
            while (true) {
                selector.select();
                for (Stream stream; (stream = pending.poll()) != null; ) {
                    stream.channel.register(selector, SelectionKey.OP_READ, stream);
                }
                for (var iterator = selector.selectedKeys().iterator(); iterator.hasNext(); ) {
                    var key = iterator.next();
                    iterator.remove();
                    var stream = (Stream) key.attachment();
                    buffer.clear();
                    int n;
                    try {
                        n = stream.channel.read(buffer);
                    }
                    catch (IOException ex) {
                        n = -1;
                    }
                    if (n < 0) {
                        key.cancel();
                        stream.closed();
                        continue;
                    }
                    buffer.flip();
                    long now = System.currentTimeMillis();
                    while (buffer.hasRemaining()) {
                        stream.accept(buffer.get(), now);
                    }
                }
            }
        }
        catch (IOException ex) {
            log("reader stopped: %s", ex);
        }
    }

    /**
     * Round r sets every deployment to 2 replicas (even r) or 1 (odd r). Changes start {@code --rate} per second
     * (0: all at once, as fast as the API server takes them), each on one of 8 sending threads.
     */
    void burst(String prefix, long[][] sentAt, int rounds) throws Exception {
        var api = ApiServer.from(option("kubeconfig", "data/sandbox/kubeconfig"));
        var pool = Executors.newFixedThreadPool(Integer.parseInt(option("parallel", "8")));
        double rate = Double.parseDouble(option("rate", "20"));
        var done = new CountDownLatch(deployments * rounds);
        var failures = new AtomicInteger();
        var started = System.currentTimeMillis();
        var lastOfDeployment = new java.util.concurrent.CompletableFuture<?>[deployments];
        for (int r = 0; r < rounds; r++) {
            for (int d = 0; d < deployments; d++) {
                int deployment = d;
                int round = r;
                if (rate > 0) {
                    long due = started + Math.round((r * deployments + d) * 1000 / rate);
                    Thread.sleep(Math.max(0, due - System.currentTimeMillis()));
                }
                // one deployment's rounds stay in order: each waits for the one before
                var previous = lastOfDeployment[d] == null
                        ? java.util.concurrent.CompletableFuture.completedFuture(null) : lastOfDeployment[d];
                lastOfDeployment[d] = previous.thenRunAsync(() -> {
                    try {
                        if (sentAt != null) {
                            sentAt[deployment][round] = System.currentTimeMillis();
                        }
                        int status = api.scale(namespace, prefix + "-" + deployment, desired(round));
                        if (status / 100 != 2 && failures.incrementAndGet() <= 3) {
                            log("PATCH of bench-%d answered HTTP %d", deployment, status);
                        }
                    }
                    catch (Exception ex) {
                        log("PATCH failed: %s", ex);
                    }
                    finally {
                        done.countDown();
                    }
                }, pool);
            }
        }
        done.await();
        pool.shutdown();
        long took = System.currentTimeMillis() - started;
        pace = rate > 0 ? "paced at %.0f changes/s".formatted(rate) : "unpaced";
        log("%s burst of %d changes sent in %d ms (%s)", sentAt == null ? "warm-up" : "measured",
                deployments * rounds, took, pace);
    }

    static int desired(int round) {
        return round % 2 == 0 ? 2 : 1;
    }

    /** The sandbox API server as the kubeconfig names it: its address and bearer token. */
    record ApiServer(HttpClient http, String server, String token) {

        static ApiServer from(String kubeconfig) throws IOException {
            var text = java.nio.file.Files.readString(java.nio.file.Path.of(kubeconfig));
            return new ApiServer(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                    value(text, "server"), value(text, "token"));
        }

        static String value(String kubeconfig, String key) {
            var matcher = Pattern.compile("(?m)^\\s*" + key + ":\\s*\"?([^\"\\s]+)").matcher(kubeconfig);
            if (!matcher.find()) {
                throw new IllegalStateException("No " + key + " in the kubeconfig");
            }
            return matcher.group(1);
        }

        /** A merge patch of spec.replicas, as {@code kubectl patch --type=merge} sends it. */
        int scale(String namespace, String name, int replicas) throws IOException, InterruptedException {
            var request = HttpRequest.newBuilder(URI.create(server + "/apis/apps/v1/namespaces/" + namespace
                            + "/deployments/" + name))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/merge-patch+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(
                            "{\"spec\":{\"replicas\":" + replicas + "}}"))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    record Result(int exit, String output) {
    }

    Result kubectl(String stdin, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(option("kubectl", "kubectl"),
                "--kubeconfig", option("kubeconfig", "data/sandbox/kubeconfig"),
                "--cache-dir", System.getProperty("java.io.tmpdir") + "/sse-fanout-kube-cache"));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    /**
     * One SSE connection: HTTP/1.1 response headers, then chunked transfer coding, then SSE lines; only data lines
     * become strings. Touched by the reader thread only (delivered is read at the end).
     */
    final class Stream {

        private enum Part { HEADERS, SIZE, DATA, DATA_END }

        final SocketChannel channel;
        private final Runnable onOpen;
        private final int[] nextRound = new int[deployments];
        final long[][] receivedAt = new long[deployments][rounds];
        volatile int delivered;
        private final StringBuilder data = new StringBuilder();
        private final byte[] line = new byte[64 * 1024];
        private int length;
        private Part part = Part.HEADERS;
        private int headerMatch;
        private int chunkLeft;
        private boolean open;

        Stream(SocketChannel channel, Runnable onOpen) {
            this.channel = channel;
            this.onOpen = onOpen;
        }

        void accept(byte b, long now) {
            switch (part) {
                case HEADERS -> {
                    // the headers end at the first CR LF CR LF
                    headerMatch = (b == (headerMatch % 2 == 0 ? '\r' : '\n')) ? headerMatch + 1 : (b == '\r' ? 1 : 0);
                    if (headerMatch == 4) {
                        part = Part.SIZE;
                    }
                }
                case SIZE -> {
                    if (b == '\n') {
                        part = chunkLeft == 0 ? Part.DATA_END : Part.DATA;
                    }
                    else if (b != '\r' && b != ';') {
                        chunkLeft = chunkLeft * 16 + Character.digit(b, 16);
                    }
                }
                case DATA -> {
                    lineByte(b, now);
                    if (--chunkLeft == 0) {
                        part = Part.DATA_END;
                    }
                }
                case DATA_END -> {
                    if (b == '\n') {
                        part = Part.SIZE;
                    }
                }
            }
        }

        private void lineByte(byte b, long now) {
            if (b != '\n') {
                if (length < line.length) {
                    line[length++] = b;
                }
                return;
            }
            if (length > 5 && line[0] == 'd' && line[4] == ':') {
                int from = line[5] == ' ' ? 6 : 5;
                data.append(new String(line, from, length - from, StandardCharsets.UTF_8));
            }
            else if (length == 0 && data.length() > 0) {
                dispatch(data.toString(), now);
                data.setLength(0);
            }
            else if (!open && length >= 11 && new String(line, 0, 11, StandardCharsets.US_ASCII).equals(": connected")) {
                open = true;
                onOpen.run();
            }
            length = 0;
        }

        private void dispatch(String json, long now) {
            events.incrementAndGet();
            var name = NAME.matcher(json);
            var desired = DESIRED.matcher(json);
            if (!name.find() || !desired.find()) {
                return;
            }
            int d = Integer.parseInt(name.group(1).substring("bench-".length()));
            if (d >= deployments) {
                return;
            }
            int value = Integer.parseInt(desired.group(1));
            // status updates repeat the desired count; only the first event showing a round's new value counts
            if (nextRound[d] < rounds && desired(nextRound[d]) == value) {
                receivedAt[d][nextRound[d]++] = now;
                delivered++;
            }
        }

        void closed() {
            if (open) {
                connected.decrementAndGet();
            }
        }
    }

    long delivered() {
        return streams.stream().mapToLong(stream -> stream.delivered).sum();
    }

    long[] sortedLatencies() {
        var all = new ArrayList<Long>();
        for (var stream : streams) {
            for (int d = 0; d < deployments; d++) {
                for (int r = 0; r < rounds; r++) {
                    if (stream.receivedAt[d][r] > 0 && sentAt[d][r] > 0) {
                        all.add(stream.receivedAt[d][r] - sentAt[d][r]);
                    }
                }
            }
        }
        return all.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** Heap and live-stream figures from /actuator/prometheus (needs an admin), RSS from ps. */
    Map<String, Double> metrics() {
        var result = new HashMap<String, Double>();
        try {
            var body = http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (var line : body.split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                var value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (line.startsWith("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
                    result.merge("heap", value, Double::sum);
                }
                for (var name : List.of("portal_sse_connections", "portal_sse_clients_dropped_total",
                        "portal_sse_events_sent_total")) {
                    if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                        result.put(name, value);
                    }
                }
            }
        }
        catch (Exception ex) {
            log("no metrics from /actuator/prometheus: %s", ex);
        }
        var pid = options.get("pid");
        if (pid != null && !pid.isBlank()) {
            try {
                var ps = new ProcessBuilder("ps", "-o", "rss=", "-p", pid).start();
                var rss = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                ps.waitFor();
                result.put("rss", Double.parseDouble(rss) * 1024);
            }
            catch (Exception ex) {
                log("no RSS for pid %s: %s", pid, ex);
            }
        }
        return result;
    }

    void print(long expected, Map<String, Double> before, Map<String, Double> after) {
        var sorted = sortedLatencies();
        System.out.println();
        System.out.println("=== SSE fan-out ===");
        System.out.printf("clients connected      %d / %d (failed %d)%n", connected.get(), clients, failed.get());
        System.out.printf("changes                %d (%d deployments x %d rounds), %s%n", deployments * rounds,
                deployments, rounds, pace);
        System.out.printf("events delivered       %d / %d expected (%d lost); %d events read in total%n",
                delivered(), expected, expected - delivered(), events.get());
        System.out.printf("latency change→receipt p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (from %s)%n",
                percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
                sorted.length == 0 ? -1 : sorted[sorted.length - 1], timing);
        System.out.printf("portal heap used       %s before, %s after the burst%n", mib(before.get("heap")),
                mib(after.get("heap")));
        System.out.printf("portal RSS             %s before, %s after%n", mib(before.get("rss")), mib(after.get("rss")));
        System.out.printf("portal_sse_connections %s, clients dropped %s%n", after.get("portal_sse_connections"),
                after.get("portal_sse_clients_dropped_total"));
    }

    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static String mib(Double bytes) {
        return bytes == null ? "n/a" : String.format("%.0f MiB", bytes / 1024 / 1024);
    }

    static void log(String format, Object... args) {
        System.out.printf("[%tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    }
}
