package dev.converge.portal.chat;

/** Why an answer was cut: the HTTP status a client gets (502, 504; 499 for a Stop) and the reason in words. */
public record ChatFailure(int status, String detail) {

    public static final int STOPPED = 499;
}
