package dev.signet.identity;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.config.InvalidIdentityConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectDomainRuleTest {

    @ParameterizedTest
    @CsvSource({"example.com, example.com", "users.example.com, oauth.example.com", "Example.COM, example.com",
            "good.co.uk, good.co.uk", "a.b.example.de, example.de", "127.0.0.1, 127.0.0.1", "x.co.com, y.co.com",
            "x.co.ukk, y.co.ukk"})
    void relatedHostsPass(String subject, String issuer) {
        assertDoesNotThrow(() -> SubjectDomainRule.check(subject, issuer, "w"));
    }

    @ParameterizedTest
    @CsvSource({"evil.co.uk, good.co.uk", "a.good.co.uk, good.co.uk", "x.com.au, y.com.au", "x.ac.jp, y.ac.jp",
            "x.net.nz, y.net.nz", "x.gov.in, y.gov.in", "x.edu.pl, y.edu.pl", "x.org.br, y.org.br",
            "10.0.0.1, 192.168.0.1", "example.org, example.com", "example.com., example.com", "a..com, b..com"})
    void unrelatedHostsFail(String subject, String issuer) {
        InvalidIdentityConfigException e = assertThrows(InvalidIdentityConfigException.class,
                () -> SubjectDomainRule.check(subject, issuer, "w"));
        assertEquals("w: hostname top-level and second-level domains do not match: " + subject + ", " + issuer,
                e.getMessage().replaceAll(" \\(.*\\)$", ""));
    }

    @ParameterizedTest
    @CsvSource({"localhost, example.com, localhost", "example.com, localhost, localhost", "'', example.com, ''"})
    void singleLabelHostIsTooShort(String subject, String issuer, String named) {
        assertEquals("w: URI hostname too short: " + named, assertThrows(InvalidIdentityConfigException.class,
                () -> SubjectDomainRule.check(subject, issuer, "w")).getMessage());
    }
}
