package dev.converge.portal.live;

import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Live publishers listen on the portal's shared informers, never on informers of their own. */
@Configuration(proxyBeanMethods = false)
class LiveConfiguration {

    @Bean
    InformerSource informerSource(KubernetesCaches caches) {
        return caches::addListener;
    }
}
