package dev.signet.identity;

import dev.signet.metrics.IssuerTypeLabel;
import java.util.Arrays;
import java.util.Optional;

/** The issuer types of Fulcio's identity file, by their configuration names. */
public enum IssuerType implements IssuerTypeLabel {
    EMAIL("email", "email"),
    GITHUB_WORKFLOW("github-workflow", "sub"),
    GITLAB_PIPELINE("gitlab-pipeline", "sub"),
    BUILDKITE_JOB("buildkite-job", "sub"),
    CODEFRESH_WORKFLOW("codefresh-workflow", "sub"),
    CHAINGUARD_IDENTITY("chainguard-identity", "sub"),
    KUBERNETES("kubernetes", "sub"),
    SPIFFE("spiffe", "sub"),
    URI("uri", "sub"),
    USERNAME("username", "sub"),
    CI_PROVIDER("ci-provider", "sub");

    private final String configName;
    private final String defaultChallengeClaim;

    IssuerType(String configName, String defaultChallengeClaim) {
        this.configName = configName;
        this.defaultChallengeClaim = defaultChallengeClaim;
    }

    /** The {@code Type} value in the identity file. */
    @Override
    public String configName() {
        return configName;
    }

    /** The claim clients sign for this type unless the issuer sets {@code ChallengeClaim}. */
    public String defaultChallengeClaim() {
        return defaultChallengeClaim;
    }

    public static Optional<IssuerType> fromConfigName(String name) {
        return Arrays.stream(values()).filter(t -> t.configName.equals(name)).findFirst();
    }
}
