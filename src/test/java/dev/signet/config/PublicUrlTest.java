package dev.signet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublicUrlTest {

    @Test
    void aConfiguredUrlLosesItsTrailingSlashesAndKeepsItsPath() {
        assertEquals("https://signet.example.com", new PublicUrl(Optional.of("https://signet.example.com/")).base());
        assertEquals("https://signet.example.com:8443/ca", PublicUrl.validated("HTTPS://signet.example.com:8443/ca//"));
        assertEquals("http://10.0.0.1:5555", PublicUrl.validated("http://10.0.0.1:5555"));
        assertTrue(new PublicUrl(Optional.of("https://signet.example.com")).isConfigured());
    }

    @Test
    void anythingButAPlainHttpUrlStopsStartupNamingTheProperty() {
        for (String bad : List.of("signet.example.com", "/signet", "ftp://signet.example.com",
                "https://user@signet.example.com", "https://signet.example.com/?x=1", "https://signet.example.com/#top",
                "https:///path", "https://signet example.com", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new PublicUrl(Optional.of(bad)), bad);
            assertTrue(e.getMessage().startsWith("signet.public-url="), e.getMessage());
        }
    }

    @Test
    void withoutItTheListenerNamesSignetAndAWildcardHostIsLocalhost() {
        assertEquals("http://localhost:5555", PublicUrl.listener("0.0.0.0", 5555));
        assertEquals("http://localhost:5555", PublicUrl.listener("::", 5555));
        assertEquals("http://127.0.0.1:8080", PublicUrl.listener("127.0.0.1", 8080));
        assertEquals("http://[::1]:8080", PublicUrl.listener("::1", 8080));
        assertEquals("http://signet.internal:8080", PublicUrl.listener("signet.internal", 8080));
    }
}
