package dev.signet.metrics;

/**
 * The {@code issuer_type} label of a metric: a type of identity issuer by its configuration name.
 * Declared here, and implemented by {@code identity}'s issuer types, so metrics (low in the package
 * graph) names the label without importing the identity package.
 */
public interface IssuerTypeLabel {

    /** The label value: the issuer type as the identity file names it, one of a fixed set. */
    String configName();
}
