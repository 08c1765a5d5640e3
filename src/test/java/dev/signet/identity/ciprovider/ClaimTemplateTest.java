package dev.signet.identity.ciprovider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClaimTemplateTest {
    static final int MAX = 1024;

    static final Map<String, Object> DATA = Map.ofEntries(
            Map.entry("url", "https://github.com"),
            Map.entry("repository", "octo/hello"),
            Map.entry("ref_type", "branch"),
            Map.entry("ref", "main"),
            Map.entry("empty", ""),
            Map.entry("run_id", 12345678901L),
            Map.entry("ratio", 0.25),
            Map.entry("big", 1.0e21),
            Map.entry("flag", true),
            Map.entry("nested", Map.of("inner", Map.of("leaf", "deep"), "n", 7L)),
            Map.entry("oidc.circleci.com/project-id", "proj-1"));

    static String render(String template) {
        return ClaimTemplate.parse(template).render(DATA, MAX);
    }

    static String failure(String template) {
        ClaimTemplate parsed = ClaimTemplate.parse(template);
        return assertThrows(TemplateException.class, () -> parsed.render(DATA, MAX)).getMessage();
    }

    static String syntaxError(String template) {
        return assertThrows(TemplateException.class, () -> ClaimTemplate.parse(template)).getMessage();
    }

    @Test
    void fieldAccessAndLiteralText() {
        assertEquals("https://github.com/octo/hello", render("{{ .url }}/{{.repository}}"));
        assertEquals("deep", render("{{ .nested.inner.leaf }}"));
        assertEquals("deep", render("{{ $.nested.inner.leaf }}"));
        assertEquals("7", render("{{ (index . \"nested\").n }}"));
        assertEquals("no actions at all }}", ClaimTemplate.parse("{{/* c */}}no actions at all }}").render(DATA, MAX));
    }

    @Test
    void bareNameIsALookup() {
        ClaimTemplate bare = ClaimTemplate.parse("repository");
        assertTrue(bare.isBareName());
        assertEquals("octo/hello", bare.render(DATA, MAX));
        assertEquals("", ClaimTemplate.parse("empty").render(DATA, MAX));
        assertFalse(ClaimTemplate.parse("{{ .repository }}").isBareName());
        // A bare name is looked up verbatim: no trimming, no dots as paths.
        assertEquals("proj-1", ClaimTemplate.parse("oidc.circleci.com/project-id").render(DATA, MAX));
        String missing = assertThrows(TemplateException.class,
                () -> ClaimTemplate.parse(" repository").render(DATA, MAX)).getMessage();
        assertEquals("value < repository> not present in either claims or defaults", missing);
    }

    @Test
    void indexReachesDottedAndSlashedKeys() {
        assertEquals("https://circleci.com/projects/proj-1",
                render("https://circleci.com/projects/{{(index . \"oidc.circleci.com/project-id\")}}"));
        assertEquals("proj-1", render("{{ index . `oidc.circleci.com/project-id` }}"));
        assertEquals("deep", render("{{ index . \"nested\" \"inner\" \"leaf\" }}"));
        // Go's index gives the zero value for an absent key even with missingkey=error.
        assertEquals("[]", render("[{{ index . \"oidc.circleci.com/ssh-rerun\" }}]"));
        assertTrue(failure("{{ index .url \"x\" }}").contains("can't index item of type string"));
        assertTrue(failure("{{ index . true }}").contains("index with a bool key"));
    }

    @Test
    void conditionals() {
        String gitlabRef = "refs/{{if eq .ref_type \"branch\"}}heads/{{ else }}tags/{{end}}{{ .ref }}";
        assertEquals("refs/heads/main", render(gitlabRef));
        Map<String, Object> tag = new HashMap<>(DATA);
        tag.put("ref_type", "tag");
        tag.put("ref", "v1");
        assertEquals("refs/tags/v1", ClaimTemplate.parse(gitlabRef).render(tag, MAX));

        assertEquals("yes", render("{{ if .url }}yes{{ else }}no{{ end }}"));
        assertEquals("no", render("{{ if .empty }}yes{{ else }}no{{ end }}"));
        assertEquals("differs", render("{{ if ne .ref \"dev\" }}differs{{ end }}"));
        assertEquals("", render("{{ if ne .ref \"main\" }}differs{{ end }}"));
        assertEquals("b", render("{{ if eq .ref \"x\" }}a{{ else if eq .ref \"main\" }}b{{ else }}c{{ end }}"));
        assertEquals("c", render("{{ if eq .ref \"x\" }}a{{ else if eq .ref \"y\" }}b{{ else }}c{{ end }}"));
        assertEquals("any", render("{{ if eq .ref \"x\" \"y\" \"main\" }}any{{ end }}"));
        assertEquals("ok", render("{{ if and .url (not .empty) }}ok{{ end }}"));
        assertEquals("https://github.com", render("{{ or .empty .url }}"));
        assertEquals("", render("{{ and .empty .url }}"));
        assertEquals("true", render("{{ eq .flag \"true\" }}"));
        assertEquals("inner", render("{{ if true }}{{ if .nested }}inner{{ end }}{{ end }}"));
    }

    @Test
    void orShortCircuitsPastAMissingKey() {
        assertEquals("https://github.com", render("{{ or .url .absent }}"));
        assertTrue(failure("{{ or .empty .absent }}").contains("value <absent> not present"));
    }

    @Test
    void trimMarkers() {
        assertEquals("a-b", render("a \n {{- \"-\" -}} \t\n b"));
        assertEquals("a  main", render("a  {{ .ref -}}  \n"));
        assertEquals("heads/main", render("""
                {{- if eq .ref_type "branch" -}}
                    heads/
                {{- else -}}
                    tags/
                {{- end -}}
                {{ .ref }}"""));
        assertEquals("xy", render("x {{- /* comment */ -}} y"));
    }

    @Test
    void missingKeysFail() {
        assertEquals("value <job_workflow_ref> not present in either claims or defaults",
                failure("{{ .url }}/{{ .job_workflow_ref }}"));
        assertEquals("value <missing> not present in either claims or defaults",
                failure("{{ .nested.missing }}"));
        assertTrue(failure("{{ if .absent }}x{{ end }}").contains("value <absent> not present"));
        assertTrue(failure("{{ .url.host }}").contains("can't evaluate field host in string"));
    }

    @Test
    void numbersAndBooleansAreStringified() {
        assertEquals("12345678901", render("{{ .run_id }}"));
        assertEquals("0.25", render("{{ .ratio }}"));
        assertEquals("1000000000000000000000", render("{{ .big }}"));
        assertEquals("true", render("{{ .flag }}"));
        assertEquals("12345678901", ClaimTemplate.parse("run_id").render(DATA, MAX));
        Map<String, Object> numbers = Map.of("n", 4.0, "huge", new BigInteger("123456789012345678901234567890"));
        assertEquals("4/123456789012345678901234567890",
                ClaimTemplate.parse("{{.n}}/{{.huge}}").render(numbers, MAX));
        assertEquals("match", ClaimTemplate.parse("{{ if eq .n \"4\" }}match{{ end }}").render(numbers, MAX));
    }

    @Test
    void specialCharactersAreWrittenVerbatim() {
        Map<String, Object> data = Map.of("x", "<a href=\"q\">&amp;</a>'");
        assertEquals("<a href=\"q\">&amp;</a>' & <>\"",
                ClaimTemplate.parse("{{ .x }} & <>\"").render(data, MAX));
        assertEquals("\"quoted\"\ttab", render("{{ \"\\\"quoted\\\"\\ttab\" }}"));
        assertEquals("\u00e9A", render("{{ \"\\u00e9\\x41\" }}"));
    }

    @Test
    void objectsAndArraysAreNeverPrinted() {
        assertTrue(failure("{{ .nested }}").contains("is a JSON object, not text"));
        assertTrue(assertThrows(TemplateException.class,
                () -> ClaimTemplate.parse("aud").render(Map.of("aud", List.of("a", "b")), MAX))
                .getMessage().contains("is a JSON array"));
        assertTrue(failure("{{ if eq .nested \"x\" }}{{ end }}").contains("non-comparable"));
        assertTrue(failure("{{ if eq .flag true }}{{ end }}").contains("incompatible types"));
    }

    @Test
    void resultLengthIsCapped() {
        ClaimTemplate template = ClaimTemplate.parse("{{ .url }}{{ .url }}{{ .url }}");
        assertEquals(54, template.render(DATA, 54).length());
        assertTrue(assertThrows(TemplateException.class, () -> template.render(DATA, 53))
                .getMessage().contains("longer than 53"));
        assertThrows(TemplateException.class, () -> ClaimTemplate.parse("url").render(DATA, 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{{ .url ", "{{ .url }", "{{ }}", "{{ if .url }}x", "{{ end }}", "{{ else }}",
            "{{ if .url }}a{{ else }}b{{ else }}c{{ end }}", "{{ .url | printf }}", "{{ printf \"%s\" .url }}",
            "{{ range .x }}{{ end }}", "{{ with .x }}{{ end }}", "{{ $x := .url }}", "{{ $x }}", "{{ 1 }}",
            "{{ index . 0 }}", "{{ .url .ref }}", "{{ eq .url }}", "{{ ne .a .b .c }}", "{{ not }}",
            "{{ \"unterminated }}", "{{ \"bad \\q escape\" }}", "{{ (index . \"a\" }}", "{{ index . \"a\") }}",
            "{{ eq index . \"a\" \"b\" }}", "{{ /* not a comment */ }}", "{{/* unclosed }}", "{{ .a-b }}",
            "{{ if }}x{{ end }}", "{{ template \"x\" }}", "{{ nil }}", "{{ . .url }}", "{{ \"s\".field }}",
            "{{ end extra }}", "{{ else nope }}{{ end }}", "{{ html .url }}", "{{ call .f }}",
    })
    void syntaxErrorsAreReportedAtParse(String template) {
        assertTrue(syntaxError(template).startsWith("template error at offset"), template);
    }

    @Test
    void sizeAndDepthAreBounded() {
        assertTrue(syntaxError("x".repeat(ClaimTemplate.MAX_SOURCE_LENGTH + 1)).contains("longer than"));
        String deep =
                "{{ if .url }}".repeat(TemplateParser.MAX_DEPTH + 1) + "{{ end }}".repeat(TemplateParser.MAX_DEPTH + 1);
        assertTrue(syntaxError(deep).contains("too deeply nested"));
        String deepParens = "{{ " + "(not ".repeat(TemplateParser.MAX_DEPTH + 1) + ".url"
                + ")".repeat(TemplateParser.MAX_DEPTH + 1) + " }}";
        assertTrue(syntaxError(deepParens).contains("too deeply nested"));
        String ok =
                "{{ if .url }}".repeat(TemplateParser.MAX_DEPTH) + "y" + "{{ end }}".repeat(TemplateParser.MAX_DEPTH);
        assertEquals("y", render(ok));
        String many = "{{.url}}".repeat(TemplateParser.MAX_ELEMENTS);
        assertTrue(syntaxError(many).contains("too complex"));
    }
}
