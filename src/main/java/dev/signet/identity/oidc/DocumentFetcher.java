package dev.signet.identity.oidc;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Fetches one small JSON document from an identity provider, with a total deadline covering
 * connect, redirects and a dribbled body; a body cap; and redirects followed only within the same
 * scheme, host and port. Vert.x follows cross-host redirects by default, so redirects are handled
 * here. No cookies are ever sent; a route's bearer token only on the first request, to its origin.
 * When the route demands public addresses, the host is resolved once here, checked, and the
 * connection made to that very address (a second lookup could answer differently).
 */
final class DocumentFetcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DocumentFetcher.class);
    private static final int MAX_REDIRECTS = 3;

    private final Vertx vertx;
    private final AddressPolicy.Resolver resolver;
    private final FetchClients clients;
    private final Duration deadline;
    private final int maxBytes;

    DocumentFetcher(Vertx vertx, Duration deadline, int maxBytes) {
        this(vertx, deadline, maxBytes, AddressPolicy.SYSTEM);
    }

    DocumentFetcher(Vertx vertx, Duration deadline, int maxBytes, AddressPolicy.Resolver resolver) {
        this.vertx = vertx;
        this.resolver = resolver;
        this.deadline = deadline;
        this.maxBytes = maxBytes;
        this.clients = new FetchClients(vertx, deadline);
    }

    /** The clients, one per trust configuration, that routes are built with. */
    FetchClients clients() {
        return clients;
    }

    /**
     * GETs {@code url} and returns the body. Blocks the calling thread, which must not be a Vert.x
     * event loop.
     *
     * @throws SignetException {@link ErrorKind#IDENTITY_PROVIDER_UNAVAILABLE} when the provider cannot
     *     be reached, times out or answers non-2xx; {@link ErrorKind#INVALID_IDENTITY_TOKEN} when it
     *     redirects to another origin, sends more than the cap, or (for a route demanding public
     *     addresses) its host resolves to a non-public address
     */
    byte[] fetch(URI url, FetchRoute route) {
        if (Context.isOnEventLoopThread()) {
            throw new SignetException(ErrorKind.INTERNAL, "OIDC document fetch attempted on an event loop thread");
        }
        InetAddress pinned = null;
        if (route.pinAddress()) {
            // Blocking DNS on this worker thread, before any connection exists.
            pinned = AddressPolicy.resolve(url.getHost(), resolver, route.publicAddressesOnly());
        }
        Fetch fetch = new Fetch(url, route, pinned);
        fetchContext().runOnContext(ignored -> fetch.start());
        try {
            // The Vert.x timer enforces the deadline; this wait is only a backstop.
            return fetch.result.get(deadline.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fetch.cancel();
            throw new SignetException(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE, "interrupted while fetching " + url);
        } catch (TimeoutException e) {
            fetch.cancel();
            throw unavailable(url, "no answer within the deadline");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SignetException) {
                throw (SignetException) e.getCause();
            }
            throw unavailable(url, e.getCause().getClass().getSimpleName());
        }
    }

    /**
     * An event-loop context for one fetch. Never the caller's worker context: its tasks run one at a
     * time, so callbacks queued behind this blocked call would only run after it gave up.
     */
    private Context fetchContext() {
        Context current = Vertx.currentContext();
        if (current == null) {
            return vertx.getOrCreateContext();
        }
        if (current.isEventLoopContext()) {
            return current;
        }
        // On a plain thread Vert.x creates a fresh event-loop context.
        return CompletableFuture.supplyAsync(vertx::getOrCreateContext, ForkJoinPool.commonPool()).join();
    }

    @Override
    public void close() {
        clients.close();
    }

    /** One fetch, with its redirects, run on the Vert.x context. */
    private final class Fetch {
        private final URI origin;
        private final FetchRoute route;
        private final InetAddress pinned;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final AtomicReference<HttpClientRequest> current = new AtomicReference<>();
        private long timerId = -1;
        private int generation;

        Fetch(URI origin, FetchRoute route, InetAddress pinned) {
            this.origin = origin;
            this.route = route;
            this.pinned = pinned;
        }

        void start() {
            timerId = vertx.setTimer(Math.max(1, deadline.toMillis()),
                    id -> fail(unavailable(origin, "deadline of " + deadline.toMillis() + " ms passed")));
            send(origin, MAX_REDIRECTS);
        }

        void cancel() {
            HttpClientRequest request = current.get();
            if (request != null) {
                request.reset();
            }
        }

        private void send(URI url, int redirectsLeft) {
            // Events of a request abandoned for a redirect must not fail the fetch.
            int myGeneration = ++generation;
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.GET)
                    .setAbsoluteURI(url.toString())
                    .setFollowRedirects(false)
                    .putHeader(HttpHeaders.ACCEPT, "application/json");
            if (pinned != null) {
                // Redirects stay on the same origin, so the checked address serves them too.
                options.setServer(SocketAddress.inetSocketAddress(effectivePort(url), pinned.getHostAddress()));
            }
            boolean firstRequest = redirectsLeft == MAX_REDIRECTS;
            route.bearer().filter(bearer -> firstRequest && sameOrigin(bearer.origin(), url))
                    .ifPresent(bearer -> options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearer.token()));
            route.client().request(options).onComplete(created -> {
                if (myGeneration != generation) {
                    return;
                }
                if (created.failed()) {
                    fail(unavailable(url, created.cause().getClass().getSimpleName()));
                    return;
                }
                HttpClientRequest request = created.result();
                current.set(request);
                if (result.isDone()) {
                    request.reset();
                    return;
                }
                request.exceptionHandler(e -> {
                    if (myGeneration == generation) {
                        fail(unavailable(url, e.getClass().getSimpleName()));
                    }
                });
                request.send().onComplete(sent -> {
                    if (myGeneration != generation) {
                        return;
                    }
                    if (sent.failed()) {
                        fail(unavailable(url, sent.cause().getClass().getSimpleName()));
                    } else {
                        onResponse(url, request, sent.result(), redirectsLeft, myGeneration);
                    }
                });
            });
        }

        private void onResponse(URI url, HttpClientRequest request, HttpClientResponse response, int redirectsLeft,
                int myGeneration) {
            // Set first: resetting a response without a handler makes Vert.x log an error.
            response.exceptionHandler(e -> {
                if (myGeneration == generation) {
                    fail(unavailable(url, e.getClass().getSimpleName()));
                }
            });
            int status = response.statusCode();
            if (isRedirect(status)) {
                generation++;
                request.reset();
                followRedirect(url, response.getHeader(HttpHeaders.LOCATION), redirectsLeft);
                return;
            }
            if (status < 200 || status > 299) {
                fail(unavailable(url, "HTTP status " + status));
                return;
            }
            String declaredLength = response.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declaredLength != null && declaredLengthExceedsCap(declaredLength)) {
                fail(tooLarge(url));
                return;
            }
            Buffer body = Buffer.buffer();
            response.handler(chunk -> {
                if (result.isDone()) {
                    return;
                }
                if ((long) body.length() + chunk.length() > maxBytes) {
                    fail(tooLarge(url));
                    return;
                }
                body.appendBuffer(chunk);
            });
            response.endHandler(ignored -> succeed(body.getBytes()));
        }

        private void followRedirect(URI from, String location, int redirectsLeft) {
            if (location == null) {
                fail(unavailable(from, "redirect without Location"));
                return;
            }
            if (redirectsLeft == 0) {
                fail(invalid(from, "more than " + MAX_REDIRECTS + " redirects"));
                return;
            }
            URI target;
            try {
                target = from.resolve(new URI(location));
            } catch (URISyntaxException | IllegalArgumentException e) {
                fail(invalid(from, "redirect to an unparsable location"));
                return;
            }
            if (!sameOrigin(from, target)) {
                // Never contact the other host: discovery must not become an open proxy (Fulcio CVE-2026-49478).
                fail(invalid(from, "redirect to another origin"));
                return;
            }
            send(target, redirectsLeft - 1);
        }

        private boolean declaredLengthExceedsCap(String declaredLength) {
            try {
                return Long.parseLong(declaredLength.trim()) > maxBytes;
            } catch (NumberFormatException e) {
                return false; // the streaming cap still applies
            }
        }

        private void succeed(byte[] bytes) {
            if (result.complete(bytes)) {
                vertx.cancelTimer(timerId);
            }
        }

        private void fail(SignetException failure) {
            if (result.completeExceptionally(failure)) {
                vertx.cancelTimer(timerId);
                HttpClientRequest request = current.get();
                if (request != null) {
                    request.reset();
                }
                LOG.debugf("OIDC document fetch failed: %s", failure.getMessage());
            }
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    static boolean sameOrigin(URI a, URI b) {
        if (a.getScheme() == null || b.getScheme() == null || a.getHost() == null || b.getHost() == null) {
            return false;
        }
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
                && effectivePort(a) == effectivePort(b)
                && b.getRawUserInfo() == null;
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static SignetException unavailable(URI url, String why) {
        return new SignetException(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE,
                "fetching OIDC document from " + origin(url) + " failed: " + why);
    }

    private static SignetException invalid(URI url, String why) {
        return new SignetException(ErrorKind.INVALID_IDENTITY_TOKEN,
                "OIDC document from " + origin(url) + " rejected: " + why);
    }

    private SignetException tooLarge(URI url) {
        return invalid(url, "body larger than " + maxBytes + " bytes");
    }

    /** Scheme, host and port only: paths and queries of provider URLs stay out of logs. */
    private static String origin(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }
}
