package dev.signet.ctlog.embedded.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ctlog.TestChains;
import dev.signet.testing.Fixture;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A full submission pool answers 503 with Retry-After, and the pooled submission still gets its SCT. */
@QuarkusTest
@WithTestResource(value = LogTestCa.class, initArgs = @ResourceArg(name = LogTestCa.BUSY, value = "true"))
class LogBusyTest {
    @Fixture(LogTestCa.CA)
    TestChains ca;

    @Test
    void aFullPoolIs503WithRetryAfter() throws Exception {
        // Pool of one, flushed every 5 s: of three submissions sent together at most two can be
        // pooled (one before a flush, one after), so at least one must be turned away.
        ExecutorService senders = Executors.newFixedThreadPool(3);
        try {
            List<Future<Response>> sent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                // Built here, one at a time: the test CA's signer is not thread-safe.
                List<byte[]> chain = ca.precertChain(ca.precert("busy" + i + "@example.com"));
                sent.add(senders.submit(() -> {
                    String body = "{\"chain\":[\"" + Base64.getEncoder().encodeToString(chain.get(0)) + "\",\""
                            + Base64.getEncoder().encodeToString(chain.get(1)) + "\"]}";
                    return given().contentType("application/json").body(body).post("/log/ct/v1/add-pre-chain");
                }));
            }
            int busy = 0;
            int accepted = 0;
            for (Future<Response> future : sent) {
                Response response = future.get();
                if (response.statusCode() == 503) {
                    busy++;
                    assertEquals("5", response.header("Retry-After"));
                    assertEquals(14, response.jsonPath().getInt("code"));
                    assertEquals("The transparency log is busy; retry later", response.jsonPath().getString("message"));
                } else {
                    assertEquals(200, response.statusCode(), response.asString());
                    accepted++;
                }
            }
            assertTrue(busy >= 1, "no submission was turned away");
            assertTrue(accepted >= 1, "no submission was pooled");
        } finally {
            senders.shutdownNow();
        }
    }
}
