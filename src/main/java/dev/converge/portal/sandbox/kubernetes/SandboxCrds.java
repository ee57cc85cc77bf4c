package dev.converge.portal.sandbox.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Installs the portal's own CustomResourceDefinitions (generated at build time into {@code classpath:crds/}, the
 * same files as the Helm chart's {@code crds/}) into the sandbox API server at every start, so a sandbox restored
 * from an older snapshot gets the current schema.
 */
final class SandboxCrds {

    static final String LOCATION = "classpath*:crds/*.yml";
    private static final String HASH_ANNOTATION = "converge.dev/sandbox-installed-hash";
    private static final Logger log = LoggerFactory.getLogger(SandboxCrds.class);

    private SandboxCrds() {
    }

    static int install(io.fabric8.kubernetes.client.Config config) {
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            int installed = 0;
            for (var resource : new PathMatchingResourcePatternResolver().getResources(LOCATION)) {
                try (var in = resource.getInputStream()) {
                    var text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    var crd = Serialization.unmarshal(text, CustomResourceDefinition.class);
                    // installed as it is already: no write, so an unchanged sandbox is not saved again
                    var hash = Integer.toHexString(text.hashCode());
                    var existing = client.apiextensions().v1().customResourceDefinitions()
                            .withName(crd.getMetadata().getName()).get();
                    if (existing != null && existing.getMetadata().getAnnotations() != null
                            && hash.equals(existing.getMetadata().getAnnotations().get(HASH_ANNOTATION))) {
                        continue;
                    }
                    var annotations = new java.util.HashMap<String, String>();
                    if (crd.getMetadata().getAnnotations() != null) {
                        annotations.putAll(crd.getMetadata().getAnnotations());
                    }
                    annotations.put(HASH_ANNOTATION, hash);
                    crd.getMetadata().setAnnotations(annotations);
                    client.apiextensions().v1().customResourceDefinitions().resource(crd)
                            .createOr(NonDeletingOperation::update);
                    installed++;
                }
            }
            log.info("Sandbox: installed {} custom resource definitions of the portal", installed);
            return installed;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the portal's CRDs from " + LOCATION, e);
        }
    }
}
