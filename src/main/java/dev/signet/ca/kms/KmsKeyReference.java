package dev.signet.ca.kms;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A KMS key named in Fulcio's syntax (sigstore/sigstore {@code pkg/signature/kms}), so a Fulcio
 * deployment's {@code --kms-resource} carries over unchanged:
 * <ul>
 * <li>{@code awskms://[endpoint]/<key id | key ARN | alias/NAME | alias ARN>}</li>
 * <li>{@code gcpkms://projects/P/locations/L/keyRings/R/cryptoKeys/K/cryptoKeyVersions/N}</li>
 * <li>{@code hashivault://<key name>}</li>
 * </ul>
 *
 * @param service  which KMS
 * @param endpoint the host[:port] written in an {@code awskms} reference, if any
 * @param keyId    what the service names the key with: the AWS key id, ARN or alias; the Google
 *                 crypto key version's resource name; the Vault transit key name
 * @param region   the AWS region of an ARN, if the reference is one
 */
public record KmsKeyReference(Service service, Optional<String> endpoint, String keyId, Optional<String> region) {

    /** The services a reference can name. */
    public enum Service {
        AWS("awskms://"), GCP("gcpkms://"), VAULT("hashivault://");

        private final String scheme;

        Service(String scheme) {
            this.scheme = scheme;
        }

        public String scheme() {
            return scheme;
        }
    }

    /** Longest reference accepted (ARNs and Google resource names are far shorter). */
    public static final int MAX_LENGTH = 512;

    // As sigstore/sigstore pkg/signature/kms/aws/client.go accepts them.
    private static final String UUID =
            "m?r?k?-?[A-Fa-f0-9]{8}-?[A-Fa-f0-9]{4}-?[A-Fa-f0-9]{4}-?[A-Fa-f0-9]{4}-?[A-Fa-f0-9]{12}";
    private static final String ARN = "arn:(?:aws|aws-us-gov|aws-cn):kms:([a-z0-9-]+):\\d{12}:";
    private static final Pattern AWS = Pattern.compile("^awskms://([^/]*)/(" + UUID + "|" + ARN + "key/" + UUID
            + "|alias/[A-Za-z0-9/_-]+|" + ARN + "alias/[A-Za-z0-9/_-]+)$");
    // As pkg/signature/kms/gcp/client.go accepts them, with the version required: Signet signs with one version.
    private static final Pattern GCP = Pattern.compile("^gcpkms://(projects/[^/]+/locations/[^/]+/keyRings/[^/]+"
            + "/cryptoKeys/[^/]+/cryptoKeyVersions/[^/]+)$");
    // As pkg/signature/kms/hashivault/client.go accepts them.
    private static final Pattern VAULT = Pattern.compile("^hashivault://(\\w(?:[\\w.-]*\\w)?)$");

    public KmsKeyReference {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(region, "region");
    }

    /**
     * The reference {@code text} names.
     *
     * @throws IllegalArgumentException naming the accepted forms; the text itself is not repeated
     *     when it is over-long
     */
    public static KmsKeyReference parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a KMS key reference must have 1 to " + MAX_LENGTH + " characters");
        }
        Matcher aws = AWS.matcher(text);
        if (aws.matches()) {
            String region = aws.group(3) != null ? aws.group(3) : aws.group(4);
            return new KmsKeyReference(Service.AWS, Optional.of(aws.group(1)).filter(host -> !host.isEmpty()),
                    aws.group(2), Optional.ofNullable(region));
        }
        Matcher gcp = GCP.matcher(text);
        if (gcp.matches()) {
            return new KmsKeyReference(Service.GCP, Optional.empty(), gcp.group(1), Optional.empty());
        }
        Matcher vault = VAULT.matcher(text);
        if (vault.matches()) {
            return new KmsKeyReference(Service.VAULT, Optional.empty(), vault.group(1), Optional.empty());
        }
        throw new IllegalArgumentException("'" + text + "' is not a KMS key reference: expected awskms://[ENDPOINT]/"
                + "<key id|key ARN|alias/NAME|alias ARN>, gcpkms://projects/P/locations/L/keyRings/R/cryptoKeys/K/"
                + "cryptoKeyVersions/N or hashivault://KEYNAME");
    }

    @Override
    public String toString() {
        return service.scheme() + endpoint.orElse("") + (service == Service.AWS ? "/" : "") + keyId;
    }
}
