package dev.converge.portal.rag.runtime;

/**
 * A request the runtime refuses or cannot serve: answered with {@code status} and an OpenAI-shaped error naming
 * {@code param} when one is at fault.
 */
public class RuntimeRequestException extends RuntimeException {

    private final int status;
    private final String param;
    private final String type;

    public RuntimeRequestException(int status, String type, String param, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
    }

    public static RuntimeRequestException invalid(String param, String message) {
        return new RuntimeRequestException(400, "invalid_request_error", param, message);
    }

    public int status() {
        return status;
    }

    public String param() {
        return param;
    }

    public String type() {
        return type;
    }
}
