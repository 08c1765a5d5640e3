package dev.signet.certificate.lint;

import static dev.signet.certificate.lint.LintRule.fail;
import static dev.signet.certificate.lint.LintRule.ok;

import dev.signet.certificate.LeafProfile;
import dev.signet.codec.StrictDer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Extension;

/** Where the RFC 6962 extensions go: poison only in a precertificate, the SCT list only in a final certificate. */
final class TransparencyRules {

    private static final byte[] DER_NULL = {0x05, 0x00};
    // version(1) + log_id(32) + timestamp(8) + extensions length(2) + hash(1) + signature algorithm(1) + length(2)
    private static final int MIN_SCT_BYTES = 47;

    private TransparencyRules() {
    }

    static List<LintRule> rules() {
        return List.of(
                new LintRule("e_ct_poison", "RFC 6962 §3.1 (critical, NULL, precertificates only)", c -> {
                    Optional<Extension> poison = c.extension(LeafProfile.CT_PRECERT_POISON);
                    if (c.context().kind() != LeafKind.PRECERTIFICATE) {
                        return poison.isPresent() ? fail("poison in a " + c.context().kind() + " certificate") : ok();
                    }
                    if (poison.isEmpty()) {
                        return fail("precertificate without the poison extension");
                    }
                    if (!poison.get().isCritical()) {
                        return fail("poison is not critical");
                    }
                    return Arrays.equals(poison.get().getExtnValue().getOctets(), DER_NULL) ? ok()
                            : fail("poison value is not ASN.1 NULL");
                }),
                new LintRule("e_ct_sct_list", "RFC 6962 §3.3 (non-critical, parseable, final certificates only)", c -> {
                    Optional<Extension> scts = c.extension(LeafProfile.CT_SCT_LIST);
                    if (c.context().kind() != LeafKind.FINAL) {
                        return scts.isPresent() ? fail("SCT list in a " + c.context().kind() + " certificate") : ok();
                    }
                    if (scts.isEmpty()) {
                        return fail("final certificate without an SCT list");
                    }
                    if (scts.get().isCritical()) {
                        return fail("SCT list is critical");
                    }
                    Optional<ASN1Primitive> value = StrictDer.parseValue(scts.get().getExtnValue().getOctets());
                    if (value.isEmpty() || !(value.get() instanceof ASN1OctetString list)) {
                        return fail("SCT list is not a DER OCTET STRING");
                    }
                    return sctList(list.getOctets());
                }));
    }

    /** A TLS SignedCertificateTimestampList of one or more version-1 SCTs with nothing left over. */
    static Optional<String> sctList(byte[] list) {
        if (list.length < 2 || u16(list, 0) != list.length - 2) {
            return fail("SCT list length prefix does not match");
        }
        int at = 2;
        int count = 0;
        while (at < list.length) {
            if (at + 2 > list.length) {
                return fail("SCT list truncated");
            }
            int length = u16(list, at);
            at += 2;
            if (length < MIN_SCT_BYTES || at + length > list.length) {
                return fail("SCT " + count + " has a bad length");
            }
            Optional<String> problem = sct(Arrays.copyOfRange(list, at, at + length));
            if (problem.isPresent()) {
                return fail("SCT " + count + " " + problem.get());
            }
            at += length;
            count++;
        }
        return count == 0 ? fail("SCT list is empty") : ok();
    }

    private static Optional<String> sct(byte[] sct) {
        if (sct[0] != 0) {
            return fail("is not version 1");
        }
        int at = 1 + 32 + 8;
        int extensions = u16(sct, at);
        at += 2 + extensions;
        if (at + 4 > sct.length) {
            return fail("is truncated");
        }
        at += 2;
        int signature = u16(sct, at);
        at += 2;
        return signature > 0 && at + signature == sct.length ? ok() : fail("has a bad signature length");
    }

    private static int u16(byte[] bytes, int at) {
        return ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
    }
}
