package dev.signet.ctlog.embedded.http;

import dev.signet.codec.Pem;
import dev.signet.ctlog.LogIdentity;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Base64;
import java.util.Optional;

/**
 * The static-ct-api read path of the embedded log under {@code /log} ({@code checkpoint},
 * {@code tile/...}, {@code issuer/...}), and the log's public key and listing facts.
 */
@Path("/log")
public class StaticLogResource {
    /** Media type of static-ct-api issuer files. */
    static final String PKIX_CERT = "application/pkix-cert";
    /** Media type of the PEM public key. */
    static final String PEM_FILE = "application/x-pem-file";
    /** Tiles and issuers never change once published. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** The checkpoint moves with every flush. */
    static final String NO_STORE = "no-store";
    /** The maximum merge delay a log list is told; entries are really merged before their SCT is returned. */
    static final int MMD_SECONDS = 60;

    private final ServedLog served;

    public StaticLogResource(ServedLog served) {
        this.served = served;
    }

    @GET
    @Path("/checkpoint")
    @NonBlocking
    public Response checkpoint() {
        return Response.ok(served.require().checkpoint(), MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8"))
                .header("Cache-Control", NO_STORE)
                .build();
    }

    @GET
    @Path("/tile/{path: .+}")
    public Response tile(@PathParam("path") String path) {
        EmbeddedLog log = served.require();
        TileRequest request = TileRequest.parse(path).orElseThrow(() -> notFound("not a tile path"));
        Optional<byte[]> tile = request.isData()
                ? log.readDataTile(request.index(), request.width())
                : log.readTile(request.level(), request.index(), request.width());
        return immutable(tile.orElseThrow(() -> notFound(request.path() + " is not published")),
                MediaType.APPLICATION_OCTET_STREAM);
    }

    @GET
    @Path("/issuer/{fingerprint}")
    public Response issuer(@PathParam("fingerprint") String fingerprint) {
        EmbeddedLog log = served.require();
        return immutable(log.readIssuer(fingerprint).orElseThrow(() -> notFound("unknown issuer")), PKIX_CERT);
    }

    @GET
    @Path("/public-key")
    @Produces(PEM_FILE)
    @NonBlocking
    public String publicKey() {
        return Pem.encode("PUBLIC KEY", served.require().identity().publicKey().getEncoded());
    }

    @GET
    @Path("/info")
    @Produces(MediaType.APPLICATION_JSON)
    @NonBlocking
    public Rfc6962Json.LogInfo info() {
        EmbeddedLog log = served.require();
        LogIdentity identity = log.identity();
        Base64.Encoder b64 = Base64.getEncoder();
        return new Rfc6962Json.LogInfo(log.origin(), b64.encodeToString(identity.logId()),
                b64.encodeToString(identity.publicKey().getEncoded()), MMD_SECONDS, "/log/ct/v1/", "/log/");
    }

    private static Response immutable(byte[] body, String type) {
        return Response.ok(body, type).header("Cache-Control", IMMUTABLE).build();
    }

    private static SignetException notFound(String detail) {
        return new SignetException(ErrorKind.NOT_FOUND, detail);
    }
}
