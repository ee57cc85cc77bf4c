// List-page load client for Converge Portal. Single file, JDK 17+, java.net.http only:
//   java LoadClient.java --url http://127.0.0.1:8080 --user admin --password secret --clients 20 --seconds 30
// Signs in through the login form, then drives GET /deployments as HTML (first page) and as JSON with N concurrent
// clients for a fixed time each, and prints latency percentiles, throughput, the portal's heap and how many requests
// the sandbox API server served meanwhile (all from /actuator/prometheus, which needs an ADMIN).
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

public class LoadClient {

    static final Pattern CSRF = Pattern.compile(
            "<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"|<input[^>]*value=\"([^\"]+)\"[^>]*name=\"_csrf\"");
    static final Pattern TOTAL = Pattern.compile("\"total(?:Items)?\":(\\d+)");
    static final Pattern API_REQUESTS = Pattern.compile(
            "^portal_sandbox_apiserver_requests_total\\{[^}]*method=\"([A-Z]+)\"[^}]*} ([0-9.eE+-]+)$");

    final Map<String, String> options;
    final String url;
    final HttpClient http;

    LoadClient(Map<String, String> options) {
        this.options = options;
        this.url = options.getOrDefault("url", "http://127.0.0.1:8080");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static void main(String[] args) throws Exception {
        var options = new HashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        var client = new LoadClient(options);
        client.signIn(options.getOrDefault("user", "admin"), options.get("password"));
        int clients = Integer.parseInt(options.getOrDefault("clients", "20"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
        int idle = Integer.parseInt(options.getOrDefault("idle", "10"));
        int expected = Integer.parseInt(options.getOrDefault("expect-deployments", "0"));

        client.awaitDeployments(expected);
        var background = client.idleBaseline(idle);
        var results = new ArrayList<Result>();
        for (var kind : options.getOrDefault("formats", "text/html,application/json").split(",")) {
            results.add(client.drive(kind, clients, warmup, seconds, background));
        }
        System.out.println();
        System.out.println("=== Deployment list pages ===");
        System.out.printf("%d clients, %d s each after %d s warm-up; background API-server rate %.1f req/s"
                + " (measured idle for %d s)%n", clients, seconds, warmup, background, idle);
        results.forEach(Result::print);
        System.exit(0);
    }

    void signIn(String user, String password) throws IOException, InterruptedException {
        if (password == null) {
            throw new IllegalArgumentException("--password is required");
        }
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

    /** Waits (up to 5 minutes) until the portal's cache lists the seeded deployments. */
    void awaitDeployments(int expected) throws Exception {
        long until = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        int total = -1;
        while (System.nanoTime() < until) {
            var body = get("application/json").body();
            var matcher = TOTAL.matcher(body);
            total = matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
            if (total >= expected) {
                log("the portal lists %d deployments", total);
                return;
            }
            log("the portal lists %d deployments, waiting for %d", total, expected);
            Thread.sleep(2000);
        }
        throw new IllegalStateException("The portal lists " + total + " deployments, not " + expected);
    }

    /** API-server requests per second while nobody loads pages: informer watches, the simulation, kubectl. */
    double idleBaseline(int seconds) throws Exception {
        var before = metrics();
        Thread.sleep(seconds * 1000L);
        var after = metrics();
        return (total(after.apiRequests) - total(before.apiRequests)) / (double) seconds;
    }

    Result drive(String accept, int clients, int warmupSeconds, int seconds, double background) throws Exception {
        log("%s: %d s warm-up", accept, warmupSeconds);
        run(accept, clients, warmupSeconds, null);
        var before = metrics();
        log("%s: %d clients for %d s", accept, clients, seconds);
        var latencies = new ConcurrentLinkedQueue<Long>();
        var heap = new AtomicLong();
        // A flag, not the interrupt: an interrupt landing inside the metrics request is swallowed there.
        var sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
        var sampler = new Thread(() -> {
            while (sampling.get()) {
                heap.accumulateAndGet((long) metrics().heap, Math::max);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long started = System.nanoTime();
        var errors = run(accept, clients, seconds, latencies);
        double elapsed = (System.nanoTime() - started) / 1e9;
        sampling.set(false);
        sampler.interrupt();
        sampler.join();
        var after = metrics();
        var byMethod = new TreeMap<String, Double>();
        after.apiRequests.forEach((method, count) ->
                byMethod.put(method, count - before.apiRequests.getOrDefault(method, 0.0)));
        var sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(accept, sorted, errors, elapsed, Math.max(heap.get(), (long) after.heap), byMethod,
                background, (after.cpuNanos - before.cpuNanos) / 1e6);
    }

    /** Runs {@code clients} threads, each sending requests back to back until the time is up; returns the errors. */
    long run(String accept, int clients, int seconds, ConcurrentLinkedQueue<Long> latencies) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        var errors = new AtomicLong();
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < clients; i++) {
            var thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try {
                        var response = get(accept);
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                            continue;
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (latencies != null) {
                        latencies.add((System.nanoTime() - start) / 1000);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (var thread : threads) {
            thread.join();
        }
        return errors.get();
    }

    HttpResponse<String> get(String accept) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url + "/deployments")).header("Accept", accept)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** cpuNanos: the portal process's CPU time, which other load on a shared machine does not inflate. */
    record Metrics(double heap, Map<String, Double> apiRequests, double cpuNanos) {
    }

    Metrics metrics() {
        double heap = 0;
        double cpu = 0;
        var api = new TreeMap<String, Double>();
        try {
            var body = http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (var line : body.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
                    heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
                if (line.startsWith("process_cpu_time_ns_total ")) {
                    cpu = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
                var matcher = API_REQUESTS.matcher(line);
                if (matcher.matches()) {
                    api.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
                }
            }
        } catch (Exception e) {
            log("no metrics from /actuator/prometheus: %s", e);
        }
        if (api.isEmpty()) {
            log("no portal_sandbox_apiserver_requests_total in /actuator/prometheus (is the portal in sandbox mode?)");
        }
        return new Metrics(heap, api, cpu);
    }

    static double total(Map<String, Double> counts) {
        return counts.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    record Result(String accept, long[] micros, long errors, double seconds, long heapMax,
                  Map<String, Double> apiRequests, double background, double cpuMillis) {

        void print() {
            double api = total(apiRequests);
            double expectedBackground = background * seconds;
            System.out.printf("%n%s GET /deployments%n", accept);
            System.out.printf("  requests      %d ok, %d errors in %.1f s: %.0f req/s%n", micros.length, errors,
                    seconds, micros.length / seconds);
            System.out.printf("  latency       p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    percentile(50), percentile(95), percentile(99),
                    micros.length == 0 ? -1 : micros[micros.length - 1] / 1000.0);
            System.out.printf("  portal CPU    %.2f ms per request (%.0f ms of CPU time in the run, all threads)%n",
                    micros.length == 0 ? 0 : cpuMillis / micros.length, cpuMillis);
            System.out.printf("  portal heap   max %.0f MiB used (sampled every second)%n", heapMax / 1024.0 / 1024);
            System.out.printf("  API server    %.0f requests during the run %s; background alone would be ~%.0f"
                    + " -> %.4f per page view%n", api, apiRequests, expectedBackground,
                    micros.length == 0 ? 0 : Math.max(0, api - expectedBackground) / micros.length);
        }

        double percentile(int p) {
            if (micros.length == 0) {
                return -1;
            }
            return micros[Math.min(micros.length - 1, (int) Math.ceil(p / 100.0 * micros.length) - 1)] / 1000.0;
        }
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static void log(String format, Object... args) {
        System.out.printf("[%tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    }
}
