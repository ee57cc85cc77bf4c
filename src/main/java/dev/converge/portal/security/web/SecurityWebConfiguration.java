package dev.converge.portal.security.web;

import java.util.List;

import dev.converge.portal.security.CurrentUsers;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class SecurityWebConfiguration implements WebMvcConfigurer {

    private final CurrentUsers currentUsers;

    SecurityWebConfiguration(CurrentUsers currentUsers) {
        this.currentUsers = currentUsers;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CurrentUserArgumentResolver(currentUsers));
    }
}
