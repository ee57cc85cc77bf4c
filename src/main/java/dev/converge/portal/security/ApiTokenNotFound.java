package dev.converge.portal.security;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No such token, or not one the user may manage: both answer the same, so ids of others' tokens stay hidden. */
public class ApiTokenNotFound extends ErrorResponseException {

    private ApiTokenNotFound(long id) {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "You have no access token with id " + id + "."), null);
    }

    public static ApiTokenNotFound withId(long id) {
        return new ApiTokenNotFound(id);
    }
}
