package dev.converge.portal.platform.kubernetes.cache;

import java.time.Instant;

/** What the last probe of the API server found; {@code checkedAt} is null before the first probe has answered. */
record ApiReachability(boolean reachable, Instant checkedAt, String error) {

    static final ApiReachability UNKNOWN = new ApiReachability(false, null, null);

    static ApiReachability reachable(Instant at) {
        return new ApiReachability(true, at, null);
    }

    static ApiReachability unreachable(Instant at, String error) {
        return new ApiReachability(false, at, error);
    }
}
