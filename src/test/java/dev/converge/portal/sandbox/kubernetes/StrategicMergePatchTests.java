package dev.converge.portal.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class StrategicMergePatchTests {

    @Test
    void mergesNamedListsByKeyAndHonoursDirectives() {
        var target = json("""
                {"spec":{"containers":[
                  {"name":"a","image":"a:1","env":[{"name":"X","value":"1"},{"name":"Y","value":"2"}]},
                  {"name":"b","image":"b:1"}],
                 "tolerations":[{"key":"t1"}],"finalizers":["f1","f2"]}}""");
        var patch = json("""
                {"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],
                  "containers":[{"name":"a","env":[{"name":"X","value":"9"},{"name":"Y","$patch":"delete"}]},
                                {"name":"b","$patch":"delete"},{"name":"c","image":"c:1"}],
                  "tolerations":[{"key":"t2"}],"$deleteFromPrimitiveList/finalizers":["f1"]}}""");

        var merged = StrategicMergePatch.apply(target, patch);

        assertThat(merged.toString()).isEqualTo(json("""
                {"spec":{"containers":[
                  {"name":"a","image":"a:1","env":[{"name":"X","value":"9"}]},
                  {"name":"c","image":"c:1"}],
                 "tolerations":[{"key":"t2"}],"finalizers":["f2"]}}""").toString());
    }

    @Test
    void nullRemovesAField() {
        var merged = StrategicMergePatch.apply(json("{\"metadata\":{\"labels\":{\"a\":\"1\",\"b\":\"2\"}}}"),
                json("{\"metadata\":{\"labels\":{\"a\":null}}}"));
        assertThat(merged.toString()).isEqualTo("{\"metadata\":{\"labels\":{\"b\":\"2\"}}}");
    }

    private static ObjectNode json(String json) {
        return (ObjectNode) Serialization.jsonMapper().readTree(json);
    }
}
