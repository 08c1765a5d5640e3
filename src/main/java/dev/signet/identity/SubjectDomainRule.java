package dev.signet.identity;

import dev.signet.config.InvalidIdentityConfigException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fulcio's rule binding a {@code uri} or {@code username} issuer's SubjectDomain to its issuer URL:
 * the two hostnames are equal, or share their last two DNS labels. Signet also refuses the
 * last-two-labels match where it is meaningless: when those labels are a multi-label public suffix
 * such as {@code co.uk} (so {@code evil.co.uk} cannot vouch for {@code good.co.uk}), and when either
 * host is an IPv4 literal (whose "last two labels" are just octets).
 */
public final class SubjectDomainRule {
    /** Second-level labels that, before a two-letter country code, form a registry suffix (co.uk, com.au, ac.jp…). */
    private static final Set<String> PUBLIC_SECOND_LEVELS = Set.of("co", "com", "net", "org", "gov", "edu", "ac");
    private static final Pattern COUNTRY_CODE = Pattern.compile("[a-z]{2}");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private SubjectDomainRule() {
    }

    /**
     * Checks that {@code subjectHost} may be vouched for by an issuer at {@code issuerHost}.
     *
     * @param where names the file and issuer in the error
     * @throws InvalidIdentityConfigException with Fulcio's message when the hosts are not related
     */
    public static void check(String subjectHost, String issuerHost, String where) {
        String subject = subjectHost.toLowerCase(Locale.ROOT);
        String issuer = issuerHost.toLowerCase(Locale.ROOT);
        if (subject.equals(issuer)) {
            return;
        }
        String[] s = subject.split("\\.", -1);
        String[] i = issuer.split("\\.", -1);
        if (s.length < 2) {
            throw new InvalidIdentityConfigException(where + ": URI hostname too short: " + subjectHost);
        }
        if (i.length < 2) {
            throw new InvalidIdentityConfigException(where + ": URI hostname too short: " + issuerHost);
        }
        String tld = s[s.length - 1];
        String second = s[s.length - 2];
        boolean lastTwoMatch = tld.equals(i[i.length - 1]) && second.equals(i[i.length - 2]);
        if (!lastTwoMatch) {
            throw mismatch(subjectHost, issuerHost, where, "");
        }
        if (IPV4.matcher(subject).matches() || IPV4.matcher(issuer).matches()) {
            throw mismatch(subjectHost, issuerHost, where, " (IP addresses must be equal)");
        }
        if (tld.isEmpty() || second.isEmpty()) {
            throw mismatch(subjectHost, issuerHost, where, " (empty DNS label)");
        }
        if (PUBLIC_SECOND_LEVELS.contains(second) && COUNTRY_CODE.matcher(tld).matches()) {
            throw mismatch(subjectHost, issuerHost, where,
                    " (" + second + "." + tld + " is a public suffix: the hostnames must be equal)");
        }
    }

    private static InvalidIdentityConfigException mismatch(String subjectHost, String issuerHost, String where,
            String reason) {
        return new InvalidIdentityConfigException(where + ": hostname top-level and second-level domains do not match: "
                + subjectHost + ", " + issuerHost + reason);
    }
}
