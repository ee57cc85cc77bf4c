package dev.converge.portal.health.web;

import java.util.List;

/** What the layout shows about the platform itself: the sandbox badge and one alert per component that is down. */
public record PlatformView(boolean sandbox, List<String> alerts) {

    public PlatformView {
        alerts = List.copyOf(alerts);
    }
}
