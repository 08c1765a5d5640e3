package dev.signet.wiring;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.config.LogStorageType;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A shared log refuses to start without a configured key; a local one generates its own. */
class SharedLogKeyTest {

    @Test
    void theSharedLogNeedsAConfiguredKeyAndTheLocalOneDoesNot() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogProducer.requireSharedKey(LogStorageType.POSTGRESQL, Optional.empty()));
        assertTrue(e.getMessage().contains("signet.ctlog.embedded.key"), e.getMessage());
        assertDoesNotThrow(
                () -> LogProducer.requireSharedKey(LogStorageType.POSTGRESQL, Optional.of(Path.of("key.pem"))));
        assertDoesNotThrow(() -> LogProducer.requireSharedKey(LogStorageType.LOCAL, Optional.empty()));
    }
}
