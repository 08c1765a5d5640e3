package dev.signet.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HttpServerLabelsTest {
    private final HttpServerLabels labels = new HttpServerLabels(() -> HttpServerLabels.routeLabels(
            List.of("/api/v2/signingCert", "/log/tile/{path: .+}"),
            List.of("dev.sigstore.fulcio.v2.CA/GetTrustBundle")));

    private Meter.Id mapped(String method, String uri) {
        return labels.map(new Meter.Id("http.server.requests", Tags.of("method", method, "uri", uri, "status", "200"),
                null, null, Meter.Type.TIMER));
    }

    @Test
    void keepsKnownTemplatesAndFixedValues() {
        assertEquals("/api/v2/signingCert", mapped("POST", "/api/v2/signingCert").getTag("uri"));
        assertEquals("/dev.sigstore.fulcio.v2.CA/GetTrustBundle",
                mapped("POST", "/dev.sigstore.fulcio.v2.CA/GetTrustBundle").getTag("uri"));
        assertEquals("NOT_FOUND", mapped("GET", "NOT_FOUND").getTag("uri"));
        assertEquals("200", mapped("GET", "NOT_FOUND").getTag("status"), "other labels untouched");
    }

    @Test
    void dropsParameterRegexesFromTemplates() {
        assertEquals("/log/tile/{path}", mapped("GET", "/log/tile/{path: .+}").getTag("uri"));
        assertEquals("/a/{n}/b/{m}", RouteTemplates.plain("/a/{n: \\d{3}}/b/{ m }"));
    }

    @Test
    void collapsesRawPathsAndOddMethods() {
        assertEquals(HttpServerLabels.UNMATCHED, mapped("GET", "/log/tile/0/000").getTag("uri"));
        assertEquals(HttpServerLabels.UNMATCHED, mapped("POST", "/evil.Service/" + UUID.randomUUID()).getTag("uri"));
        assertEquals(HttpServerLabels.OTHER_METHOD, mapped("FOOBAR", "NOT_FOUND").getTag("method"));
        assertEquals("PATCH", mapped("PATCH", "NOT_FOUND").getTag("method"));
    }

    @Test
    void leavesOtherMetersAlone() {
        Meter.Id id = new Meter.Id("signet.certificates.issued", Tags.of("uri", "/x"), null, null, Meter.Type.COUNTER);
        assertEquals(id, labels.map(id));
    }

    @Test
    void aThousandRandomPathsMakeOneSeries() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(labels);
        for (int i = 0; i < 1000; i++) {
            Timer.builder("http.server.requests").tags("method", "GET", "uri", "/random/" + UUID.randomUUID(),
                    "status", "200").register(registry).record(java.time.Duration.ofMillis(1));
        }
        assertEquals(1, registry.find("http.server.requests").timers().size());
    }

    @Test
    void routesOfResourceClasses() {
        assertEquals(
                List.of(new RouteTemplates.Route("GET", "/r"), new RouteTemplates.Route("POST", "/r/x/{id: [0-9]+}")),
                RouteTemplates.routes(List.of(Sample.class)));
        assertEquals(Map.of("/r", "/r"), HttpServerLabels.routeLabels(List.of("/r"), List.of()));
    }

    @jakarta.ws.rs.Path("r/")
    static class Sample {
        @jakarta.ws.rs.GET
        public String get() {
            return "";
        }

        @jakarta.ws.rs.POST
        @jakarta.ws.rs.Path("/x/{id: [0-9]+}/")
        public String post() {
            return "";
        }

        public String notARoute() {
            return "";
        }
    }
}
