package dev.signet.api;

import java.util.List;

/**
 * The error body of Fulcio's gateway: {@code {"code":3,"message":"…","details":[]}}.
 *
 * @param code    the gRPC status code number
 * @param message the fixed client message
 * @param details always empty
 */
public record ErrorBody(int code, String message, List<Object> details) {
}
