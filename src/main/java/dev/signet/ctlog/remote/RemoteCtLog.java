package dev.signet.ctlog.remote;

import dev.signet.config.SignetConfig;
import dev.signet.ctlog.AddChainResponse;
import dev.signet.ctlog.CtCertificates;
import dev.signet.ctlog.CtLog;
import dev.signet.ctlog.LogIdentity;
import dev.signet.ctlog.SctVerifier;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * An external RFC 6962 log (TesseraCT, Trillian CTFE, Sunlight, or another Signet) reached over
 * HTTP(S): {@code add-pre-chain} and {@code add-chain} with a total deadline across bounded
 * retries, and every SCT verified against the configured log key before it is returned.
 *
 * <p>Submissions are asynchronous: the POST runs on a Vert.x event loop and the SCT is checked on a
 * small pool of its own, so neither the caller nor the event loop waits or does crypto. HTTPS
 * trusts the JDK trust store, or only the configured CA bundle ({@link LogTlsTrust}); redirects are
 * never followed.
 */
public final class RemoteCtLog implements CtLog, AutoCloseable {
    /** Longest submitted chain, certificates counted. */
    static final int MAX_CHAIN_LENGTH = 16;
    /** Largest certificate submitted. */
    static final int MAX_CERTIFICATE_BYTES = 64 * 1024;
    private static final int MAX_CONNECTIONS = 64;
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    /** Extra time beyond the deadline the Vert.x timers enforce before a submission is given up regardless. */
    private static final long BACKSTOP_MILLIS = 2_000;
    /** Clock difference tolerated between Signet and the log when checking an SCT's timestamp. */
    static final long MAX_SCT_SKEW_MILLIS = 60_000;
    private static final Pattern HOST_HEADER = Pattern.compile(
            "([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])"
                    + "(:[0-9]{1,5})?");

    private final Vertx vertx;
    private final HttpClient client;
    private final String baseUrl;
    private final PublicKey logKey;
    private final LogIdentity identity;
    private final Duration timeout;
    private final Optional<String> hostHeader;
    private final LogTlsTrust trust;
    /** Parses and verifies answers: a few threads, since each SCT check is one signature verification. */
    private final ExecutorService verifying = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), task -> {
                Thread thread = new Thread(task, "ctlog-remote-verify");
                thread.setDaemon(true);
                return thread;
            });

    /**
     * The log configured under {@code signet.ctlog}: {@code url} and {@code public-key} are required,
     * {@code timeout}, {@code origin} and {@code tls-ca-cert} optional.
     *
     * @throws IllegalArgumentException naming the property when a setting is missing or invalid
     */
    public RemoteCtLog(SignetConfig.Ctlog config, Vertx vertx) {
        this(vertx, required(config.url(), "signet.ctlog.url"),
                RemoteLogKey.load(required(config.publicKey(), "signet.ctlog.public-key")),
                config.timeout(), config.origin(), LogTlsTrust.load(config.tlsCaCert(), config.url().orElseThrow()));
    }

    /** Like {@link #RemoteCtLog(Vertx, String, PublicKey, Duration, Optional, LogTlsTrust)} with the JDK trust store. */
    public RemoteCtLog(Vertx vertx, String url, PublicKey logKey, Duration timeout, Optional<String> origin) {
        this(vertx, url, logKey, timeout, origin, LogTlsTrust.jdk());
    }

    /**
     * A client for the log at {@code url} (the part before {@code /ct/v1/}) whose SCTs {@code logKey}
     * signs. {@code timeout} bounds each call, retries included; {@code origin}, when present, is
     * sent as the {@code Host} header instead of the URL's host; {@code trust} verifies the log's TLS
     * certificate.
     *
     * @throws IllegalArgumentException naming the property when a value is invalid
     */
    public RemoteCtLog(Vertx vertx, String url, PublicKey logKey, Duration timeout, Optional<String> origin,
            LogTlsTrust trust) {
        this.vertx = vertx;
        this.baseUrl = validUrl(url);
        this.logKey = logKey;
        this.identity = LogIdentity.of(logKey);
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("signet.ctlog.timeout must be positive and at most " + MAX_TIMEOUT);
        }
        this.timeout = timeout;
        origin.ifPresent(value -> {
            if (!HOST_HEADER.matcher(value).matches()) {
                throw new IllegalArgumentException("signet.ctlog.origin must be a host name with an optional port, "
                        + "as the log expects it in the Host header (no scheme or path)");
            }
        });
        this.hostHeader = origin;
        this.trust = trust;
        HttpClientOptions options = trust.applyTo(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setKeepAliveTimeout(30)
                .setDecompressionSupported(false)
                .setMaxRedirects(0));
        // Vert.x allows 5 connections per host by default: too few for concurrent issuances that each
        // wait about a second for the log to publish.
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS));
    }

    @Override
    public CompletionStage<SignedCertificateTimestamp> submitPreChain(List<byte[]> chain) {
        byte[] issuerKeyHash;
        byte[] tbs;
        try {
            checkChain(chain, 2);
            issuerKeyHash = CtCertificates.issuerKeyHash(Certificate.getInstance(chain.get(1)));
            tbs = CtCertificates.tbsWithout(Certificate.getInstance(chain.get(0)), CtCertificates.POISON);
        } catch (SignetException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(
                    new SignetException(ErrorKind.CT_LOG, "the precertificate chain cannot be parsed", e));
        }
        return submit("add-pre-chain", chain, sct -> SctVerifier.verifyPrecert(sct, issuerKeyHash, tbs, logKey));
    }

    @Override
    public CompletionStage<SignedCertificateTimestamp> submitChain(List<byte[]> chain) {
        try {
            checkChain(chain, 1);
        } catch (SignetException e) {
            return CompletableFuture.failedFuture(e);
        }
        byte[] leaf = chain.get(0);
        return submit("add-chain", chain, sct -> SctVerifier.verifyX509(sct, leaf, logKey));
    }

    @Override
    public LogIdentity identity() {
        return identity;
    }

    /** What verifies the log's TLS certificate; readiness probes use the same. */
    public LogTlsTrust trust() {
        return trust;
    }

    /** The base URL submissions go to, without a trailing slash. */
    public String url() {
        return baseUrl;
    }

    @Override
    public void close() {
        client.close();
        verifying.shutdown();
    }

    /**
     * Posts the chain on a Vert.x event loop (no thread waits for the log), then parses and
     * verifies the answer on {@link #verifying}: crypto stays off the event loop.
     */
    private CompletableFuture<SignedCertificateTimestamp> submit(String endpoint, List<byte[]> chain,
            Predicate<SignedCertificateTimestamp> signatureValid) {
        long submittedAtMillis = System.currentTimeMillis();
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        String target = baseUrl + "/ct/v1/" + endpoint;
        CompletableFuture<SignedCertificateTimestamp> result = new CompletableFuture<>();
        Submission submission;
        try {
            Context context = submissionContext();
            submission = new Submission(vertx, context, client, () -> requestOptions(target), payload(chain), target,
                    deadlineNanos);
            context.runOnContext(ignored -> submission.start());
        } catch (RuntimeException e) {
            result.completeExceptionally(new SignetException(ErrorKind.CT_LOG, "cannot submit to " + target, e));
            return result;
        }
        // The Vert.x timers enforce the deadline; this one is only a backstop should they not run.
        submission.result.orTimeout(timeout.toMillis() + BACKSTOP_MILLIS, TimeUnit.MILLISECONDS)
                .whenCompleteAsync((body, failure) -> {
                    try {
                        if (failure != null) {
                            if (failure instanceof TimeoutException) {
                                submission.cancel("no outcome within the deadline");
                                throw new SignetException(ErrorKind.CT_LOG,
                                        "no outcome from " + target + " within the deadline", failure);
                            }
                            throw CtLog.failure(failure);
                        }
                        SignedCertificateTimestamp sct = AddChainResponse.parse(body);
                        if (!Arrays.equals(sct.logId(), identity.logId())) {
                            throw new SignetException(ErrorKind.CT_LOG,
                                    "the SCT from " + target + " carries the log ID "
                                            + Base64.getEncoder().encodeToString(sct.logId())
                                            + ", not the configured log's "
                                            + Base64.getEncoder().encodeToString(identity.logId()));
                        }
                        if (!signatureValid.test(sct)) {
                            throw new SignetException(ErrorKind.CT_LOG, "the SCT from " + target
                                    + " does not verify with the configured log key");
                        }
                        requireTimestampInWindow(sct, target, submittedAtMillis);
                        result.complete(sct);
                    } catch (RuntimeException e) {
                        result.completeExceptionally(CtLog.failure(e));
                    }
                }, verifyingExecutor());
        return result;
    }

    /** The verifying pool, or the completing thread itself once the client is closed. */
    private Executor verifyingExecutor() {
        return task -> {
            try {
                verifying.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        };
    }

    /**
     * The log stamps the entry while we wait: a time outside that window (plus clock skew) is a
     * misbehaving or replaying log, and the certificate would carry a time no verifier should accept.
     */
    private static void requireTimestampInWindow(SignedCertificateTimestamp sct, String target,
            long submittedAtMillis) {
        long answeredAtMillis = System.currentTimeMillis();
        if (sct.timestamp() < submittedAtMillis - MAX_SCT_SKEW_MILLIS
                || sct.timestamp() > answeredAtMillis + MAX_SCT_SKEW_MILLIS) {
            throw new SignetException(ErrorKind.CT_LOG, "the SCT from " + target + " has the timestamp "
                    + sct.timestamp() + ", outside the submission window " + submittedAtMillis + ".."
                    + answeredAtMillis + " (±" + MAX_SCT_SKEW_MILLIS + " ms)");
        }
    }

    private RequestOptions requestOptions(String target) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(target)
                .setFollowRedirects(false)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.ACCEPT, "application/json")
                .putHeader(HttpHeaders.USER_AGENT, "Signet");
        // TesseraCT routes by the Host it was reached on, which may differ from an internal URL's host.
        hostHeader.ifPresent(host -> options.putHeader(HttpHeaders.HOST, host));
        return options;
    }

    /**
     * An event-loop context for one submission. Never the caller's worker context: its tasks run one
     * at a time, so the submission's callbacks would queue behind whatever that worker does next.
     */
    private Context submissionContext() {
        Context current = Vertx.currentContext();
        if (current != null && current.isEventLoopContext() && current.owner() == vertx) {
            return current;
        }
        if (current == null) {
            return vertx.getOrCreateContext();
        }
        // On a plain thread Vert.x hands out a fresh event-loop context.
        return CompletableFuture.supplyAsync(vertx::getOrCreateContext, ForkJoinPool.commonPool()).join();
    }

    private static Buffer payload(List<byte[]> chain) {
        Base64.Encoder base64 = Base64.getEncoder();
        StringBuilder json = new StringBuilder("{\"chain\":[");
        for (int i = 0; i < chain.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(base64.encodeToString(chain.get(i))).append('"');
        }
        return Buffer.buffer(json.append("]}").toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static void checkChain(List<byte[]> chain, int minimum) {
        if (chain == null || chain.size() < minimum || chain.size() > MAX_CHAIN_LENGTH) {
            throw new SignetException(ErrorKind.CT_LOG, "a chain of " + (chain == null ? 0 : chain.size())
                    + " certificates cannot be submitted (" + minimum + " to " + MAX_CHAIN_LENGTH + ")");
        }
        for (byte[] certificate : chain) {
            if (certificate == null || certificate.length == 0 || certificate.length > MAX_CERTIFICATE_BYTES) {
                throw new SignetException(ErrorKind.CT_LOG, "a chain element is empty or too large to submit");
            }
        }
    }

    private static <T> T required(Optional<T> value, String property) {
        return value.orElseThrow(() -> new IllegalArgumentException(
                property + " is required when signet.ctlog.type=remote"));
    }

    private static String validUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("signet.ctlog.url is not a URL", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("signet.ctlog.url must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "signet.ctlog.url must have a host and no user info, query or fragment");
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.endsWith("/ct/v1")) {
            throw new IllegalArgumentException(
                    "signet.ctlog.url is the part before /ct/v1/, e.g. https://ct.example.com/2026h1");
        }
        return text;
    }
}
