package dev.converge.portal.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The revision history in the database, written by several users' changes of one deployment at once. */
@SpringBootTest
@ActiveProfiles("test")
class DeploymentRevisionsTests {

    @Autowired
    DeploymentRevisions revisions;

    @Test
    void concurrentChangesOfOneDeploymentEachGetTheirOwnRevision() throws Exception {
        var spec = new DeploymentSpec("vision", "revision-race", "registry.local/vision/resnet:1.0", null, 8080,
                "openai", DeploymentSpec.Resources.DEFAULT, 1, DeploymentSpec.Placement.any(),
                DeploymentSpec.Autoscaling.OFF, java.util.Map.of(), null);
        revisions.forget("vision", "revision-race");
        var pool = Executors.newFixedThreadPool(8);
        try {
            var tasks = new ArrayList<Callable<DeploymentRevision>>();
            for (int i = 0; i < 16; i++) {
                var user = "user-" + i;
                tasks.add(() -> revisions.record(spec, null, user, "update"));
            }
            var numbers = new ArrayList<Integer>();
            for (var done : pool.invokeAll(tasks, 30, TimeUnit.SECONDS)) {
                numbers.add(done.get().revision());
            }

            assertThat(numbers).doesNotHaveDuplicates().hasSize(16);
            assertThat(revisions.list("vision", "revision-race")).extracting(DeploymentRevision::appliedBy)
                    .hasSizeLessThanOrEqualTo(16).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }
}
