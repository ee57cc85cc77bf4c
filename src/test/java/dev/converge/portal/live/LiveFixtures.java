package dev.converge.portal.live;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.security.Role;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import tools.jackson.databind.json.JsonMapper;

/** Users, properties, hubs and informers for the live tests, and for the tests of the features' live publishers. */
public final class LiveFixtures {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private LiveFixtures() {
    }

    /** Portal properties with their defaults, plus the given {@code portal.*} overrides. */
    public static PortalProperties properties(Map<String, String> overrides) {
        var map = new HashMap<String, String>();
        overrides.forEach((key, value) -> map.put("portal." + key, value));
        return new Binder(new MapConfigurationPropertySource(map)).bindOrCreate("portal", PortalProperties.class);
    }

    /** The portal's templates and messages, as the live publishers render them. */
    public static LiveFragments fragments() {
        var resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        var messages = new ResourceBundleMessageSource();
        messages.setBasenames("messages", "messages-chat", "messages-rag", "messages-mlflow", "messages-cost",
                "messages-production", "messages-trust", "messages-architecture");
        messages.setDefaultEncoding("UTF-8");
        var engine = new SpringTemplateEngine();
        engine.setTemplateResolver(resolver);
        engine.setTemplateEngineMessageSource(messages);
        return new LiveFragments(engine);
    }

    /**
     * Informers of the given client, one per type a publisher listens to; the caller closes them
     * ({@code opened}) after the test.
     */
    public static InformerSource informersOf(KubernetesClient client, List<SharedIndexInformer<?>> opened) {
        return new InformerSource() {
            @Override
            public <T extends HasMetadata> void addListener(Class<T> type, ResourceEventHandler<T> handler) {
                opened.add(client.resources(type).inAnyNamespace().inform(handler));
            }
        };
    }

    /** The informer source as a publisher's constructor takes it. */
    public static ObjectProvider<InformerSource> providerOf(InformerSource source) {
        var beans = new StaticListableBeanFactory();
        beans.addBean("informers", source);
        return beans.getBeanProvider(InformerSource.class);
    }

    static CurrentUser member(String username, String namespace) {
        return new CurrentUser(username, Set.of(Role.DEVELOPER), new TreeSet<>(List.of(namespace)),
                new TreeSet<>(List.of(namespace)));
    }

    static CurrentUser admin() {
        return new CurrentUser("admin", Set.of(Role.ADMIN), new TreeSet<>(), new TreeSet<>());
    }

    static SseHub hub(Map<String, String> overrides, LiveScheduler scheduler, SimpleMeterRegistry meters) {
        return new SseHub(properties(overrides), scheduler, JSON, meters);
    }

    static LiveEvent deploymentRow(String namespace, String name, String html) {
        return LiveEvent.inNamespace(LiveTopic.DEPLOYMENTS, namespace, "deployment-row-" + namespace + "-" + name,
                html, Map.of("name", name));
    }

    /** The teams' namespaces of the test profile, created in a mock API server (again, when a test ran before). */
    public static void createTeamNamespaces(KubernetesClient client) {
        for (var namespace : List.of("vision", "language")) {
            client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                    .withName(namespace).endMetadata().build()).createOr(existing -> existing.update());
        }
    }

    /** Stops what a publisher test started: its informers and its live scheduler. */
    /**
     * Closes the informers, the scheduler and the client, in that order, before the mock API server shuts down: a
     * watch still open on the client holds the server's shutdown until it gives up ("Unable to close MockWebServer").
     */
    public static void stop(KubernetesClient client, List<SharedIndexInformer<?>> informers, LiveScheduler scheduler) {
        informers.forEach(SharedIndexInformer::close);
        scheduler.destroy();
        client.close();
    }
}
