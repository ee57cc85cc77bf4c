package dev.converge.portal.live;

/** Where features hand their live updates; never blocks on slow clients. */
@FunctionalInterface
public interface LiveEventPublisher {

    void publish(LiveEvent event);
}
