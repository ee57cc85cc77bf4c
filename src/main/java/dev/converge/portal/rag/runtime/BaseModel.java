package dev.converge.portal.rag.runtime;

import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The model a RagModel answers with, spoken to in the OpenAI chat-completions protocol. */
public interface BaseModel {

    /** The model name sent in requests (the base model's own id). */
    String model();

    JsonNode complete(ObjectNode request);

    /** The chunks of a streamed completion; fails before returning when the model refuses the request. */
    Stream<JsonNode> stream(ObjectNode request);
}
