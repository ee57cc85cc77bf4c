package dev.converge.portal.platform.kubernetes.web;

import java.time.Clock;
import java.time.format.DateTimeFormatter;

import dev.converge.portal.platform.kubernetes.cache.StaleData;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts {@code staleData} ({@code asOf}, {@code HH:mm}) into the model of a page whose data came from a Kubernetes
 * cache that does not follow the cluster right now; the layout shows it as a note. After the handler, because the
 * reads happen there.
 */
@Configuration(proxyBeanMethods = false)
class StaleDataNotes implements WebMvcConfigurer, HandlerInterceptor {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final Clock clock;

    /** The clock is optional so that a feature's {@code @WebMvcTest} slice needs no extra bean. */
    StaleDataNotes(ObjectProvider<Clock> clock) {
        this.clock = clock.getIfAvailable(Clock::systemDefaultZone);
    }

    /** What the layout shows. */
    record Note(String asOf, String since) {
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                           ModelAndView modelAndView) {
        if (modelAndView == null || !modelAndView.hasView() && modelAndView.getViewName() == null) {
            return;
        }
        StaleData.ofCurrentRequest().ifPresent(stale -> modelAndView.addObject("staleData",
                new Note(TIME.format(stale.since().atZone(clock.getZone())), stale.since().toString())));
    }
}
