package dev.signet.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Claim to URI, as Fulcio builds it with Go's net/url. The expected values were derived from the rules in Go's
 * source (src/net/url/url.go: {@code JoinPath}, {@code setPath}, {@code EscapedPath}, {@code validEncoded},
 * {@code shouldEscape} for {@code encodePath} and {@code encodeFragment}, {@code URL.String}; src/path/path.go:
 * {@code Join}, {@code Clean}); each row says which rule it exercises. Every row of {@link #joined},
 * {@link #reparsed} and {@link #https} was then run through Go's own {@code url.JoinPath} and
 * {@code url.Parse(...).String()} (Go 1.19.8, Debian 12's golang-go) and agreed, except the two
 * {@code host:port} rows of {@link #https}, where Signet keeps the host on purpose (docs/api.md, differences).
 */
class UriPathTest {
    static final String GITHUB = "https://github.com/";
    static final String ISSUER = "https://issuer.enforce.dev";

    static void refused(Runnable action) {
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, assertThrows(SignetException.class, action::run).kind());
    }

    /** Base, claim, and what {@code url.Parse(base).JoinPath(claim).String()} returns. */
    static Stream<Arguments> joined() {
        String ref = "o/r/.github/workflows/x.yml@refs/heads/";
        String at = GITHUB + ref;
        return Stream.of(
                arguments(GITHUB, ref + "main", at + "main"), // every byte valid as escaped: kept as written
                arguments(GITHUB, ref + "fix#12", at + "fix%2312"), // '#' needs escaping: the path is re-encoded
                arguments(GITHUB, ref + "a?b", at + "a%3Fb"), // '?' is the one reserved byte encodePath escapes
                arguments(GITHUB, ref + "my branch", at + "my%20branch"),
                arguments(GITHUB, ref + "caf\u00e9", at + "caf%C3%A9"), // UTF-8 bytes, upper-case hex
                arguments(GITHUB, ref + "\uD83D\uDE80", at + "%F0%9F%9A%80"), // an emoji: four UTF-8 bytes
                arguments(GITHUB, ref + "a%2Fb", at + "a%2Fb"), // an escape is kept while the path is valid
                arguments(GITHUB, ref + "a%2Fb c", at + "a/b%20c"), // re-encoding decodes %2F first
                arguments(GITHUB, ref + "a%41", at + "a%41"),
                arguments(GITHUB, ref + "a%41 ", at + "aA%20"),
                arguments(GITHUB, ref + "a%25b", at + "a%25b"),
                arguments(GITHUB, ref + "a%25b c", at + "a%25b%20c"), // a decoded '%' is escaped again
                arguments(GITHUB, ref + "a+b;c=d:e@f,g$h&i", at + "a+b;c=d:e@f,g$h&i"), // encodePath leaves these
                arguments(GITHUB, ref + "a!b*c'(d)[e]", at + "a!b*c'(d)[e]"), // validEncoded accepts these as written
                arguments(GITHUB, ref + "a!b c", at + "a%21b%20c"), // ... but re-encoding escapes '!'
                arguments(GITHUB, ref + "a\"b<c>", at + "a%22b%3Cc%3E"),
                arguments(GITHUB, ref + "a\\b^c`d{e|f}", at + "a%5Cb%5Ec%60d%7Be%7Cf%7D"),
                arguments(GITHUB, ref + "a~b-c_d.e", at + "a~b-c_d.e"),
                arguments(GITHUB, "@evil", GITHUB + "@evil"), // '@' in the path never becomes userinfo
                arguments(GITHUB, "a:b", GITHUB + "a:b"),
                arguments(GITHUB, "//evil.example/x", GITHUB + "evil.example/x"), // path.Clean collapses '//'
                arguments(GITHUB, "o/r/../../evil/r/x.yml", GITHUB + "evil/r/x.yml"), // '..' removes the segment before
                arguments(GITHUB, "../../x", GITHUB + "x"), // '..' never climbs above the root
                arguments(GITHUB, "a/./b/.", GITHUB + "a/b"), // '.' segments go
                arguments(GITHUB, "..", GITHUB), // cleaned to the base's own path "/"
                arguments(GITHUB, "a/%2E%2E/b", GITHUB + "a/%2E%2E/b"), // cleaning sees escaped text: not a dot segment
                arguments(GITHUB, "a/%2e%2e/b c", GITHUB + "a/../b%20c"), // ... and re-encoding does not clean again
                arguments(GITHUB, "%2F%2Fevil.example/x y", GITHUB + "//evil.example/x%20y"), // the host stays
                arguments(GITHUB, "x/", GITHUB + "x/"), // a trailing slash on the last element is kept
                arguments(ISSUER, "abc/def", ISSUER + "/abc/def"), // a base without a path: "/" is added
                arguments(ISSUER, "..", ISSUER), // ... and cleaned away entirely
                arguments(ISSUER, "%2Fx y", ISSUER + "/x%20y"), // a decoded leading '/' needs no extra one
                arguments("https://h.example:8443/p", "a", "https://h.example:8443/p/a"),
                arguments("https://h.example/p/", "a", "https://h.example/p/a"),
                arguments("HTTPS://h.example", "a", "https://h.example/a")); // Go lower-cases the scheme
    }

    @ParameterizedTest
    @MethodSource("joined")
    void joinIsGosJoinPath(String base, String claim, String expected) {
        assertEquals(expected, UriPath.join("c", base, claim));
    }

    @Test
    void joinTakesSeveralElementsAsFulcioPassesThem() {
        assertEquals("https://github.com/o/r/actions/runs/5/attempts/2",
                UriPath.join("c", GITHUB, "o/r", "actions/runs", "5", "attempts", "2"));
        assertEquals("https://gitlab.com/g/p/-/jobs/302",
                UriPath.join("c", "https://gitlab.com/", "g/p", "/-/jobs/", "302"));
        assertEquals("https://g.codefresh.io/:a/p", UriPath.join("c", "https://g.codefresh.io", "", ":a/p"));
    }

    /** Go's JoinPath returns the bare base for these (setPath fails on the escape); Signet refuses instead. */
    @ParameterizedTest
    @ValueSource(strings = {"a%", "a%4", "a%4g", "100%", "%zz/x"})
    void malformedEscapesAreRefused(String claim) {
        refused(() -> UriPath.join("c", GITHUB, claim));
    }

    @Test
    void theBuiltUriIsBoundedLikeAClaim() {
        String part = "x".repeat(Claims.MAX_VALUE_LENGTH - 10);
        refused(() -> UriPath.join("c", GITHUB, "o/r/" + part));
        refused(() -> UriPath.reparsed("c", "https://h.example/" + part));
        refused(() -> UriPath.https("c", "gitlab.com/" + part + "/.gitlab-ci.yml"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\tb", "a\nb", "a\u007fb", "a\u202eb", "\uD800", "e\u0301"})
    void claimsChecksStillApply(String claim) {
        refused(() -> UriPath.join("c", GITHUB, claim));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a uri", "ftp://h.example", "https://", "https:///x", "https://u@h.example",
            "https://h.example?x", "https://h.example#f", "https:h.example", "https://[::1]/"})
    void joinNeedsAPlainHttpBase(String base) {
        refused(() -> UriPath.join("c", base, "a"));
    }

    /** URI, and what {@code url.Parse(uri).String()} returns (the ci-provider SAN). */
    static Stream<Arguments> reparsed() {
        return Stream.of(
                arguments("https://codeberg.org/a/w/actions?workflow=r.yml&ref=refs/tags/v1",
                        "https://codeberg.org/a/w/actions?workflow=r.yml&ref=refs/tags/v1"), // the query as written
                arguments("https://h.example/o/r@refs/heads/fix#12", "https://h.example/o/r@refs/heads/fix#12"),
                arguments("https://h.example/x#a b", "https://h.example/x#a%20b"), // encodeFragment
                arguments("https://h.example/x#a#b", "https://h.example/x#a%23b"),
                arguments("https://h.example/x#a?b!(c)", "https://h.example/x#a?b!(c)"),
                arguments("https://h.example/x#", "https://h.example/x"), // an empty fragment is dropped
                arguments("https://h.example/x?", "https://h.example/x?"), // ForceQuery keeps a lone '?'
                arguments("https://h.example/a b/caf\u00e9", "https://h.example/a%20b/caf%C3%A9"),
                arguments("https://h.example/a/../b", "https://h.example/a/../b"), // Parse does not clean
                arguments("HTTP://h.example", "http://h.example"));
    }

    @ParameterizedTest
    @MethodSource("reparsed")
    void reparsedIsGosParseThenString(String uri, String expected) {
        assertEquals(expected, UriPath.reparsed("c", uri));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://h.example/100%", "https://h.example/x#%zz", "https://u@h.example/x",
            "https://h.example/x?q=a b", "https://h.example/x?q=\u00e9", "urn:x:y", "https:opaque", "/relative"})
    void reparsedRefuses(String uri) {
        refused(() -> UriPath.reparsed("c", uri));
    }

    /** ci_config_ref_uri, and the SAN Fulcio writes ({@code url.Parse(claim)}, scheme set to https). */
    static Stream<Arguments> https() {
        String config = "gitlab.com/g/p//.gitlab-ci.yml@refs/heads/";
        return Stream.of(
                arguments(config + "main", "https://" + config + "main"), // '//' kept: Parse does not clean
                arguments(config + "fix#12", "https://" + config + "fix#12"), // a fragment
                arguments(config + "a?b", "https://" + config + "a?b"), // a query
                arguments(config + "my branch", "https://" + config + "my%20branch"),
                arguments(config + "caf\u00e9", "https://" + config + "caf%C3%A9"),
                arguments("gitlab.com/g/../../p", "https://gitlab.com/g/../../p"),
                // Go reads "host:port/…" as an opaque URI and Fulcio writes "https:8443/g/p"; Signet keeps the host
                arguments("gitlab.example.com:8443/g/p", "https://gitlab.example.com:8443/g/p"),
                arguments("1.2.3.4:80/x", "https://1.2.3.4:80/x"));
    }

    @ParameterizedTest
    @MethodSource("https")
    void httpsIsFulciosCiConfigRefUri(String claim, String expected) {
        assertEquals(expected, UriPath.https("c", claim));
    }

    /** Go refuses a malformed escape; Signet also refuses userinfo, a scheme, a host-less path, a port that is not a number. */
    @ParameterizedTest
    @ValueSource(strings = {"gitlab.com/p/100%", "evil@gitlab.com/x", "/x", "//gitlab.com/x", "?x",
            "gitlab.com/x?q=a b",
            "gitlab.com:x/y", "gitlab.com:/y", "[::1/x", "https://gitlab.com/x"})
    void httpsRefuses(String claim) {
        refused(() -> UriPath.https("c", claim));
    }
}
