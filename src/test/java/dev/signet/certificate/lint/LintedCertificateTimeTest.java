package dev.signet.certificate.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x509.Time;
import org.junit.jupiter.api.Test;

/** The linter's own reading of certificate times agrees with Bouncy Castle's, in every form. */
class LintedCertificateTimeTest {

    @Test
    void utcTimeYearsFollowRfc5280sFiftyYearWindow() {
        assertEquals(Optional.of(Instant.parse("1950-01-01T00:00:00Z")),
                LintedCertificate.time(new ASN1UTCTime("500101000000Z")));
        assertEquals(Optional.of(Instant.parse("2049-12-31T23:59:59Z")),
                LintedCertificate.time(new ASN1UTCTime("491231235959Z")));
        assertEquals(Optional.of(Instant.parse("2026-11-22T10:00:00Z")),
                LintedCertificate.time(new ASN1UTCTime("261122100000Z")));
    }

    @Test
    void generalizedTimeReadsAllFourYearDigits() {
        assertEquals(Optional.of(Instant.parse("9999-12-31T23:59:59Z")),
                LintedCertificate.time(new ASN1GeneralizedTime("99991231235959Z")));
        assertEquals(Optional.of(Instant.parse("2050-01-01T00:00:00Z")),
                LintedCertificate.time(new ASN1GeneralizedTime("20500101000000Z")));
    }

    @Test
    void agreesWithBouncyCastleOnRandomDerTimes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 5_000; n++) {
            boolean utc = random.nextBoolean();
            int year = utc ? 1950 + random.nextInt(100) : 1600 + random.nextInt(8400);
            String digits = String.format("%02d%02d%02d%02d%02d", 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60));
            ASN1Primitive time = utc ? new ASN1UTCTime(String.format("%02d", year % 100) + digits + "Z")
                    : new ASN1GeneralizedTime(String.format("%04d", year) + digits + "Z");
            assertEquals(Optional.of(Time.getInstance(time).getDate().toInstant()), LintedCertificate.time(time),
                    time.toString());
        }
    }

    @Test
    void formsRfc5280ForbidsAreStillReadAsBouncyCastleReadsThem() {
        ASN1Primitive noSeconds = new ASN1UTCTime("2611221000Z");
        ASN1Primitive fraction = new ASN1GeneralizedTime("20261122100000.5Z");
        ASN1Primitive offset = new ASN1GeneralizedTime("20261122100000+0100");
        for (ASN1Primitive time : new ASN1Primitive[] {noSeconds, fraction, offset}) {
            assertEquals(Optional.of(Time.getInstance(time).getDate().toInstant()), LintedCertificate.time(time),
                    time.toString());
        }
    }

    @Test
    void impossibleDatesAreLeftToBouncyCastleAndOtherTypesAreNotTimes() {
        ASN1Primitive thirteenthMonth = new ASN1UTCTime("261322100000Z");
        assertEquals(Optional.of(Time.getInstance(thirteenthMonth).getDate().toInstant()),
                LintedCertificate.time(thirteenthMonth));
        assertEquals(Optional.empty(), LintedCertificate.time(new DERIA5String("261122100000Z")));
    }
}
