package dev.signet.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UriPathTest {

    static void refused(Runnable action) {
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, assertThrows(SignetException.class, action::run).kind());
    }

    @Test
    void structureAndEscapesAreKept() {
        assertEquals("o/r/.github/w.yml@refs/heads/a%2Fb", UriPath.segments("c", "o/r/.github/w.yml@refs/heads/a%2Fb"));
        assertEquals("a!$&'()*+,;=:@-._~/b", UriPath.segments("c", "a!$&'()*+,;=:@-._~/b"));
        assertEquals("a%22%3C%3E%5C%5E%60%7B%7C%7D%5B%5D", UriPath.segments("c", "a\"<>\\^`{|}[]"));
        assertEquals("a/.../b", UriPath.segments("c", "a/.../b"), "three dots are a name, not a dot segment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/a", "a?b", "a#b", "a b", "a\tb", "a\nb", "a\u007fb", "caf\u00e9", "a%", "a%4", "a%4g",
        ".", "..", "a/./b", "a/../b", "a/%2e%2E/b", "a/%2E/b", "a/.."})
    void meaningChangingPathsAreRefused(String value) {
        refused(() -> UriPath.segments("c", value));
    }

    @Test
    void underKeepsTheBase() {
        assertEquals("https://h.example/a/b", UriPath.under("u", "https://h.example/", "a", "", "b"));
        assertEquals("https://h.example:8443/p/a", UriPath.under("u", "https://h.example:8443/p", "a"));
        refused(() -> UriPath.under("u", "https://h.example", "x?y"));
        refused(() -> UriPath.under("u", "https://h.example", "x#y"));
        refused(() -> UriPath.under("u", "https://h.example", "x".repeat(Claims.MAX_VALUE_LENGTH)));
        refused(() -> UriPath.under("u", "not a uri", "x"));
    }
}
