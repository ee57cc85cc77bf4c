package dev.converge.portal.artifacts;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditOutcome;
import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.StorageTestSupport;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.security.Role;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import org.junit.jupiter.api.Test;

/** Refused changes to artifacts are audited as DENIED, like those to deployments and builds. */
class ArtifactsAuditTests {

    private static final String KEY = "teams/vision/resnet/1.0/model.onnx";

    private final AuditLog audit = mock(AuditLog.class);
    private final ArtifactStore store = mock(ArtifactStore.class);
    private final Artifacts artifacts;

    ArtifactsAuditTests() {
        var properties = StorageTestSupport.properties(Map.of(
                "portal.teams[0].name", "vision", "portal.teams[1].name", "language"));
        artifacts = new Artifacts(store, new TeamDirectory(properties), audit, properties);
    }

    @Test
    void aDeleteFromAnotherTeamIsRefusedAndAuditedAsDenied() {
        var otherTeam = new CurrentUser("dev2", EnumSet.of(Role.DEVELOPER), new TreeSet<>(Set.of("language")),
                new TreeSet<>(Set.of("language")));

        assertThatThrownBy(() -> artifacts.delete(otherTeam, KEY)).isInstanceOf(ArtifactAccessDenied.class);

        verify(audit).record("dev2", "artifact.delete", KEY, AuditOutcome.DENIED, null);
        verifyNoInteractions(store);
    }

    @Test
    void aViewersDeleteInTheirOwnTeamIsAuditedAsDenied() {
        var viewer = new CurrentUser("viewer", EnumSet.of(Role.VIEWER), new TreeSet<>(Set.of("vision")),
                new TreeSet<>(Set.of("vision")));

        assertThatThrownBy(() -> artifacts.delete(viewer, KEY)).isInstanceOf(ArtifactAccessDenied.class);

        verify(audit).record("viewer", "artifact.delete", KEY, AuditOutcome.DENIED, null);
    }
}
