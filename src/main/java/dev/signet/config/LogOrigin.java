package dev.signet.config;

import java.net.URI;
import java.util.Optional;

/**
 * The embedded log's checkpoint origin. static-ct-api makes it the log's submission prefix without
 * scheme, so it follows from Signet's public URL: {@code <host[:port]><path>/log} ({@code /log} is
 * the HTTP prefix the embedded log is served under).
 */
public final class LogOrigin {
    /** The origin of a local log with neither an origin nor a public URL set, as before public URLs. */
    public static final String LOCAL_DEFAULT = "signet.local/log";
    private static final String LOG_PREFIX = "/log";

    private LogOrigin() {
    }

    /**
     * The origin for these settings.
     *
     * @param origin {@code signet.ctlog.embedded.origin}
     * @param publicUrl {@code signet.public-url}
     * @param shared whether replicas share the log (they must agree on one public name)
     * @throws IllegalArgumentException when an explicit origin contradicts the public URL, or a
     *     shared log has neither
     */
    public static String resolve(Optional<String> origin, Optional<String> publicUrl, boolean shared) {
        Optional<String> derived = publicUrl.map(LogOrigin::fromPublicUrl);
        if (origin.isPresent() && derived.isPresent() && !origin.get().equals(derived.get())) {
            throw new IllegalArgumentException("signet.ctlog.embedded.origin=" + origin.get()
                    + " contradicts signet.public-url=" + publicUrl.get() + ", whose log is at " + derived.get()
                    + ": unset the origin, or set it to " + derived.get());
        }
        if (origin.isPresent()) {
            return origin.get();
        }
        if (derived.isPresent()) {
            return derived.get();
        }
        if (shared) {
            throw new IllegalArgumentException("signet.ctlog.embedded.storage=postgresql needs signet.public-url "
                    + "(or signet.ctlog.embedded.origin): every replica must name the log alike");
        }
        return LOCAL_DEFAULT;
    }

    /** {@code https://signet.example.com/x} gives {@code signet.example.com/x/log}. */
    static String fromPublicUrl(String publicUrl) {
        URI uri = URI.create(PublicUrl.validated(publicUrl));
        String authority = uri.getRawAuthority().toLowerCase(java.util.Locale.ROOT);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return authority + path + LOG_PREFIX;
    }
}
