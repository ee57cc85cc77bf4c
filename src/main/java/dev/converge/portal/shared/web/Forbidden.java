package dev.converge.portal.shared.web;

import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A signed-in user asked for something their role or teams do not allow (for example another team's namespace).
 * Answers 403. Spring Security's own denials never reach this class; they keep their filter-chain handling.
 */
public class Forbidden extends PortalException {

    public Forbidden(String detailCode, Object... detailArgs) {
        super(HttpStatus.FORBIDDEN, Map.of(), detailCode, detailArgs);
    }

    /** With a message (key) per field, some of them with arguments. */
    protected Forbidden(Map<String, String> fieldErrors, Map<String, Object[]> fieldArgs, String detailCode,
                        Object... detailArgs) {
        super(HttpStatus.FORBIDDEN, fieldErrors, fieldArgs, detailCode, detailArgs);
    }
}
