package dev.signet.certificate;

import java.util.Objects;

/**
 * The single subject alternative name of a leaf certificate.
 *
 * @param type  which GeneralName form carries the value
 * @param value the name, already validated by the identity layer (ASCII for email and URI)
 */
public record SubjectAltName(Type type, String value) {

    /** The GeneralName forms Sigstore certificates use. */
    public enum Type {
        /** rfc822Name. */
        EMAIL,
        /** uniformResourceIdentifier. */
        URI,
        /** otherName with type-id {@link SigstoreOid#OTHER_NAME_SAN}, UTF8String value. */
        USERNAME
    }

    public SubjectAltName {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    public static SubjectAltName email(String email) {
        return new SubjectAltName(Type.EMAIL, email);
    }

    public static SubjectAltName uri(String uri) {
        return new SubjectAltName(Type.URI, uri);
    }
}
