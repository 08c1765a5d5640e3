package dev.signet.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every deployment setting of Signet, under the prefix {@code signet}. Each property can also be
 * set as an environment variable ({@code signet.ca.type} is {@code SIGNET_CA_TYPE}). Values are
 * validated at startup; a bad value stops Signet with the property named.
 */
@ConfigMapping(prefix = "signet")
public interface SignetConfig {

    /** Directory for Signet's own state (generated CA material, the embedded log). Defaults to {@code data}. */
    @WithDefault("data")
    Path dataDir();

    /**
     * The URL clients reach Signet at, e.g. {@code https://signet.example.com}: an absolute http(s)
     * URL without user info, query or fragment (a trailing slash is dropped), checked at startup.
     * Signet names itself by it (the trusted root); never by a request's Host header. No default:
     * {@code http://<quarkus.http.host>:<quarkus.http.port>}, with {@code 0.0.0.0} named {@code localhost}.
     */
    Optional<String> publicUrl();

    /** Identity providers. */
    Identity identity();

    /** The certificate authority's key and chain. */
    Ca ca();

    /** The issued leaf certificates. */
    Certificate certificate();

    /** Outbound OIDC discovery and JWKS fetching, and token limits. */
    Oidc oidc();

    /**
     * Client (key, hash) combinations accepted for proof of possession, by the names Fulcio's
     * {@code --client-signing-algorithms} uses, plus the experimental {@code ml-dsa-44},
     * {@code ml-dsa-65} and {@code ml-dsa-87} of Sigstore's algorithm registry (beyond Fulcio).
     * Defaults to the seven Fulcio defaults, without ML-DSA.
     */
    @WithDefault("ecdsa-sha2-256-nistp256,ecdsa-sha2-384-nistp384,ecdsa-sha2-512-nistp521,"
            + "rsa-sign-pkcs1-2048-sha256,rsa-sign-pkcs1-3072-sha256,rsa-sign-pkcs1-4096-sha256,ed25519")
    @NotEmpty
    List<String> clientSigningAlgorithms();

    /** The local demo OIDC issuer (dev profile only). */
    Demo demo();

    /** The Certificate Transparency log every certificate is entered in. */
    Ctlog ctlog();

    /** In-process rate limits on certificate requests. */
    RateLimit rateLimit();

    /** How Signet keeps its heap small when the JVM was given no heap size (dev.signet.memory). */
    Memory memory();

    /**
     * Heap sizing for the plain {@code java -jar} case: with no {@code -Xmx}, {@code -XX:MaxRAM*} or
     * heap free ratios on the command line, the JVM sizes the heap from the machine (a quarter of its
     * RAM), and G1 grows it under load far past what Signet keeps alive (about 50 MiB). Then Signet
     * lowers the heap free ratios, collects (and trims the C heap) after start-up, and collects again whenever the
     * committed heap passes {@code heap-budget}, so the heap shrinks back. Explicit JVM heap options
     * turn all of this off: the operator's sizing wins.
     */
    interface Memory {
        /** Turns the adaptation on or off. Defaults to {@code true} (it still only acts without explicit heap options). */
        @WithDefault("true")
        boolean enabled();

        /**
         * Committed heap past which a full collection shrinks the heap again, at most once per
         * {@code min-interval}. Defaults to {@code 192M}: under load such a collection leaves the heap
         * at about 120–140 MiB (the JVM's own free ratios, so the young generation is not starved),
         * and one G1 expansion past the budget starts the next one (docs/performance.md, "Footprint").
         */
        @WithDefault("192M")
        MemorySize heapBudget();

        /**
         * Shortest time between two of those collections, so a busy heap cannot turn into back-to-back
         * full GCs; a collection due sooner waits for the rest of the interval. Defaults to {@code 1s}.
         */
        @WithDefault("1s")
        Duration minInterval();
    }

    /**
     * Token buckets on {@code POST /api/v1|v2/signingCert} and gRPC {@code CreateSigningCertificate}:
     * one per client address (checked before the token is read) and one per identity (issuer and
     * subject, checked right after the token is verified). A refused request gets 429 (gRPC
     * RESOURCE_EXHAUSTED) with {@code Retry-After}. Read-only endpoints and health are never limited.
     */
    interface RateLimit {
        /**
         * Turns both limits on or off. Defaults to {@code true}: one client must not be able to fill
         * the log pool or the CA's signing capacity for everyone; the defaults are far above what an
         * honest client sends.
         */
        @WithDefault("true")
        boolean enabled();

        /** The limit per client address (an IPv6 client counts per /64). */
        AddressLimit address();

        /** The limit per verified identity (issuer URL and subject). */
        IdentityLimit identity();

        /**
         * The limit per client address on the embedded log's {@code add-chain} and
         * {@code add-pre-chain}, a bucket apart from the certificate requests' one, with the same
         * defaults (20 a second, burst 100).
         */
        AddressLimit log();

        /**
         * Addresses or CIDR ranges of reverse proxies whose {@code X-Forwarded-For} is believed: the
         * client is then the right-most address in that header that is not itself a trusted proxy.
         * No default: the header is never believed and the client is the TCP peer.
         */
        Optional<List<String>> trustedProxies();

        /**
         * Most buckets kept per limit; past it the least recently used bucket is dropped, so clients
         * rotating addresses cannot grow memory without bound. Defaults to {@code 100000}.
         */
        @WithDefault("100000")
        @Min(16)
        @Max(10_000_000)
        int maxTracked();

        /** The bucket per client address: {@code rate} tokens a second refill it, up to {@code burst}. */
        interface AddressLimit {
            /** Requests a second one address may send on average (fractions allowed). Defaults to {@code 20}. */
            @WithDefault("20")
            @DecimalMin("0.001")
            @DecimalMax("1000000")
            double rate();

            /** Requests one address may send at once after a quiet period. Defaults to {@code 100}. */
            @WithDefault("100")
            @Min(1)
            @Max(1_000_000)
            int burst();
        }

        /** The bucket per identity: {@code rate} tokens a second refill it, up to {@code burst}. */
        interface IdentityLimit {
            /** Certificates a second one identity may get on average (fractions allowed). Defaults to {@code 5}. */
            @WithDefault("5")
            @DecimalMin("0.001")
            @DecimalMax("1000000")
            double rate();

            /**
             * Certificates one identity may get at once, e.g. a CI matrix signing in parallel. Defaults
             * to {@code 50}.
             */
            @WithDefault("50")
            @Min(1)
            @Max(1_000_000)
            int burst();
        }
    }

    /** Identity providers. */
    interface Identity {
        /**
         * Path of the Fulcio-format identity file (JSON or YAML). No default: without it Signet
         * trusts no issuer and every token is rejected.
         */
        Optional<Path> config();

        /**
         * How often the identity file (and the policy file) are checked for changes; a changed file
         * that validates replaces the configuration atomically, one that does not is logged and
         * ignored. {@code 0s} turns reloading off. Defaults to {@code 10s}.
         */
        @WithDefault("10s")
        Duration reloadInterval();
    }

    /** Operator rules on who may get a certificate. */
    Policy policy();

    /** Operator rules on who may get a certificate. */
    interface Policy {
        /**
         * Path of the issuance policy file (JSON or YAML, see docs/policy.md). No default: without
         * it every verified identity of a configured issuer may get a certificate.
         */
        Optional<Path> config();
    }

    /** The certificate authority. */
    interface Ca {
        /**
         * Which backend signs certificates: {@code file}, {@code pkcs11}, {@code kms} or {@code ephemeral}.
         * Defaults to {@code file}.
         */
        @WithDefault("file")
        CaType type();

        /**
         * How often the CA key makes a test signature for readiness ({@code /q/health/ready}); a
         * failing real signature also makes Signet unready at once. Defaults to {@code 30s}; at
         * least {@code 1s}.
         */
        @WithDefault("30s")
        Duration healthCheckInterval();

        /** The file backend. */
        FileCa file();

        /**
         * PEM files of CA chains published beside the issuing chain (rotation), each issuing
         * certificate first and root last; checked at startup. No default (none).
         */
        Optional<List<Path>> additionalChains();

        /** The HSM backend, through the JDK's SunPKCS11 provider. */
        Pkcs11 pkcs11();

        /**
         * The HSM backend: the CA key stays in a PKCS#11 token and every signature is made there;
         * nothing falls back to a software key. Validated at startup when {@code signet.ca.type=pkcs11}.
         */
        interface Pkcs11 {
            /**
             * SunPKCS11 provider configuration file ({@code name}, {@code library}, {@code slot} or
             * {@code slotListIndex}, …). No default; required for {@code pkcs11}.
             */
            Optional<Path> config();

            /**
             * Alias of the CA key in the token (the keystore alias: {@code keytool -alias}, the
             * object's {@code CKA_LABEL}). No default; required for {@code pkcs11}.
             */
            Optional<String> keyAlias();

            /**
             * Name of the environment variable that holds the token PIN (user PIN). No default;
             * exactly one of {@code pin-env} and {@code pin-file} must be set.
             */
            Optional<String> pinEnv();

            /**
             * File that holds the token PIN (one line; a trailing newline is ignored), e.g. a mounted
             * Kubernetes secret. No default; exactly one of {@code pin-env} and {@code pin-file} must be set.
             */
            Optional<Path> pinFile();

            /**
             * PEM chain that replaces the token's certificate: the CA certificate of the key first,
             * then intermediates, root last. No default: the certificate stored under the alias in
             * the token is used.
             */
            Optional<Path> certChain();

            /**
             * PEM file of intermediates and root appended after the token's CA certificate. No
             * default; not allowed together with {@code cert-chain} (which already holds them).
             */
            Optional<Path> intermediates();

            /**
             * Shortest time between two attempts to reconnect to the token after a failure (new
             * provider, login, key lookup). Defaults to {@code 5s}.
             */
            @WithDefault("5s")
            Duration reconnectInterval();
        }

        /** The cloud KMS backend (AWS KMS, Google Cloud KMS, HashiCorp Vault Transit). */
        Kms kms();

        /**
         * The cloud KMS backend: the CA key stays in the KMS and every signature is made there.
         * Validated at startup when {@code signet.ca.type=kms}.
         */
        interface Kms {
            /**
             * The key, in Fulcio's reference syntax: {@code awskms://[ENDPOINT]/<key id|ARN|alias/NAME>},
             * {@code gcpkms://projects/P/locations/L/keyRings/R/cryptoKeys/K/cryptoKeyVersions/N} or
             * {@code hashivault://KEYNAME}. No default; required for {@code kms}.
             */
            Optional<String> key();

            /**
             * PEM chain of the key: the certificate holding the KMS key's public key first, root last.
             * No default; required for {@code kms}.
             */
            Optional<Path> certChain();

            /**
             * Deadline of one KMS call, the service client's retries and the wait for a free slot
             * included. Defaults to {@code 5s}; between {@code 100ms} and {@code 60s}.
             */
            @WithDefault("5s")
            Duration timeout();

            /** Most signatures outstanding at the KMS at once. Defaults to {@code 64}; 1 to 4096. */
            @WithDefault("64")
            @Min(1)
            @Max(4096)
            int maxInFlight();

            /**
             * The service's endpoint URL instead of the one the SDK derives (a VPC endpoint, a FIPS
             * endpoint), e.g. {@code https://kms.eu-west-1.amazonaws.com}. For {@code awskms} a host
             * written in the reference means {@code https://HOST}; this setting wins over it. For
             * {@code gcpkms} it is the gRPC endpoint instead of {@code cloudkms.googleapis.com}
             * ({@code https://HOST[:PORT]}; {@code http} only on a loopback address, spoken to in
             * plaintext without credentials). For {@code hashivault} it is the Vault address (else
             * {@code VAULT_ADDR}). No default.
             */
            Optional<String> endpoint();

            /**
             * AWS region of the key. No default: the region of a key ARN, else the AWS SDK's region
             * chain ({@code AWS_REGION}, the profile, instance metadata).
             */
            Optional<String> awsRegion();

            /**
             * File holding the Vault token (e.g. written by Vault Agent's Kubernetes auth), read again
             * when Vault answers 403. No default: {@code VAULT_TOKEN}.
             */
            Optional<Path> vaultTokenFile();

            /**
             * Mount path of Vault's Transit secrets engine. No default: {@code TRANSIT_SECRET_ENGINE_PATH},
             * else {@code transit}.
             */
            Optional<String> vaultTransitPath();

            /**
             * Role of Vault's Kubernetes auth method: when set, Signet logs in to Vault with the pod's
             * service account token instead of using a Vault token (not together with
             * {@code vault-token-file} or {@code VAULT_TOKEN}). No default.
             */
            Optional<String> vaultKubernetesRole();

            /** Mount path of Vault's Kubernetes auth method. Defaults to {@code kubernetes}. */
            @WithDefault("kubernetes")
            String vaultKubernetesMount();

            /**
             * The service account token sent to Vault's Kubernetes login, read again at every login
             * (projected tokens rotate). Defaults to {@code /var/run/secrets/kubernetes.io/serviceaccount/token}.
             */
            @WithDefault("/var/run/secrets/kubernetes.io/serviceaccount/token")
            Path vaultKubernetesTokenFile();
        }

        /** The file backend: a PEM chain and an encrypted PKCS#8 key. */
        interface FileCa {
            /**
             * PEM chain, issuing certificate first and root last. No default: when cert, key and
             * password are all unset, a root and intermediate are generated under the data directory.
             */
            Optional<Path> cert();

            /** Encrypted PKCS#8 PEM private key of the issuing certificate. No default. */
            Optional<Path> key();

            /** Password of the private key. No default. */
            Optional<String> password();

            /** Reload the pair when both files change and the new pair validates. Defaults to {@code true}. */
            @WithDefault("true")
            boolean watch();

            /** How often the files are checked for changes. Defaults to {@code 5s}. */
            @WithDefault("5s")
            Duration watchInterval();
        }
    }

    /** Issued leaf certificates. */
    interface Certificate {
        /** Lifetime of an issued certificate. Defaults to {@code 10m}; at most 24 hours. */
        @WithDefault("10m")
        Duration validity();

        /**
         * Whether leaves carry a Subject Key Identifier (RFC 5280 §4.2.1.2 method 1), as Fulcio
         * v1.8.8's do; Fulcio's unreleased main branch no longer writes one. Defaults to {@code true}.
         */
        @WithDefault("true")
        @WithConverter(StrictBoolean.class)
        boolean leafSubjectKeyIdentifier();
    }

    /** OIDC discovery, JWKS and token limits. */
    interface Oidc {
        /** Total deadline of one discovery or JWKS fetch, body included. Defaults to {@code 5s}. */
        @WithDefault("5s")
        Duration fetchTimeout();

        /** Largest discovery or JWKS document accepted, in bytes. Defaults to {@code 1048576} (1 MiB). */
        @WithDefault("1048576")
        @Min(1024)
        @Max(16 * 1024 * 1024)
        int maxDocumentBytes();

        /** Shortest time between two key refreshes of one issuer caused by an unknown {@code kid}. Defaults to {@code 30s}. */
        @WithDefault("30s")
        Duration minRefreshInterval();

        /** How long fetched keys are used before a scheduled refresh. Defaults to {@code 1h}. */
        @WithDefault("1h")
        Duration keysMaxAge();

        /** Largest identity token accepted, in characters. Defaults to {@code 16384}. */
        @WithDefault("16384")
        @Min(1024)
        @Max(1024 * 1024)
        int maxTokenLength();

        /** Clock skew allowed on {@code exp} and {@code nbf}, at most 60 seconds. Defaults to {@code 60s}. */
        @WithDefault("60s")
        Duration clockSkew();

        /**
         * Let meta issuers' discovery and JWKS fetches reach private, loopback, link-local,
         * unique-local, CGNAT, multicast and unspecified addresses. Defaults to {@code false}: a meta
         * issuer's URL comes from an unverified token, so its host must resolve to public addresses
         * only. Static issuers are chosen by the operator and are never restricted (an internal
         * Keycloak is fine). Meant for tests and for deployments whose meta issuers are internal.
         */
        @WithDefault("false")
        boolean allowPrivateAddresses();

        /** The in-cluster Kubernetes API server as an issuer. */
        Kubernetes kubernetes();

        /** Keys of meta issuers: issuers synthesised from a MetaIssuers pattern for a token's {@code iss}. */
        MetaIssuers metaIssuers();

        /**
         * A meta issuer's URL comes from an unverified token, so anyone can mint new ones: their keys
         * live in a cache of their own (static issuers' keys are never evicted), a failed fetch is not
         * retried for a while, and only a few of their fetches run at once.
         */
        interface MetaIssuers {
            /**
             * Most meta issuers whose keys are kept; past it the cache drops the entry least likely
             * to be used again (frequency and recency). Defaults to {@code 100}.
             */
            @WithDefault("100")
            @Min(1)
            @Max(100_000)
            int maxCached();

            /**
             * How long a meta issuer whose discovery or JWKS fetch failed is refused with that failure
             * before its keys are fetched again. Defaults to {@code 5m}; from {@code 1s} to {@code 24h}.
             */
            @WithDefault("5m")
            Duration failureBackoff();

            /**
             * Most key fetches for meta issuers in flight at once, over all meta issuers; a token that
             * needs one more gets 503 (gRPC UNAVAILABLE) with {@code Retry-After}. Defaults to {@code 4}.
             */
            @WithDefault("4")
            @Min(1)
            @Max(1000)
            int maxConcurrentFetches();
        }

        /**
         * The in-cluster Kubernetes API server issuer: a static issuer with exactly this URL gets the
         * cluster CA trusted and the pod's service-account token sent, to this host only.
         */
        interface Kubernetes {
            /** URL of the in-cluster API server issuer. Defaults to {@code https://kubernetes.default.svc}. */
            @WithDefault("https://kubernetes.default.svc")
            String issuerUrl();

            /** PEM of the cluster CA. Defaults to {@code /var/run/secrets/kubernetes.io/serviceaccount/ca.crt}. */
            @WithDefault("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt")
            Path caCert();

            /**
             * The pod's service-account token, read again for every fetch because it rotates.
             * Defaults to {@code /var/run/secrets/kubernetes.io/serviceaccount/token}.
             */
            @WithDefault("/var/run/secrets/kubernetes.io/serviceaccount/token")
            Path token();
        }
    }

    /** The demo issuer: a local OIDC provider that mints tokens for any email, for trying Signet. */
    interface Demo {
        /**
         * Serve and trust the demo issuer at {@code /demo-issuer}. Defaults to {@code false}; on in the
         * dev profile. Startup fails if it is enabled in the prod profile.
         */
        @WithDefault("false")
        boolean enabled();
    }

    /** The Certificate Transparency log: embedded (in-process, on disk) or a remote RFC 6962 log. */
    interface Ctlog {
        /** Which log: {@code embedded}, {@code remote} or {@code none} (tests only). Defaults to {@code embedded}. */
        @WithDefault("embedded")
        CtLogType type();

        /** The embedded static-ct-api log, stored under {@code <data-dir>/ctlog}. */
        Embedded embedded();

        /** Base URL of the remote RFC 6962 log (the part before {@code /ct/v1/}). No default; required for {@code remote}. */
        Optional<String> url();

        /** PEM public key of the remote log, to verify its SCTs before embedding them. No default; required for {@code remote}. */
        Optional<Path> publicKey();

        /** Deadline of one submission to the remote log, retries included. Defaults to {@code 10s}. */
        @WithDefault("10s")
        Duration timeout();

        /**
         * Host header sent to the remote log, e.g. {@code ct.example.com}, when Signet reaches it by
         * another (internal) URL; TesseraCT checks the Host it was reached on. No default: the host of
         * {@code signet.ctlog.url}.
         */
        Optional<String> origin();

        /**
         * PEM bundle of the CA certificates that verify the remote log's TLS certificate, as Fulcio's
         * {@code --ct-log.tls-ca-cert}: for a log behind a private CA. When set, only these
         * certificates are trusted for the log (submissions and readiness probes), not the JDK trust
         * store; {@code signet.ctlog.url} must then be {@code https://}. Checked at startup. No
         * default: the JDK trust store.
         */
        Optional<Path> tlsCaCert();

        /**
         * Return the SCT beside the certificate (v2 {@code signedCertificateDetachedSct}, v1 {@code SCT}
         * header) instead of embedding it, for legacy clients. The certificate is then logged with
         * {@code add-chain}. Defaults to {@code false}.
         */
        @WithDefault("false")
        boolean detachedSct();

        /** The embedded log. */
        interface Embedded {
            /**
             * Checkpoint origin and note key name: the log's submission prefix without scheme or
             * trailing slash, as static-ct-api requires, e.g. {@code signet.example.com/log}. Changing
             * it starts a different log (new shard). No default: derived from
             * {@code signet.public-url} as {@code <host[:port]><path>/log}; with no public URL either,
             * {@code signet.local/log} for the local storage, while the postgresql storage refuses to
             * start (its replicas must share one public name). Set together with
             * {@code signet.public-url} it must equal the derived value.
             */
            Optional<String> origin();

            /**
             * Where the log keeps its state: {@code local} (a directory under the data directory, one
             * Signet process) or {@code postgresql} (tables shared by any number of replicas; see
             * {@code signet.ctlog.embedded.postgresql.*}). Defaults to {@code local}.
             */
            @WithDefault("local")
            LogStorageType storage();

            /** The PostgreSQL database of the shared log, used when {@code storage=postgresql}. */
            Postgresql postgresql();

            /** Connection to the shared log's database (Quarkus' datasource {@code ctlog}, schema migrated by Flyway at start). */
            interface Postgresql {
                /**
                 * JDBC URL, e.g. {@code jdbc:postgresql://db:5432/signet?sslmode=verify-full}. No default;
                 * required with {@code storage=postgresql}.
                 */
                Optional<String> url();

                /** Database user. No default (the driver's: the OS user). */
                Optional<String> user();

                /** Database password. No default; not together with {@code password-file}. */
                Optional<String> password();

                /**
                 * File holding the database password (read at start, a trailing newline dropped), e.g. a
                 * mounted Kubernetes Secret. No default; not together with {@code password}.
                 */
                Optional<Path> passwordFile();

                /** Most connections this replica holds to the database. Defaults to {@code 8}. */
                @WithDefault("8")
                @Min(2)
                @Max(200)
                int maxConnections();
            }

            /** How long submissions pool before one flush sequences and publishes them. Defaults to {@code 250ms}. */
            @WithDefault("250ms")
            Duration period();

            /** Most submissions waiting in one pool; more are answered 503 (retry later). Defaults to {@code 4096}. */
            @WithDefault("4096")
            @Min(1)
            @Max(1_000_000)
            int poolSize();

            /**
             * Most bytes of certificates the submissions waiting in one pool may hold (each counts its
             * chain's DER, its signed data and a fixed 512 bytes); more are answered 503. Defaults to
             * {@code 32M}, about 4096 typical chains of Signet's own.
             */
            @WithDefault("32M")
            MemorySize poolBytes();

            /**
             * The part of {@code pool-size} and {@code pool-bytes} that outside submissions
             * ({@code add-chain}, {@code add-pre-chain}) may fill, above 0 and at most 1; the rest is
             * kept for Signet's own certificates, which may fill the whole pool. Defaults to {@code 0.5}.
             */
            @WithDefault("0.5")
            @DecimalMin(value = "0", inclusive = false)
            @DecimalMax("1")
            double outsideShare();

            /**
             * Whether {@code add-chain} and {@code add-pre-chain} take submissions from outside (other
             * Signet replicas, other CAs under the accepted roots). {@code false} answers them 403
             * while the read API and Signet's own issuance go on. Defaults to {@code true}.
             */
            @WithDefault("true")
            boolean acceptSubmissions();

            /**
             * PKCS#8 PEM file of the ECDSA P-256 log key. No default: when unset a key is generated
             * on first start as {@code <data-dir>/ctlog/log-key.pem} (mode 0600) and reused; the
             * postgresql storage refuses to start without one (every replica signs with the same key).
             */
            Optional<Path> key();

            /**
             * PEM file of further root certificates whose chains the log accepts, besides Signet's
             * own CA root. No default.
             */
            Optional<Path> roots();
        }
    }
}
