package dev.converge.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

import org.junit.jupiter.api.Test;

class CommonPoolParallelismTests {

    @Test
    void oneOrTwoCpusGetACommonPoolOfTwoUnlessTheOperatorChose() {
        assertThat(CommonPoolParallelism.forMachine(1, null)).isEqualTo("2");
        assertThat(CommonPoolParallelism.forMachine(2, null)).isEqualTo("2");
        assertThat(CommonPoolParallelism.forMachine(4, null)).isNull();
        assertThat(CommonPoolParallelism.forMachine(2, "1")).isNull();
    }

    /** In a JVM that sees two CPUs: without the setting every async step starts a thread; with it, the pool runs it. */
    @Test
    void onTwoCpusAsyncStepsRunInThePoolInsteadOfANewThreadEach() throws Exception {
        assertThat(defaultExecutorOnTwoCpus(false)).contains("ThreadPerTaskExecutor");
        assertThat(defaultExecutorOnTwoCpus(true)).isEqualTo(ForkJoinPool.class.getName());
    }

    private static String defaultExecutorOnTwoCpus(boolean configured) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ActiveProcessorCount=2", "-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        if (configured) {
            command.add("configure");
        }
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }

    /** Run in its own JVM: the common pool is sized once, when first used. */
    static final class Probe {
        public static void main(String[] args) {
            if (args.length > 0) {
                CommonPoolParallelism.configure();
            }
            System.out.println(new CompletableFuture<Void>().defaultExecutor().getClass().getName());
        }
    }
}
