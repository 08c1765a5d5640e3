package dev.signet.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetaPatternTest {

    static final MetaPattern EKS = MetaPattern.compile("https://oidc.eks.*.amazonaws.com/id/*");

    @Test
    void matchesWholeUrlsWithOneLabelPerStar() {
        assertTrue(EKS.matches("https://oidc.eks.us-west-2.amazonaws.com/id/B02C93B6A2D30341AD01E1B6D48164CB"));
        assertTrue(EKS.matches("https://oidc.eks.a.amazonaws.com/id/b"));
        assertTrue(EKS.matches("https://oidc.eks.a_b.amazonaws.com/id/-"));
        MetaPattern literal = MetaPattern.compile("https://token.actions.githubusercontent.com");
        assertTrue(literal.matches("https://token.actions.githubusercontent.com"));
        assertFalse(literal.matches("https://token.actions.githubusercontent.com/"));
    }

    /** Bypass strings of GHSA-59jp-pj84-45mr and docs/security.md row C2: none may match. */
    @ParameterizedTest
    @ValueSource(strings = {
            "https://attacker.example/x/https://oidc.eks.a.amazonaws.com/id/b",
            "https://attacker.example/?iss=https://oidc.eks.a.amazonaws.com/id/b",
            "https://attacker.example/#https://oidc.eks.a.amazonaws.com/id/b",
            "https://oidc.eks.a.amazonaws.com/id/b?x=https://attacker.example",
            "https://oidc.eks.a.amazonaws.com/id/b#x",
            "https://oidc.eks.a.amazonaws.com/id/b/",
            "https://oidc.eks.a.amazonaws.com/id/b/extra",
            "https://oidc.eks.a.amazonaws.com/id/b/../../x",
            "https://oidc.eks.a.amazonaws.com/id/",
            "https://oidc.eks..amazonaws.com/id/b",
            "https://oidc.eks.attacker.example.amazonaws.com/id/b",
            "https://oidc.eks.a.b.amazonaws.com/id/b",
            "https://oidc.eks.a.amazonaws.com.attacker.example/id/b",
            "https://oidc.eks.a.amazonaws.com@attacker.example/id/b",
            "https://oidc.eks.a@attacker.example#.amazonaws.com/id/b",
            "https://oidc.eks.a:1.amazonaws.com/id/b",
            "https://oidc.eks.a%2Eb.amazonaws.com/id/b",
            "https://oidc.eks.a.amazonaws.com:443/id/b",
            "https://oidc.eks.a.amazonaws.com/id/b\n",
            "https://oidc.eks.a.amazonaws.com/id/b ",
            " https://oidc.eks.a.amazonaws.com/id/b",
            "xhttps://oidc.eks.a.amazonaws.com/id/b",
            "http://oidc.eks.a.amazonaws.com/id/b",
            "HTTPS://oidc.eks.a.amazonaws.com/id/b",
            "https://oidcXeks.a.amazonaws.com/id/b",
            "https://oidc.eks.\u0661.amazonaws.com/id/b",
            "https://oidc.eks.a.amazonaws.com/id/b\u0000",
            "https://oidc.eks.*.amazonaws.com/id/*",
            ""
    })
    void bypassStringsDoNotMatch(String iss) {
        assertFalse(EKS.matches(iss), iss);
        assertFalse(EKS.toRegex().matcher(iss).matches(), "Fulcio's anchored regex agrees: " + iss);
    }

    @Test
    void agreesWithFulciosAnchoredRegex() {
        Random random = new Random(42);
        char[] alphabet = {'a', 'B', '0', '-', '_', '.', '/', ':', '?', '*'};
        for (int round = 0; round < 20_000; round++) {
            MetaPattern pattern = MetaPattern.compile(randomString(random, alphabet, 6));
            String url = randomString(random, alphabet, 9);
            assertEquals(pattern.toRegex().matcher(url).matches(), pattern.matches(url),
                    () -> pattern + " vs " + url);
        }
    }

    @Test
    void matchingIsLinearWherePatternsBacktrack() {
        MetaPattern pattern = MetaPattern.compile("https://*-*-*-*-*-*.example.com");
        String hostile = "https://" + "-".repeat(16_000) + ".example.org";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertFalse(pattern.matches(hostile)));
    }

    @Test
    void overlappingPatternsAreDetected() {
        assertTrue(EKS.overlaps(MetaPattern.compile("https://oidc.eks.us-*.amazonaws.com/id/*")));
        assertTrue(EKS.overlaps(MetaPattern.compile("https://oidc.eks.*.amazonaws.com/id/abc")));
        assertTrue(EKS.overlaps(EKS));
        assertTrue(MetaPattern.compile("https://*.example.com/*")
                .overlaps(MetaPattern.compile("https://a*.example.com/*b")));
        assertTrue(MetaPattern.compile("https://x/*-*").overlaps(MetaPattern.compile("https://x/a-b-c")));
        assertTrue(MetaPattern.compile("https://x/**").overlaps(MetaPattern.compile("https://x/ab")));
    }

    @Test
    void disjointPatternsAreNot() {
        MetaPattern gke = MetaPattern.compile("https://container.googleapis.com/v1/projects/*/locations/*/clusters/*");
        assertFalse(EKS.overlaps(gke));
        assertFalse(EKS.overlaps(MetaPattern.compile("https://oidc.eks.*.amazonaws.com/id/*/")));
        assertFalse(EKS.overlaps(MetaPattern.compile("https://oidc.eks.*.*.amazonaws.com/id/*")));
        assertFalse(MetaPattern.compile("https://token.actions.githubusercontent.com/*")
                .overlaps(MetaPattern.compile("https://token.actions.githubusercontent.com")));
        assertFalse(MetaPattern.compile("https://x/**").overlaps(MetaPattern.compile("https://x/a")));
        assertFalse(MetaPattern.compile("https://x/*").overlaps(MetaPattern.compile("https://x/.")));
    }

    /** Against brute force over every short URL: a shortest common match is at most as long as both patterns. */
    @Test
    void overlapAgreesWithBruteForce() {
        char[] patternAlphabet = {'a', '.', '*'};
        List<String> patterns = allStrings(patternAlphabet, 4);
        List<String> urls = allStrings(new char[] {'a', '.'}, 8);
        Random random = new Random(7);
        for (int round = 0; round < 3_000; round++) {
            MetaPattern a = MetaPattern.compile(patterns.get(random.nextInt(patterns.size())));
            MetaPattern b = MetaPattern.compile(patterns.get(random.nextInt(patterns.size())));
            boolean witness = urls.stream().anyMatch(url -> a.matches(url) && b.matches(url));
            assertEquals(witness, a.overlaps(b), () -> a + " vs " + b);
            assertEquals(a.overlaps(b), b.overlaps(a), () -> "symmetric: " + a + " vs " + b);
        }
    }

    @Test
    void sampleMatchesItsPattern() {
        assertTrue(EKS.matches(EKS.sample()));
        assertEquals("https://oidc.eks.x.amazonaws.com/id/x", EKS.sample());
    }

    private static String randomString(Random random, char[] alphabet, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return s.toString();
    }

    private static List<String> allStrings(char[] alphabet, int maxLength) {
        List<String> all = new ArrayList<>();
        all.add("");
        int start = 0;
        for (int length = 1; length <= maxLength; length++) {
            int end = all.size();
            for (int i = start; i < end; i++) {
                for (char c : alphabet) {
                    all.add(all.get(i) + c);
                }
            }
            start = end;
        }
        return all;
    }
}
