package dev.converge.portal.shared.web;

import java.util.Map;

import org.springframework.http.HttpStatus;

/** The thing asked for does not exist, or the user may not know that it does. Answers 404. */
public class NotFound extends PortalException {

    public NotFound(String detailCode, Object... detailArgs) {
        super(HttpStatus.NOT_FOUND, Map.of(), detailCode, detailArgs);
    }
}
