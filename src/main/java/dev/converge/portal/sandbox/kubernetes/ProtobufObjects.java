package dev.converge.portal.sandbox.kubernetes;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernetes.client.proto.Runtime.Unknown;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Admissionregistration;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the protobuf bodies kubectl and client-go send for built-in kinds ({@code application/vnd.kubernetes.protobuf}):
 * the {@code k8s\0} magic, then a {@code runtime.Unknown} naming the kind and holding the object's own message. The
 * object is turned into the JSON a real API server would store, through the descriptors of the Kubernetes project's
 * generated classes ({@code io.kubernetes:client-java-proto}).
 * <p>
 * Protobuf's own {@code JsonFormat} does not give Kubernetes JSON: it writes int64 as strings, and the types that
 * Kubernetes serializes by hand come out as their protobuf fields ({@code Time} as seconds and nanos, {@code Quantity}
 * as {@code {"string": "512Mi"}}, {@code IntOrString} as type and values). So the conversion walks the message here.
 * Field names need no mapping: the Kubernetes {@code .proto} files name every field as its JSON does.
 */
final class ProtobufObjects {

    static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

    private static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private static final List<FileDescriptor> FILES = List.of(V1.getDescriptor(), V1Apps.getDescriptor(),
            V1Autoscaling.getDescriptor(), V1Batch.getDescriptor(), V1Networking.getDescriptor(),
            V1Rbac.getDescriptor(), V1Policy.getDescriptor(), V1Storage.getDescriptor(),
            V1Scheduling.getDescriptor(), V1Certificates.getDescriptor(), V1Admissionregistration.getDescriptor());
    private static final Set<String> INLINE = Set.of("ProbeHandler", "VolumeSource", "PersistentVolumeSource",
            "EphemeralContainerCommon", "LocalObjectReference", "IngressRuleValue", "RuleWithOperations", "Rule");
    /** Message type by {@code <group>/<version>/<Kind>}, group as its first DNS label ({@code core} for ""). */
    private static final Map<String, Descriptor> KINDS = kinds();

    private ProtobufObjects() {
    }

    /** Why a body could not be read: answered as a 400 or 415 {@code Status}. */
    static final class UnreadableBody extends RuntimeException {

        private final int code;

        UnreadableBody(int code, String message) {
            super(message);
            this.code = code;
        }

        int code() {
            return code;
        }
    }

    /** The object in a protobuf request body, as Kubernetes JSON. */
    static ObjectNode toJson(byte[] body) {
        if (body.length < MAGIC.length || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new UnreadableBody(400, "the protobuf body does not start with the Kubernetes magic number");
        }
        Unknown envelope;
        try {
            envelope = Unknown.parseFrom(ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
        } catch (InvalidProtocolBufferException e) {
            throw new UnreadableBody(400, "the protobuf body could not be parsed: " + e.getMessage());
        }
        var apiVersion = envelope.getTypeMeta().getApiVersion();
        var kind = envelope.getTypeMeta().getKind();
        if (!envelope.getContentEncoding().isEmpty()) {
            throw new UnreadableBody(415, "the sandbox cannot read protobuf bodies with content encoding "
                    + envelope.getContentEncoding());
        }
        var type = descriptor(apiVersion, kind).orElseThrow(() -> new UnreadableBody(415,
                "the sandbox API server cannot read " + kind + " (" + apiVersion + ") as protobuf; send it as "
                        + "application/json"));
        DynamicMessage object;
        try {
            object = DynamicMessage.parseFrom(type, envelope.getRaw());
        } catch (InvalidProtocolBufferException e) {
            throw new UnreadableBody(400, "the " + kind + " in the protobuf body could not be parsed: "
                    + e.getMessage());
        }
        var json = JsonNodeFactory.instance.objectNode();
        json.put("apiVersion", apiVersion);
        json.put("kind", kind);
        json.setAll(message(object));
        return json;
    }

    static Optional<Descriptor> descriptor(String apiVersion, String kind) {
        var slash = apiVersion.indexOf('/');
        var group = slash < 0 ? "core" : apiVersion.substring(0, slash).split("\\.")[0];
        return Optional.ofNullable(KINDS.get(group + "/" + apiVersion.substring(slash + 1) + "/" + kind));
    }

    private static ObjectNode message(Message message) {
        var json = JsonNodeFactory.instance.objectNode();
        for (var entry : message.getAllFields().entrySet()) {
            var field = entry.getKey();
            var value = field.isMapField() ? map(field, (List<?>) entry.getValue())
                    : field.isRepeated() ? list(field, (List<?>) entry.getValue())
                    : value(field, entry.getValue());
            if (value instanceof ObjectNode embedded && inline(field)) {
                json.setAll(embedded);
            } else if (value != null) {
                json.set(field.getJsonName(), value);
            }
        }
        return json;
    }

    /**
     * Whether a field is a Go struct embedded with {@code json:",inline"}: protobuf gives it a field of its own
     * ({@code handler}, {@code volumeSource}, {@code localObjectReference}), JSON puts its fields in the parent.
     */
    private static boolean inline(FieldDescriptor field) {
        if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || field.isRepeated()) {
            return false;
        }
        var type = field.getMessageType().getName();
        var ownName = Character.toLowerCase(type.charAt(0)) + type.substring(1);
        return INLINE.contains(type) && (field.getName().equals(ownName)
                || field.getName().equals("handler") && type.equals("ProbeHandler"));
    }

    private static ObjectNode map(FieldDescriptor field, List<?> entries) {
        var keyField = field.getMessageType().findFieldByName("key");
        var valueField = field.getMessageType().findFieldByName("value");
        var json = JsonNodeFactory.instance.objectNode();
        for (var entry : entries) {
            var mapEntry = (Message) entry;
            var value = value(valueField, mapEntry.getField(valueField));
            json.set(String.valueOf(mapEntry.getField(keyField)),
                    value == null ? JsonNodeFactory.instance.stringNode("") : value);
        }
        return json;
    }

    private static ArrayNode list(FieldDescriptor field, List<?> values) {
        var json = JsonNodeFactory.instance.arrayNode();
        for (var value : values) {
            var item = value(field, value);
            json.add(item == null ? JsonNodeFactory.instance.nullNode() : item);
        }
        return json;
    }

    /**
     * One value, or null to leave the field out, as Go's {@code omitempty} does: client-go writes every non-pointer
     * field, so empty strings and the zero {@code Time} (which would read as 1970) arrive set.
     */
    private static JsonNode value(FieldDescriptor field, Object value) {
        var nodes = JsonNodeFactory.instance;
        return switch (field.getJavaType()) {
            case STRING -> ((String) value).isEmpty() && !field.isRepeated() ? null : nodes.stringNode((String) value);
            case INT -> nodes.numberNode((Integer) value);
            case LONG -> nodes.numberNode((Long) value);
            case FLOAT -> nodes.numberNode((Float) value);
            case DOUBLE -> nodes.numberNode((Double) value);
            case BOOLEAN -> nodes.booleanNode((Boolean) value);
            case BYTE_STRING -> nodes.stringNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case ENUM -> nodes.stringNode(value.toString());
            case MESSAGE -> special((Message) value);
        };
    }

    /** The types Kubernetes serializes to JSON by hand rather than field by field. */
    private static JsonNode special(Message value) {
        var nodes = JsonNodeFactory.instance;
        var type = value.getDescriptorForType();
        switch (type.getFullName()) {
            case META + "Time", META + "MicroTime" -> {
                var seconds = (Long) value.getField(type.findFieldByName("seconds"));
                var nanos = (Integer) value.getField(type.findFieldByName("nanos"));
                if (seconds == 0 && nanos == 0) {
                    return null;
                }
                var instant = Instant.ofEpochSecond(seconds, type.getName().equals("Time") ? 0 : nanos);
                return nodes.stringNode(DateTimeFormatter.ISO_INSTANT.format(instant));
            }
            case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> {
                return nodes.stringNode((String) value.getField(type.findFieldByName("string")));
            }
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> {
                var isString = ((Number) value.getField(type.findFieldByName("type"))).intValue() == 1;
                return isString ? nodes.stringNode((String) value.getField(type.findFieldByName("strVal")))
                        : nodes.numberNode((Integer) value.getField(type.findFieldByName("intVal")));
            }
            case "k8s.io.apimachinery.pkg.runtime.RawExtension", META + "FieldsV1" -> {
                var raw = (ByteString) value.getField(type.getFields().get(0));
                return raw.isEmpty() ? null : Serialization.jsonMapper().readTree(raw.toStringUtf8());
            }
            case META + "Duration" -> {
                return nodes.stringNode(goDuration((Long) value.getField(type.findFieldByName("duration"))));
            }
            default -> {
                return message(value);
            }
        }
    }

    /** A Go {@code time.Duration} as its {@code String()} writes it, e.g. {@code 1h30m0s}. */
    private static String goDuration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        var seconds = nanos / 1_000_000_000d;
        var hours = (long) (seconds / 3600);
        var minutes = (long) ((seconds % 3600) / 60);
        var rest = seconds % 60;
        var text = new StringBuilder();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            text.append(minutes).append('m');
        }
        var restText = rest == Math.rint(rest) ? String.valueOf((long) rest) : String.valueOf(rest);
        return text.append(restText).append('s').toString();
    }

    private static Map<String, Descriptor> kinds() {
        var kinds = new HashMap<String, Descriptor>();
        for (var file : FILES) {
            // k8s.io.api.<group>.<version>
            var parts = file.getPackage().split("\\.");
            var prefix = parts[parts.length - 2] + "/" + parts[parts.length - 1] + "/";
            for (var type : file.getMessageTypes()) {
                if (type.findFieldByName("metadata") != null) {
                    kinds.put(prefix + type.getName(), type);
                }
            }
        }
        return Map.copyOf(kinds);
    }
}
