/* HTML to clean text. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"

#include "html_text.h"
#include "utf8.h"

static char *conv_flags(const char *html, unsigned flags)
{
    char *out = NULL;
    size_t n = 0;
    ck_assert_int_eq(html_text_convert_flags(html, strlen(html), flags, &out, &n), 0);
    ck_assert_uint_eq(n, strlen(out));
    ck_assert(utf8_valid(out, n));
    return out;
}

/* Asserts that html converts to want. */
#define ck_text(html, want)                                                                        \
    do {                                                                                           \
        char *got_ = conv_flags(html, 0);                                                          \
        ck_assert_str_eq(got_, want);                                                              \
        free(got_);                                                                                \
    } while (0)

static void setup(void)
{
    html_text_global_init();
}

START_TEST(test_paragraphs_and_breaks)
{
    ck_text("<p>Washington raised duties.</p><p>Beijing replied.</p>",
            "Washington raised duties.\n\nBeijing replied.");
    ck_text("<p>Line one<br>line two<br/><br />new paragraph</p>",
            "Line one\nline two\n\nnew paragraph");
    ck_text("<h2>Steel</h2>\n  <div><p>Nested <b>bold</b> text</p></div>\n<ul><li>one</li>"
            "<li>two</li></ul>",
            "Steel\n\nNested bold text\n\none\n\ntwo");
    ck_text("<blockquote>“We will respond,” he said.</blockquote>After",
            "“We will respond,” he said.\n\nAfter");
    ck_text("<table><tr><td>Steel</td><td>25%</td></tr><tr><td>Aluminium</td><td>10%</td></tr>"
            "</table>",
            "Steel 25%\n\nAluminium 10%");
}
END_TEST

START_TEST(test_entities_decoded)
{
    ck_text("<p>Tariffs &amp; quotas &lt;now&gt; &#8220;firm&#8221; &#x2014; &eacute;t&eacute;</p>",
            "Tariffs & quotas <now> “firm” — été");
    /* a no-break space is a space, and runs of spaces collapse */
    ck_text("<p>25&nbsp;%   of \t imports</p>", "25 % of imports");
    ck_text("<p>We&rsquo;ll see</p>", "We’ll see");
}
END_TEST

START_TEST(test_dropped_elements)
{
    ck_text("<p>Before<script>var x = \"<p>hidden</p>\";</script> after</p>", "Before after");
    ck_text("<style>p { color: red }</style><p>Shown</p>", "Shown");
    ck_text("<figure><img src=\"a.jpg\" alt=\"port\"><figcaption>Containers in Rotterdam. "
            "<em>Photo</em></figcaption></figure><p>Body</p>",
            "Body");
    ck_text("<noscript>Enable JS</noscript><template><p>tpl</p></template>"
            "<iframe src=\"x\">frame</iframe><p>Kept</p><!-- a comment -->",
            "Kept");
    ck_text("<html><head><title>Page title</title></head><body><p>Story</p></body></html>",
            "Story");
}
END_TEST

START_TEST(test_broken_markup_recovers)
{
    ck_text("<p>Unclosed <b>bold <i>italic</p><p>next", "Unclosed bold italic\n\nnext");
    ck_text("<div><p>a</div></span>b", "a\n\nb");
    ck_text("plain text, no tags", "plain text, no tags");
    ck_text("", "");
    ck_text("  \n ", "");
    ck_text("<p></p><br><div>  </div>", "");
}
END_TEST

START_TEST(test_output_is_valid_utf8)
{
    /* invalid bytes become U+FFFD instead of switching the parser to Latin-1 */
    ck_text("<p>caf\xc3\xa9 \xff r\xc3\xa9sum\xc3\xa9</p>", "café \xEF\xBF\xBD résumé");
    ck_text("<p>ctl\x01"
            "char\x7f</p>",
            "ctlchar");
    char *out = NULL;
    size_t n;
    const char with_nul[] = "<p>a\0b</p>";
    ck_assert_int_eq(html_text_convert(with_nul, sizeof with_nul - 1, &out, &n), 0);
    ck_assert(utf8_valid(out, n));
    free(out);
}
END_TEST

START_TEST(test_newlines_flag_and_pre)
{
    char *t =
        conv_flags("First paragraph\nstill first.\n\nSecond <em>one</em>.", HTML_TEXT_NEWLINES);
    ck_assert_str_eq(t, "First paragraph\nstill first.\n\nSecond one.");
    free(t);
    t = conv_flags("First paragraph\n\nSecond", 0);
    ck_assert_str_eq(t, "First paragraph Second");
    free(t);
    ck_text("<pre>a  b\nc\n\nd</pre>", "a b\nc\n\nd");
}
END_TEST

START_TEST(test_deep_nesting)
{
    /* 5000 levels: the walk is iterative, and libxml2 caps what it builds */
    size_t depth = 5000;
    char *html = malloc(depth * 11 + 16);
    char *p = html;
    for (size_t i = 0; i < depth; i++)
        p += sprintf(p, "<div><span>");
    strcpy(p, "deep");
    char *out = NULL;
    size_t n;
    ck_assert_int_eq(html_text_convert(html, strlen(html), &out, &n), 0);
    ck_assert(utf8_valid(out, n));
    free(out);
    free(html);
}
END_TEST

START_TEST(test_prints_nothing)
{
    /* Broken markup, bad entities and bad bytes make libxml2 report errors: none may reach
     * stderr, which is the service's log. */
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    FILE *tmp = tmpfile();
    ck_assert_ptr_nonnull(tmp);
    dup2(fileno(tmp), STDERR_FILENO);
    const char *bad[] = {"<p>a<b>c</p></i></div><<<>>>&&&",   "<table><p>x</td></tr>",
                         "<p>&bogus; &#0; &#xD800;</p>\xc3(", "<!DOCTYPE><html><html><body><x:y>",
                         "<p a=\"unterminated>text",          "<?php echo 1; ?><p>x</p>"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *out = NULL;
        ck_assert_int_eq(html_text_convert(bad[i], strlen(bad[i]), &out, NULL), 0);
        free(out);
    }
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    fseek(tmp, 0, SEEK_END);
    long size = ftell(tmp);
    fclose(tmp);
    ck_assert_int_eq(size, 0);
}
END_TEST

static void *convert_many(void *arg)
{
    (void)arg;
    const char *html = "<div><p>Seoul &amp; Tokyo</p><script>x()</script><p>agreed<br>today</p>"
                       "</div>";
    for (int i = 0; i < 300; i++) {
        char *out = NULL;
        if (html_text_convert(html, strlen(html), &out, NULL) != 0 ||
            strcmp(out, "Seoul & Tokyo\n\nagreed\ntoday") != 0) {
            free(out);
            return (void *)1;
        }
        free(out);
    }
    return NULL;
}

START_TEST(test_concurrent_threads)
{
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, convert_many, NULL), 0);
    for (int i = 0; i < 4; i++) {
        void *rv = (void *)1;
        pthread_join(t[i], &rv);
        ck_assert_ptr_null(rv);
    }
}
END_TEST

Suite *html_text_suite(void)
{
    Suite *s = suite_create("html_text");
    TCase *tc = tcase_create("convert");
    tcase_add_unchecked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_paragraphs_and_breaks);
    tcase_add_test(tc, test_entities_decoded);
    tcase_add_test(tc, test_dropped_elements);
    tcase_add_test(tc, test_broken_markup_recovers);
    tcase_add_test(tc, test_output_is_valid_utf8);
    tcase_add_test(tc, test_newlines_flag_and_pre);
    tcase_add_test(tc, test_deep_nesting);
    tcase_add_test(tc, test_prints_nothing);
    tcase_add_test(tc, test_concurrent_threads);
    suite_add_tcase(s, tc);
    return s;
}
