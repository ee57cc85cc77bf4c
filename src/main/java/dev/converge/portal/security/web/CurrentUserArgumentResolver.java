package dev.converge.portal.security.web;

import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.security.CurrentUsers;
import org.springframework.core.MethodParameter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets controllers take a {@link CurrentUser} parameter; an anonymous request never reaches one. */
class CurrentUserArgumentResolver implements HandlerMethodArgumentResolver {

    private final CurrentUsers currentUsers;

    CurrentUserArgumentResolver(CurrentUsers currentUsers) {
        this.currentUsers = currentUsers;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().equals(CurrentUser.class);
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        return currentUsers.current().orElseThrow(() -> new AccessDeniedException("Sign in first"));
    }
}
