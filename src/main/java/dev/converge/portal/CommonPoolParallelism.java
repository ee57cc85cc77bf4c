package dev.converge.portal;

/**
 * On a machine or pod with one or two CPUs the JDK sizes its common fork-join pool to a single thread, and
 * {@code CompletableFuture} then gives up on the pool: every asynchronous step without an executor of its own starts
 * a new thread. The JDK's HTTP client adds such a step to each {@code sendAsync}, so every streamed chat started a
 * thread when it ended (3,400 threads in one benchmark run on 2 cores). A pool of two keeps them pooled. Must run
 * before anything touches the common pool; a parallelism the operator set is left alone.
 */
final class CommonPoolParallelism {

    static final String PROPERTY = "java.util.concurrent.ForkJoinPool.common.parallelism";
    private static final String AT_LEAST = "2";

    private CommonPoolParallelism() {
    }

    static void configure() {
        var parallelism = forMachine(Runtime.getRuntime().availableProcessors(), System.getProperty(PROPERTY));
        if (parallelism != null) {
            System.setProperty(PROPERTY, parallelism);
        }
    }

    /** The parallelism to set, or null to keep the JDK's choice (more than two CPUs) or the operator's. */
    static String forMachine(int cpus, String configured) {
        return configured == null && cpus <= 2 ? AT_LEAST : null;
    }
}
