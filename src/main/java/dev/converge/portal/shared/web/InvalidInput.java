package dev.converge.portal.shared.web;

import java.util.Map;

import org.springframework.http.HttpStatus;

/** The input cannot be used; says why per field. Answers 400. */
public class InvalidInput extends PortalException {

    public InvalidInput(Map<String, String> fieldErrors, String detailCode, Object... detailArgs) {
        super(HttpStatus.BAD_REQUEST, fieldErrors, detailCode, detailArgs);
    }

    /** With a message (key) per field, some of them with arguments. */
    protected InvalidInput(Map<String, String> fieldErrors, Map<String, Object[]> fieldArgs, String detailCode,
                           Object... detailArgs) {
        super(HttpStatus.BAD_REQUEST, fieldErrors, fieldArgs, detailCode, detailArgs);
    }

    /** One bad field, explained by a message key (or plain text). */
    public static InvalidInput field(String field, String messageCode) {
        return new InvalidInput(Map.of(field, messageCode), "error.invalidInput.detail");
    }
}
