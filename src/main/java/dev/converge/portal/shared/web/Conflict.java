package dev.converge.portal.shared.web;

import java.util.Map;

import org.springframework.http.HttpStatus;

/** The request clashes with the current state (already exists, changed meanwhile). Answers 409. */
public class Conflict extends PortalException {

    public Conflict(String detailCode, Object... detailArgs) {
        super(HttpStatus.CONFLICT, Map.of(), detailCode, detailArgs);
    }

    /** With a message (key) per field, some of them with arguments. */
    protected Conflict(Map<String, String> fieldErrors, Map<String, Object[]> fieldArgs, String detailCode,
                       Object... detailArgs) {
        super(HttpStatus.CONFLICT, fieldErrors, fieldArgs, detailCode, detailArgs);
    }
}
