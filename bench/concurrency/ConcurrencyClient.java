// Concurrency check for Converge Portal's deployments. Single file, JDK 17+, java.net.http only:
//   java ConcurrencyClient.java --url http://127.0.0.1:8080 --user admin --password secret --kubeconfig k
// N clients create, update, scale and delete a shared set of names (and names of their own) for a fixed time; then
// the portal's list, kubectl and the audit log are compared. Prints the counts; exits 1 when it finds an orphan, a
// lost acknowledged write, a name only kubectl can free, or an audit log that disagrees with the answers.
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

public class ConcurrencyClient {

    static final Pattern CSRF = Pattern.compile(
            "<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"|<input[^>]*value=\"([^\"]+)\"[^>]*name=\"_csrf\"");
    static final Pattern META_CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
    static final Pattern META_HEADER = Pattern.compile("<meta name=\"_csrf_header\" content=\"([^\"]+)\"");
    static final Pattern VERSION = Pattern.compile("\"resourceVersion\":\"([^\"]+)\"");
    static final Pattern ITEM_NAME = Pattern.compile("\"namespace\":\"[^\"]+\",\"name\":\"([^\"]+)\"");
    static final Pattern AUDIT = Pattern.compile(
            "\"action\":\"(deployment\\.[a-z]+)\",\"target\":\"[^\"/]+/([^\"]+)\",\"outcome\":\"([A-Z]+)\"");

    /** One answered request: which name, what, the status, and when it started and ended (nanoTime). */
    record Call(String name, String op, int status, long start, long end) {
    }

    final Map<String, String> options;
    final String url;
    final String namespace;
    final String prefix;
    final HttpClient http;
    final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    String token;
    String csrfHeader = "X-CSRF-TOKEN";
    String csrf;

    ConcurrencyClient(Map<String, String> options) {
        this.options = options;
        this.url = options.getOrDefault("url", "http://127.0.0.1:8080");
        this.namespace = options.getOrDefault("namespace", "vision");
        this.prefix = "cc" + Long.toString(System.currentTimeMillis() % 1_000_000, 36) + "-";
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static void main(String[] args) throws Exception {
        var options = new HashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        var client = new ConcurrencyClient(options);
        client.signIn();
        int clients = Integer.parseInt(options.getOrDefault("clients", "50"));
        int shared = Integer.parseInt(options.getOrDefault("names", "10"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
        var sharedNames = new ArrayList<String>();
        for (int i = 0; i < shared; i++) {
            sharedNames.add(client.prefix + "shared-" + i);
        }
        System.out.printf("== %d clients, %d shared names (prefix %s) + unique names, %d s, namespace %s%n",
                clients, shared, client.prefix, seconds, client.namespace);
        client.drive(clients, sharedNames, seconds);
        client.printAnswers();
        System.out.println("== Settling 5 s (informer caches, garbage collection)");
        Thread.sleep(5000);
        int problems = client.compare(sharedNames);
        System.exit(problems == 0 ? 0 : 1);
    }

    // ---- load ----

    void drive(int clients, List<String> sharedNames, int seconds) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        var threads = new ArrayList<Thread>();
        for (int c = 0; c < clients; c++) {
            int id = c;
            var thread = new Thread(() -> {
                var random = ThreadLocalRandom.current();
                int own = 0;
                while (System.nanoTime() < until) {
                    // Half the clients share names; the others work on names of their own, one at a time.
                    boolean sharing = id % 2 == 0;
                    var name = sharing ? sharedNames.get(random.nextInt(sharedNames.size()))
                            : prefix + "u" + id + "-" + own;
                    try {
                        if (sharing) {
                            switch (random.nextInt(5)) {
                                case 0, 1 -> create(name, random.nextBoolean());
                                case 2 -> update(name);
                                case 3 -> scale(name, random.nextInt(3));
                                default -> delete(name);
                            }
                        } else {
                            create(name, random.nextBoolean());
                            update(name);
                            scale(name, random.nextInt(3));
                            if (random.nextInt(3) > 0) {
                                delete(name);
                            }
                            own++;
                        }
                    } catch (IOException | InterruptedException e) {
                        calls.add(new Call(name, "io-error", -1, System.nanoTime(), System.nanoTime()));
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (var thread : threads) {
            thread.join();
        }
    }

    void create(String name, boolean autoscaling) throws IOException, InterruptedException {
        var extra = autoscaling ? "\"autoscaling\": {\"enabled\": true, \"minReplicas\": 1, \"maxReplicas\": 2}"
                : "\"replicas\": 1";
        call(name, "create", "POST", "/deployments", spec(name, "registry.local/bench/server:1.0", extra));
    }

    void update(String name) throws IOException, InterruptedException {
        var read = send("GET", "/deployments/" + namespace + "/" + name, null);
        var version = VERSION.matcher(read.body());
        if (read.statusCode() != 200 || !version.find()) {
            return;
        }
        var tag = ThreadLocalRandom.current().nextInt(1, 9);
        call(name, "update", "PUT", "/deployments/" + namespace + "/" + name, spec(name,
                "registry.local/bench/server:" + tag + ".0", "\"replicas\": 1, \"resourceVersion\": \""
                        + version.group(1) + "\""));
    }

    void scale(String name, int replicas) throws IOException, InterruptedException {
        call(name, "scale", "POST", "/deployments/" + namespace + "/" + name + "/scale",
                "{\"replicas\": " + replicas + "}");
    }

    void delete(String name) throws IOException, InterruptedException {
        call(name, "delete", "DELETE", "/deployments/" + namespace + "/" + name, null);
    }

    String spec(String name, String image, String extra) {
        return """
                {"namespace": "%s", "name": "%s", "image": "%s", "protocol": "openai", "port": 8080,
                 "resources": {"cpu": "10m", "memory": "16Mi"}, %s}""".formatted(namespace, name, image, extra);
    }

    void call(String name, String op, String method, String path, String body)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        var response = send(method, path, body);
        calls.add(new Call(name, op, response.statusCode(), start, System.nanoTime()));
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        } else if (!"GET".equals(method)) {
            request.header(csrfHeader, csrf);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    void signIn() throws IOException, InterruptedException {
        token = options.get("token");
        if (token != null && !token.isBlank()) {
            return;
        }
        token = null;
        var password = options.get("password");
        if (password == null) {
            throw new IllegalArgumentException("--token or --password is required");
        }
        var page = http.send(HttpRequest.newBuilder(URI.create(url + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        var matcher = CSRF.matcher(page.body());
        if (!matcher.find()) {
            throw new IllegalStateException("No _csrf input on " + url + "/login (HTTP " + page.statusCode() + ")");
        }
        var loginToken = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
        var form = "username=" + enc(options.getOrDefault("user", "admin")) + "&password=" + enc(password)
                + "&_csrf=" + enc(loginToken);
        var response = http.send(HttpRequest.newBuilder(URI.create(url + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        var location = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("Sign-in refused (HTTP " + response.statusCode() + " " + location + ")");
        }
        var home = http.send(HttpRequest.newBuilder(URI.create(url + "/deployments")).header("Accept", "text/html")
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        var value = META_CSRF.matcher(home);
        var header = META_HEADER.matcher(home);
        if (!value.find()) {
            throw new IllegalStateException("No <meta name=\"_csrf\"> on /deployments");
        }
        csrf = value.group(1);
        if (header.find()) {
            csrfHeader = header.group(1);
        }
    }

    // ---- report ----

    void printAnswers() {
        var byOp = new TreeMap<String, TreeMap<Integer, Integer>>();
        calls.forEach(call -> byOp.computeIfAbsent(call.op(), op -> new TreeMap<>()).merge(call.status(), 1,
                Integer::sum));
        System.out.println("== Answers (operation: status × count)");
        byOp.forEach((op, statuses) -> System.out.println("   " + op + ": " + statuses));
    }

    /** Compares kubectl, the portal's list and the audit log with the answers; returns the number of problems. */
    int compare(List<String> sharedNames) throws Exception {
        var kube = kubectlObjects();
        var deployments = kube.getOrDefault("deployment", Set.of());
        var services = kube.getOrDefault("service", Set.of());
        var autoscalers = kube.getOrDefault("horizontalpodautoscaler", Set.of());
        var listed = portalList();

        var orphans = new TreeSet<String>();
        for (var name : services) {
            if (!deployments.contains(name)) {
                orphans.add("Service without Deployment: " + name);
            }
        }
        for (var name : autoscalers) {
            if (!deployments.contains(name)) {
                orphans.add("HPA without Deployment: " + name);
            }
        }
        for (var name : deployments) {
            if (!services.contains(name)) {
                orphans.add("Deployment without Service: " + name);
            }
        }
        var listMismatch = new TreeSet<String>();
        for (var name : deployments) {
            if (!listed.contains(name)) {
                listMismatch.add("in kubectl, not in the portal's list: " + name);
            }
        }
        for (var name : listed) {
            if (!deployments.contains(name)) {
                listMismatch.add("in the portal's list, not in kubectl: " + name);
            }
        }

        var lost = new TreeSet<String>();
        var byName = new TreeMap<String, List<Call>>();
        calls.forEach(call -> byName.computeIfAbsent(call.name(), n -> new ArrayList<>()).add(call));
        for (var entry : byName.entrySet()) {
            var name = entry.getKey();
            var acked = entry.getValue().stream().filter(ConcurrencyClient::acknowledgedWrite)
                    .max(Comparator.comparingLong(Call::start));
            if (acked.isEmpty() || deployments.contains(name)) {
                continue;
            }
            var write = acked.get();
            boolean deletedAfter = entry.getValue().stream().anyMatch(call -> call.op().equals("delete")
                    && call.status() == 204 && call.end() >= write.start());
            if (!deletedAfter) {
                lost.add(name + " (" + write.op() + " answered " + write.status() + ", no acknowledged delete after)");
            }
        }
        var undeleted = new TreeSet<String>();
        for (var entry : byName.entrySet()) {
            var name = entry.getKey();
            if (!deployments.contains(name)) {
                continue;
            }
            var lastCreate = entry.getValue().stream().filter(c -> c.op().equals("create") && c.status() == 201)
                    .mapToLong(Call::end).max().orElse(Long.MIN_VALUE);
            boolean deleteAfter = entry.getValue().stream().anyMatch(c -> c.op().equals("delete")
                    && c.status() == 204 && c.start() > lastCreate);
            if (deleteAfter) {
                undeleted.add(name + " (deleted with 204 after its last create, still there)");
            }
        }

        var audit = auditCounts();
        var answered = new TreeMap<String, Integer>();
        calls.forEach(call -> {
            if (call.status() / 100 == 2) {
                answered.merge("deployment." + call.op(), 1, Integer::sum);
            }
        });
        var auditMismatch = new TreeSet<String>();
        for (var action : List.of("deployment.create", "deployment.update", "deployment.scale",
                "deployment.delete")) {
            int ok = answered.getOrDefault(action, 0);
            int logged = audit.getOrDefault(action + " SUCCESS", 0);
            if (ok != logged) {
                auditMismatch.add(action + ": " + ok + " answered 2xx, " + logged + " audited SUCCESS");
            }
        }

        var stuck = new TreeSet<String>();
        var toFree = new TreeSet<String>(sharedNames);
        toFree.addAll(deployments);
        toFree.addAll(services);
        toFree.addAll(autoscalers);
        for (var name : toFree) {
            if (!freeThroughPortal(name)) {
                stuck.add(name);
            }
        }
        var after = kubectlObjects();
        after.values().forEach(names -> names.forEach(name -> stuck.add(name + " (left after the cleanup)")));

        System.out.println("== Comparison");
        System.out.printf("   at the end: %d deployments, %d services, %d HPAs (kubectl); %d in the portal's list%n",
                deployments.size(), services.size(), autoscalers.size(), listed.size());
        System.out.println("   audit log: " + audit);
        report("orphans (Service/HPA without Deployment and vice versa)", orphans);
        report("portal list vs kubectl", listMismatch);
        report("acknowledged writes lost", lost);
        report("acknowledged deletes undone", undeleted);
        report("audit log vs answers", auditMismatch);
        report("names only kubectl can free", stuck);
        return orphans.size() + listMismatch.size() + lost.size() + undeleted.size() + auditMismatch.size()
                + stuck.size();
    }

    static boolean acknowledgedWrite(Call call) {
        return (call.op().equals("create") && call.status() == 201)
                || ((call.op().equals("update") || call.op().equals("scale")) && call.status() == 200);
    }

    static void report(String what, Set<String> found) {
        System.out.printf("   %s: %d%n", what, found.size());
        found.stream().limit(10).forEach(item -> System.out.println("      " + item));
    }

    /** Through the portal only: delete what is there (204), create it again (201), delete that (204). */
    boolean freeThroughPortal(String name) throws Exception {
        var path = "/deployments/" + namespace + "/" + name;
        var first = send("DELETE", path, null).statusCode();
        if (first != 204 && first != 404) {
            return false;
        }
        for (int attempt = 0; attempt < 20; attempt++) {
            var created = send("POST", "/deployments", spec(name, "registry.local/bench/server:1.0",
                    "\"replicas\": 0")).statusCode();
            if (created == 201) {
                return send("DELETE", path, null).statusCode() == 204;
            }
            Thread.sleep(250); // the portal's cache may still list the deleted one: its answer is 409 then
        }
        return false;
    }

    Map<String, Set<String>> kubectlObjects() throws Exception {
        var process = new ProcessBuilder("kubectl", "--kubeconfig", options.get("kubeconfig"), "-n", namespace,
                "--request-timeout=30s", "get", "deployments,services,horizontalpodautoscalers",
                "-l", "converge.dev/kind=model", "-o", "name").redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("kubectl failed: " + output);
        }
        var objects = new TreeMap<String, Set<String>>();
        for (var line : output.split("\n")) {
            var slash = line.indexOf('/');
            if (slash < 0 || !line.substring(slash + 1).startsWith(prefix)) {
                continue;
            }
            var kind = line.substring(0, slash).replaceFirst("\\..*", "");
            objects.computeIfAbsent(kind, k -> new TreeSet<>()).add(line.substring(slash + 1).strip());
        }
        return objects;
    }

    Set<String> portalList() throws Exception {
        var names = new TreeSet<String>();
        for (int page = 0; page < 1000; page++) {
            var body = send("GET", "/deployments?namespace=" + namespace + "&q=" + prefix + "&size=100&page=" + page,
                    null).body();
            var matcher = ITEM_NAME.matcher(body);
            int found = 0;
            while (matcher.find()) {
                if (matcher.group(1).startsWith(prefix)) {
                    names.add(matcher.group(1));
                }
                found++;
            }
            if (found < 100) {
                break;
            }
        }
        return names;
    }

    /** "action OUTCOME" → count, for this run's names (the audit log needs an ADMIN). */
    Map<String, Integer> auditCounts() throws Exception {
        var counts = new TreeMap<String, Integer>();
        for (int page = 0; page < 100_000; page++) {
            var response = send("GET", "/audit?action=deployment.&size=100&page=" + page, null);
            if (response.statusCode() != 200) {
                counts.put("unreadable (HTTP " + response.statusCode() + ")", 1);
                break;
            }
            var matcher = AUDIT.matcher(response.body());
            int found = 0;
            while (matcher.find()) {
                found++;
                if (matcher.group(2).startsWith(prefix)) {
                    counts.merge(matcher.group(1) + " " + matcher.group(3), 1, Integer::sum);
                }
            }
            if (found < 100) {
                break;
            }
        }
        return counts;
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
