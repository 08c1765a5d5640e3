package dev.signet.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.CaMaterial;
import dev.signet.ca.SigningStatus;
import dev.signet.ca.SwitchableCa;
import dev.signet.ca.TestPki;
import dev.signet.config.CaType;
import dev.signet.error.SignetException;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class CaSigningCheckTest {

    @Test
    void reportsUpThenDownWithAFixedReasonThenUpAgain() throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        CaMaterial good = new CaMaterial(pki.intermediateKeys().getPrivate(), List.of(pki.intermediate(), pki.root()));
        CaMaterial broken = new CaMaterial(TestPki.keyPair("RSA").getPrivate(), good.chain(), good.algorithm());
        SwitchableCa ca = new SwitchableCa(good);
        CaSigningCheck check = new CaSigningCheck(ca, CaType.FILE, Duration.ofSeconds(1));

        HealthCheckResponse up = check.call();
        assertEquals(HealthCheckResponse.Status.UP, up.getStatus());
        assertEquals("ca-signing", up.getName());
        assertEquals("file", up.getData().orElseThrow().get("type"));

        ca.use(broken);
        check.probe();
        HealthCheckResponse down = check.call();
        assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
        assertEquals(SigningStatus.TEST_SIGNATURE_FAILED, down.getData().orElseThrow().get("reason"));
        assertFalse(down.getData().orElseThrow().values().stream().anyMatch(value -> value.toString().contains("RSA")),
                "no exception text in the response: " + down.getData());

        ca.use(good);
        check.probe();
        assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());
    }

    @Test
    void periodicProbeNoticesAFailureWithoutAnyRequest() throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        CaMaterial good = new CaMaterial(pki.intermediateKeys().getPrivate(), List.of(pki.intermediate(), pki.root()));
        SwitchableCa ca = new SwitchableCa(good);
        CaSigningCheck check = new CaSigningCheck(ca, CaType.EPHEMERAL, Duration.ofSeconds(1));
        check.start();
        try {
            ca.use(new CaMaterial(TestPki.keyPair("RSA").getPrivate(), good.chain(), good.algorithm()));
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> check.call().getStatus() != HealthCheckResponse.Status.UP);
            assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus());
        } finally {
            check.stop();
        }
    }

    @Test
    void intervalUnderOneSecondIsRefused() {
        SignetException e = assertThrows(SignetException.class,
                () -> CaSigningCheck.checkedInterval(Duration.ofMillis(500)));
        assertTrue(e.getMessage().contains("signet.ca.health-check-interval"), e.getMessage());
    }
}
