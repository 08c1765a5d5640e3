package dev.signet.demo;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** HTTP face of the {@link DemoIssuer}: discovery, JWKS and a token endpoint; 404 when disabled. */
@Path("/demo-issuer")
public class DemoIssuerResource {
    private static final int MAX_EMAIL_LENGTH = 254;

    private final DemoIssuer issuer;

    public DemoIssuerResource(DemoIssuer issuer) {
        this.issuer = issuer;
    }

    @GET
    @Path("/.well-known/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> discovery() {
        return enabled().discovery();
    }

    @GET
    @Path("/jwks")
    @Produces(MediaType.APPLICATION_JSON)
    public String jwks() {
        return enabled().jwks();
    }

    /** Mints a token: {@code curl -d email=alice@example.com http://localhost:5555/demo-issuer/token}. */
    @POST
    @Path("/token")
    @Produces(MediaType.TEXT_PLAIN)
    public String token(@FormParam("email") String email) {
        return mint(email);
    }

    /** The same, for a browser or {@code curl 'http://localhost:5555/demo-issuer/token?email=…'}. */
    @GET
    @Path("/token")
    @Produces(MediaType.TEXT_PLAIN)
    public String tokenByQuery(@QueryParam("email") String email) {
        return mint(email);
    }

    private String mint(String email) {
        DemoIssuer demo = enabled();
        if (email == null || email.isBlank() || email.length() > MAX_EMAIL_LENGTH) {
            throw new SignetException(ErrorKind.INVALID_REQUEST, "demo token requested without a usable email");
        }
        return demo.mint(email);
    }

    private DemoIssuer enabled() {
        if (!issuer.enabled()) {
            throw new SignetException(ErrorKind.NOT_FOUND, "demo issuer is disabled");
        }
        return issuer;
    }
}
