package dev.converge.portal.platform.storage;

import dev.converge.portal.sandbox.storage.EmbeddedS3Server;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.minio.BucketExistsArgs;
import org.junit.jupiter.api.Test;

class BucketProvisionerTests {

    @Test
    void storageThatIsDownAtStartGetsItsBucketsOnceItComesUp() throws Exception {
        var server = EmbeddedS3Server.inMemory().start();
        server.stop(); // the port is now known and nothing listens on it
        var client = StorageTestSupport.client(server);
        var provisioner = new BucketProvisioner(StorageTestSupport.store(client));
        try {
            provisioner.start(); // must not throw although storage is down

            server.start();

            await().atMost(Duration.ofSeconds(20)).until(() ->
                    client.bucketExists(BucketExistsArgs.builder().bucket("models").build())
                            && client.bucketExists(BucketExistsArgs.builder().bucket("rag-documents").build()));
        } finally {
            provisioner.stop();
            client.close();
            server.stop();
        }
    }
}
