package dev.signet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one error table, rendered: status, gRPC code, fixed message, and never the internal detail. */
class ErrorMapperTest {
    private final ErrorMapper mapper = new ErrorMapper();

    @Test
    void fulcioRowsRenderExactly() {
        assertRow(ErrorKind.INVALID_IDENTITY_TOKEN, 400, 3, "There was an error processing the identity token");
        assertRow(ErrorKind.INVALID_SIGNATURE, 400, 3, "The signature supplied in the request could not be verified");
        assertRow(ErrorKind.INVALID_PUBLIC_KEY, 400, 3, "The public key supplied in the request could not be parsed");
        assertRow(ErrorKind.INVALID_CSR, 400, 3, "The certificate signing request could not be parsed");
        assertRow(ErrorKind.INSECURE_PUBLIC_KEY, 400, 3, "The public key supplied in the request is insecure");
        assertRow(ErrorKind.CT_LOG, 500, 13, "Error entering certificate in CTL");
        assertRow(ErrorKind.CA_BACKEND, 500, 13, "error communicating with CA backend");
        assertRow(ErrorKind.TRUST_BUNDLE, 500, 13, "error retrieving trust bundle from CA backend");
        assertRow(ErrorKind.NOT_FOUND, 404, 5, "Not Found");
        assertRow(ErrorKind.METHOD_NOT_ALLOWED, 501, 12, "Method Not Allowed");
    }

    @Test
    void internalDetailNeverReachesTheBody() {
        for (ErrorKind kind : ErrorKind.values()) {
            Response response = mapper.signet(new SignetException(kind, "secret detail /etc/hsm pin=1234",
                    new IllegalStateException("boom")));
            ErrorBody body = (ErrorBody) response.getEntity();
            assertEquals(kind.clientMessage(), body.message(), kind.name());
            assertEquals(List.of(), body.details());
        }
    }

    @Test
    void unexpectedExceptionsAre500WithAFixedMessage() {
        Response response = mapper.unexpected(new NullPointerException("internal state x"));
        assertEquals(500, response.getStatus());
        assertEquals("internal error", ((ErrorBody) response.getEntity()).message());
    }

    @Test
    void aChunkedBodyPastTheCapIsAClientErrorAndOtherIoFailuresAreNot() {
        assertEquals(413, mapper.io(new java.io.IOException("Request too large"), null).getStatus());
        Response other = mapper.io(new java.io.IOException("disk on fire"), null);
        assertEquals(500, other.getStatus());
        assertEquals("internal error", ((ErrorBody) other.getEntity()).message());
    }

    @Test
    void unavailableCarriesRetryAfter() {
        Response response = mapper.signet(new SignetException(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE, "down"));
        assertEquals(503, response.getStatus());
        assertEquals("5", response.getHeaderString("Retry-After"));
        assertNull(mapper.signet(new SignetException(ErrorKind.CA_BACKEND, "x")).getHeaderString("Retry-After"));
    }

    private void assertRow(ErrorKind kind, int status, int code, String message) {
        Response response = mapper.signet(new SignetException(kind, "detail"));
        assertEquals(status, response.getStatus(), kind.name());
        ErrorBody body = (ErrorBody) response.getEntity();
        assertEquals(code, body.code(), kind.name());
        assertEquals(message, body.message(), kind.name());
    }
}
