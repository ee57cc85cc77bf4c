package dev.converge.portal.chat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * When a message was received, by the clock and by the request thread's CPU time: what the portal does before the
 * model is called is measured both ways, the CPU time being the figure a loaded machine does not blur.
 */
record Received(long wallNanos, long cpuNanos) {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static Received now() {
        return new Received(System.nanoTime(), cpuTime());
    }

    long wallSince() {
        return System.nanoTime() - wallNanos;
    }

    /** CPU time of the current thread (the one that received the message) since; 0 when the JVM cannot tell. */
    long cpuSince() {
        return cpuNanos < 0 ? 0 : Math.max(0, cpuTime() - cpuNanos);
    }

    private static long cpuTime() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }
}
