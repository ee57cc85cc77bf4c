package dev.converge.portal.artifacts;

import static dev.converge.portal.security.SecurityMother.signedInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.converge.portal.builds.BuildMother;
import dev.converge.portal.platform.storage.S3cmd;
import dev.converge.portal.platform.storage.StorageEndpoint;
import dev.converge.portal.security.ConfiguredUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * An artifact uploaded through the portal's API, seen from outside by a real S3 client with the metadata the portal
 * recorded (same settings as BuildsIntegrationTests: one context).
 */
@SpringBootTest(properties = {"portal.sandbox.build-duration=2s", "portal.sandbox.pod-start-delay=100ms",
        "portal.artifacts.max-size=12MB"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class ArtifactsS3cmdIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    StorageEndpoint endpoint;

    @Autowired
    JsonMapper json;

    @Test
    void s3cmdListsAnUploadedArtifactWithItsMetadata() throws Exception {
        try (var s3cmd = S3cmd.forEndpointOrSkip(endpoint)) {
            var name = "s3cmd-" + BuildMother.suffix();
            var body = mvc.perform(multipart("/artifacts").file(new MockMultipartFile("file", "model.onnx",
                                    "application/onnx", "onnx weights".getBytes()))
                            .param("namespace", "vision").param("name", name).param("version", "3")
                            .with(signedInAs(users, "dev")).with(csrf()).accept(MediaType.APPLICATION_JSON))
                    .andExpect(status().isCreated())
                    .andReturn().getResponse().getContentAsString();
            var sha256 = json.readTree(body).path("sha256").asString();
            var object = "s3://models/teams/vision/" + name + "/3/model.onnx";

            assertThat(s3cmd.run("ls", "--recursive", "s3://models/teams/vision/" + name + "/")).contains(object);
            assertThat(s3cmd.run("info", object))
                    .containsIgnoringCase("x-amz-meta-sha256: " + sha256)
                    .containsIgnoringCase("x-amz-meta-uploaded-by: dev")
                    .contains("application/onnx");
        }
    }
}
