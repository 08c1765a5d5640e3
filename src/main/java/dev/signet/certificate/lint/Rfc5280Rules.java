package dev.signet.certificate.lint;

import static dev.signet.certificate.lint.LintRule.fail;
import static dev.signet.certificate.lint.LintRule.ok;

import dev.signet.codec.DerBytes;
import dev.signet.codec.StrictDer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Extension;

/** The RFC 5280 structure every certificate must have, whatever its profile. */
final class Rfc5280Rules {

    private static final byte[] EMPTY_NAME = {0x30, 0x00};
    private static final Pattern UTC_TIME = Pattern.compile("\\d{12}Z");
    private static final Pattern GENERALIZED_TIME = Pattern.compile("\\d{14}Z");

    private Rfc5280Rules() {
    }

    static List<LintRule> rules() {
        return List.of(
                new LintRule("e_tbs_not_der", "RFC 5280 §4.1 (DER)", Rfc5280Rules::tbsIsDer),
                new LintRule("e_version_not_v3", "RFC 5280 §4.1.2.1",
                        c -> c.version() == 2 ? ok() : fail("version field is " + c.version() + ", not 2 (v3)")),
                new LintRule("e_serial_not_positive", "RFC 5280 §4.1.2.2",
                        c -> c.serial().signum() > 0 ? ok() : fail("serial " + c.serial() + " is not positive")),
                new LintRule("e_serial_too_long", "RFC 5280 §4.1.2.2", c -> {
                    int octets = c.serial().toByteArray().length;
                    return octets <= 20 ? ok() : fail("serial is " + octets + " octets, more than 20");
                }),
                new LintRule("e_signature_algorithm_mismatch", "RFC 5280 §4.1.1.2",
                        c -> Arrays.equals(DerBytes.encode(c.tbsSignature()), DerBytes.encode(c.outerSignature()))
                                ? ok()
                                : fail("TBS signature " + c.tbsSignature().getAlgorithm() + " differs from outer "
                                        + c.outerSignature().getAlgorithm())),
                new LintRule("e_validity_time_encoding", "RFC 5280 §4.1.2.5", Rfc5280Rules::timeEncoding),
                new LintRule("e_validity_not_ordered", "RFC 5280 §4.1.2.5", c -> {
                    if (c.notBefore().isEmpty() || c.notAfter().isEmpty()) {
                        return fail("validity times are unreadable");
                    }
                    return c.notAfter().get().isAfter(c.notBefore().get()) ? ok()
                            : fail("notAfter " + c.notAfter().get() + " is not after notBefore " + c.notBefore().get());
                }),
                new LintRule("e_issuer_not_ca_subject", "RFC 5280 §4.1.2.4, §6.1",
                        c -> Arrays.equals(c.issuer(), c.caSubject()) ? ok()
                                : fail("issuer name bytes differ from the CA certificate's subject")),
                new LintRule("e_unique_identifier_present", "RFC 5280 §4.1.2.8",
                        c -> c.uniqueIdentifiers() ? fail("issuerUniqueID or subjectUniqueID present") : ok()),
                new LintRule("e_extensions_missing", "RFC 5280 §4.1.2.9",
                        c -> c.extensions().isEmpty() ? fail("a v3 leaf without extensions") : ok()),
                new LintRule("e_extension_duplicate", "RFC 5280 §4.2", c -> {
                    Set<ASN1ObjectIdentifier> seen = new HashSet<>();
                    for (Extension extension : c.extensions()) {
                        if (!seen.add(extension.getExtnId())) {
                            return fail("extension " + extension.getExtnId() + " appears more than once");
                        }
                    }
                    return ok();
                }),
                new LintRule("e_empty_subject_san_not_critical", "RFC 5280 §4.2.1.6", c -> {
                    if (!Arrays.equals(c.subject(), EMPTY_NAME)) {
                        return ok();
                    }
                    Optional<Extension> san = c.extension(Extension.subjectAlternativeName);
                    return san.isPresent() && san.get().isCritical() ? ok()
                            : fail("empty subject without a critical subjectAltName");
                }),
                new LintRule("e_authority_key_identifier", "RFC 5280 §4.2.1.1", Rfc5280Rules::authorityKeyIdentifier),
                new LintRule("e_subject_key_identifier", "RFC 5280 §4.2.1.2 (method 1)",
                        Rfc5280Rules::subjectKeyIdentifier));
    }

    /** The TBS as parsed for the other rules, encoded as DER, must be the very bytes that will be signed. */
    private static Optional<String> tbsIsDer(LintedCertificate c) {
        return Arrays.equals(DerBytes.encode(c.tbs()), c.tbsEncoding()) ? ok() : fail("the TBS is not DER-encoded");
    }

    /** UTCTime through 2049, GeneralizedTime from 2050, both to the second in Z. */
    private static Optional<String> timeEncoding(LintedCertificate c) {
        for (ASN1Primitive time : List.of(c.notBeforeTime(), c.notAfterTime())) {
            boolean utc;
            if (time instanceof ASN1UTCTime) {
                utc = true;
            } else if (time instanceof ASN1GeneralizedTime) {
                utc = false;
            } else {
                return fail("validity holds a " + time.getClass().getSimpleName() + ", not a time");
            }
            byte[] encoded = DerBytes.encode(time);
            // Times are short, so the DER header is always two bytes.
            String text = new String(encoded, 2, encoded.length - 2, StandardCharsets.US_ASCII);
            if (!(utc ? UTC_TIME : GENERALIZED_TIME).matcher(text).matches()) {
                return fail("time " + text + " is not in the form RFC 5280 requires");
            }
            Optional<java.time.Instant> instant = LintedCertificate.time(time);
            if (instant.isEmpty()) {
                return fail("time " + text + " is not a valid date");
            }
            int year = ZonedDateTime.ofInstant(instant.get(), ZoneOffset.UTC).getYear();
            if (utc != (year >= 1950 && year <= 2049)) {
                return fail("year " + year + " encoded as " + (utc ? "UTCTime" : "GeneralizedTime"));
            }
        }
        return ok();
    }

    /** Present, non-critical, holding only the CA's key identifier; absent only when the CA has none to name. */
    private static Optional<String> authorityKeyIdentifier(LintedCertificate c) {
        Optional<Extension> extension = c.extension(Extension.authorityKeyIdentifier);
        Optional<byte[]> caKeyId = c.caKeyIdentifier();
        if (caKeyId.isEmpty()) {
            return extension.isEmpty() ? ok()
                    : fail("authorityKeyIdentifier present but the CA has no subjectKeyIdentifier");
        }
        if (extension.isEmpty()) {
            return fail("authorityKeyIdentifier missing");
        }
        if (extension.get().isCritical()) {
            return fail("authorityKeyIdentifier is critical");
        }
        Optional<ASN1Primitive> value = StrictDer.parseValue(extension.get().getExtnValue().getOctets());
        if (value.isEmpty() || !(value.get() instanceof ASN1Sequence sequence) || sequence.size() != 1
                || !(sequence.getObjectAt(0) instanceof ASN1TaggedObject keyId) || keyId.getTagNo() != 0) {
            return fail("authorityKeyIdentifier is not a keyIdentifier alone");
        }
        byte[] octets = ASN1OctetString.getInstance(keyId, false).getOctets();
        return Arrays.equals(octets, caKeyId.get()) ? ok()
                : fail("authorityKeyIdentifier differs from the CA's subjectKeyIdentifier");
    }

    /**
     * Present, non-critical, the SHA-1 of the subjectPublicKey bits as Fulcio v1.8.8 computes it; or,
     * when the CA is configured without it (as Fulcio after v1.8.8), absent.
     */
    private static Optional<String> subjectKeyIdentifier(LintedCertificate c) {
        Optional<Extension> extension = c.extension(Extension.subjectKeyIdentifier);
        if (!c.context().subjectKeyIdentifier()) {
            return extension.isEmpty() ? ok() : fail("subjectKeyIdentifier present but configured off");
        }
        if (extension.isEmpty()) {
            return fail("subjectKeyIdentifier missing");
        }
        if (extension.get().isCritical()) {
            return fail("subjectKeyIdentifier is critical");
        }
        Optional<ASN1Primitive> value = StrictDer.parseValue(extension.get().getExtnValue().getOctets());
        if (value.isEmpty() || !(value.get() instanceof ASN1OctetString keyId)) {
            return fail("subjectKeyIdentifier is not an OCTET STRING");
        }
        byte[] expected;
        try {
            expected =
                    MessageDigest.getInstance("SHA-1").digest(c.subjectPublicKeyInfo().getPublicKeyData().getBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
        return Arrays.equals(expected, keyId.getOctets()) ? ok()
                : fail("subjectKeyIdentifier is not the SHA-1 of the subject key");
    }
}
