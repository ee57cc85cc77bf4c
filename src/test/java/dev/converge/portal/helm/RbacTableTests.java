package dev.converge.portal.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The documented Kubernetes rights cover every call the code makes: a feature that calls something new (a kind,
 * a verb) fails here until the table in docs/operations.md (and the chart, which {@code HelmChartTests} keeps
 * within the table) says so.
 */
class RbacTableTests {

    private final RbacTable table = RbacTable.read();
    private final List<KubernetesCallsScan.Call> calls = KubernetesCallsScan.calls();

    @Test
    void theScanFindsTheCallsWeKnowAbout() {
        assertThat(calls).extracting(call -> call.group() + "/" + call.resource() + " " + call.verb())
                .contains("/pods create", "/pods delete", "/pods patch", "/pods/log get", "apps/deployments get",
                        "apps/deployments delete", "/pods watch", "apps/deployments watch");
    }

    @Test
    void everyCallOfTheCodeIsInTheDocumentedTable() {
        assertThat(calls)
                .filteredOn(call -> !call.verb().equals("(named only)"))
                .as("calls missing from the rbac table in %s", RbacTable.DOCUMENT)
                .allSatisfy(call -> assertThat(table.allows(call.group(), call.resource(), call.verb()))
                        .as("%s", call).isTrue());
    }

    @Test
    void everyResourceTheCodeNamesIsInTheDocumentedTable() {
        assertThat(calls)
                .allSatisfy(call -> assertThat(table.rights())
                        .as("%s is named in the code but not in the table", call)
                        .containsKey(RbacTable.key(call.group(), call.resource())));
    }
}
