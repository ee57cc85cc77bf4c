package dev.converge.portal.chat;

import java.util.Map;

import dev.converge.portal.shared.web.PortalException;
import org.springframework.http.HttpStatus;

/** The model call failed: 504 for a timeout, 502 otherwise; the partial answer is kept as interrupted. */
public final class ChatUpstreamFailure extends PortalException {

    private ChatUpstreamFailure(HttpStatus status, String detail) {
        super(status, Map.of(), detail);
    }

    public static ChatUpstreamFailure of(ChatFailure failure) {
        var status = HttpStatus.resolve(failure.status());
        return new ChatUpstreamFailure(status == null ? HttpStatus.BAD_GATEWAY : status, failure.detail());
    }
}
