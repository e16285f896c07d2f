/* CMS payload adapters, JSON pointers and date normalisation. */
#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

#include "cms_payload.h"
#include "html_text.h"
#include "status.h"

static char detail[CMS_DETAIL_LEN];

static json_t *load(const char *s)
{
    json_error_t err;
    json_t *j = json_loads(s, JSON_REJECT_DUPLICATES, &err);
    ck_assert_msg(j != NULL, "test JSON does not parse: %s", err.text);
    return j;
}

static int parse(enum cms_kind kind, const struct cms_mapping *map, const char *body,
                 const char *hint, struct cms_event *ev)
{
    json_t *j = load(body);
    memset(ev, 0, sizeof *ev);
    int rc = cms_payload_parse(kind, map, j, hint, ev, detail);
    json_decref(j);
    return rc;
}

static void setup(void)
{
    html_text_global_init();
}

/* ---- standard ---- */

START_TEST(test_standard_published_html)
{
    struct cms_event ev;
    ck_assert_int_eq(parse(CMS_STANDARD, NULL,
                           "{\"type\":\"article.published\",\"timestamp\":\"2025-03-04T05:06:07Z\","
                           "\"data\":{\"external_id\":4711,\"title\":\"EU weighs steel quota\","
                           "\"html\":\"<p>Brussels &amp; Berlin</p><p>Second.</p>\","
                           "\"url\":\"https://news.example/eu-steel\","
                           "\"published_at\":\"2025-03-04T07:06:07+02:00\"}}",
                           NULL, &ev),
                     0);
    ck_assert_int_eq(ev.type, CMS_EVENT_PUBLISHED);
    ck_assert_str_eq(ev.external_id, "4711");
    ck_assert_str_eq(ev.title, "EU weighs steel quota");
    ck_assert_str_eq(ev.body, "Brussels & Berlin\n\nSecond.");
    ck_assert_str_eq(ev.url, "https://news.example/eu-steel");
    ck_assert_str_eq(ev.published_at, "2025-03-04T05:06:07Z");
    cms_event_cleanup(&ev);
}
END_TEST

START_TEST(test_standard_text_body_update_and_delete)
{
    struct cms_event ev;
    ck_assert_int_eq(
        parse(CMS_STANDARD, NULL,
              "{\"type\":\"article.updated\",\"data\":{\"external_id\":\"a-1\","
              "\"title\":\" Two line\\n title \",\"body\":\"  Line one.\\r\\nLine two.  \"}}",
              NULL, &ev),
        0);
    ck_assert_int_eq(ev.type, CMS_EVENT_UPDATED);
    ck_assert_str_eq(ev.body, "Line one.\nLine two.");
    ck_assert_str_eq(ev.title, "Two line title");
    ck_assert_ptr_null(ev.published_at);
    cms_event_cleanup(&ev);
    ck_assert_int_eq(parse(CMS_STANDARD, NULL,
                           "{\"type\":\"article.deleted\",\"data\":{\"external_id\":\"a-1\"}}",
                           NULL, &ev),
                     0);
    ck_assert_int_eq(ev.type, CMS_EVENT_DELETED);
    ck_assert_str_eq(ev.external_id, "a-1");
    ck_assert_ptr_null(ev.body);
    cms_event_cleanup(&ev);
    ck_assert_int_eq(parse(CMS_STANDARD, NULL, "{\"type\":\"ping\",\"data\":{}}", NULL, &ev), 0);
    ck_assert_int_eq(ev.type, CMS_EVENT_IGNORED);
    ck_assert_ptr_nonnull(strstr(detail, "ping"));
    cms_event_cleanup(&ev);
}
END_TEST

START_TEST(test_standard_wrong_shapes)
{
    static const struct {
        const char *body, *want;
    } cases[] = {
        {"[1,2]", "the body must be a JSON object, not an array"},
        {"{\"data\":{}}", "missing type"},
        {"{\"type\":7,\"data\":{}}", "type must be a string, not an integer"},
        {"{\"type\":\"article.published\"}", "missing data"},
        {"{\"type\":\"article.published\",\"data\":[]}", "data must be an object, not an array"},
        {"{\"type\":\"article.published\",\"data\":{\"external_id\":\"x\",\"title\":12,"
         "\"body\":\"b\"}}",
         "data.title must be a string, not an integer"},
        {"{\"type\":\"article.published\",\"data\":{\"external_id\":\"x\"}}", "missing data.body"},
        {"{\"type\":\"article.published\",\"data\":{\"title\":\"t\",\"body\":\"b\"}}",
         "missing data.external_id"},
        {"{\"type\":\"article.published\",\"data\":{\"external_id\":true,\"body\":\"b\"}}",
         "data.external_id must be a string or an integer, not a boolean"},
        {"{\"type\":\"article.published\",\"data\":{\"external_id\":\"x\",\"body\":{}}}",
         "data.body must be a string, not an object"},
        {"{\"type\":\"article.published\",\"data\":{\"external_id\":\"x\",\"body\":\"b\","
         "\"published_at\":\"yesterday\"}}",
         "data.published_at is not an RFC 3339 date-time"},
        {"{\"type\":\"article.published\",\"data\":{\"external_id\":\"x\",\"body\":\"b\","
         "\"url\":[]}}",
         "data.url must be a string, not an array"},
        {"{\"type\":\"article.published\",\"data\":{\"external_id\":\"x\","
         "\"html\":\"<script>only()</script>\"}}",
         "data.html has no text"},
        {"{\"type\":\"article.published\",\"data\":{\"external_id\":\"a\\nb\","
         "\"body\":\"b\"}}",
         "data.external_id must be a non-empty single line of at most 256 bytes"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct cms_event ev;
        ck_assert_msg(parse(CMS_STANDARD, NULL, cases[i].body, NULL, &ev) == TW_EINVAL,
                      "accepted %s", cases[i].body);
        ck_assert_str_eq(detail, cases[i].want);
    }
}
END_TEST

/* ---- ghost ---- */

START_TEST(test_ghost_published_updated_deleted)
{
    const char *published =
        "{\"post\":{\"current\":{\"id\":\"6682b8a8e10cc04306284330\",\"title\":\"Rice export ban\","
        "\"html\":\"<p>India extended&nbsp;the ban.</p><figure><img src=\\\"x\\\"><figcaption>"
        "Paddy fields</figcaption></figure><p>Traders said so.</p>\",\"plaintext\":\"ignored\","
        "\"status\":\"published\",\"url\":\"https://blog.example/rice/\","
        "\"published_at\":\"2024-07-01T14:09:44.000Z\"},"
        "\"previous\":{\"status\":\"draft\",\"published_at\":null}}}";
    struct cms_event ev;
    ck_assert_int_eq(parse(CMS_GHOST, NULL, published, NULL, &ev), 0);
    ck_assert_int_eq(ev.type, CMS_EVENT_PUBLISHED);
    ck_assert_str_eq(ev.external_id, "6682b8a8e10cc04306284330");
    ck_assert_str_eq(ev.body, "India extended the ban.\n\nTraders said so.");
    ck_assert_str_eq(ev.published_at, "2024-07-01T14:09:44Z");
    ck_assert_str_eq(ev.url, "https://blog.example/rice/");
    cms_event_cleanup(&ev);
    /* the same body with Ghost's event name */
    ck_assert_int_eq(parse(CMS_GHOST, NULL, published, "post.published.edited", &ev), 0);
    ck_assert_int_eq(ev.type, CMS_EVENT_UPDATED);
    cms_event_cleanup(&ev);

    ck_assert_int_eq(parse(CMS_GHOST, NULL,
                           "{\"post\":{\"current\":{\"id\":\"p1\",\"status\":\"published\","
                           "\"plaintext\":\"Edited text\"},\"previous\":{\"plaintext\":\"Old\"}}}",
                           NULL, &ev),
                     0);
    ck_assert_int_eq(ev.type, CMS_EVENT_UPDATED);
    ck_assert_str_eq(ev.body, "Edited text");
    cms_event_cleanup(&ev);

    ck_assert_int_eq(
        parse(CMS_GHOST, NULL,
              "{\"post\":{\"current\":{},\"previous\":{\"id\":\"p1\",\"title\":\"T\"}}}", NULL,
              &ev),
        0);
    ck_assert_int_eq(ev.type, CMS_EVENT_DELETED);
    ck_assert_str_eq(ev.external_id, "p1");
    cms_event_cleanup(&ev);

    /* unpublished: the post left "published" */
    ck_assert_int_eq(parse(CMS_GHOST, NULL,
                           "{\"post\":{\"current\":{\"id\":\"p1\",\"status\":\"draft\","
                           "\"html\":\"<p>x</p>\"},\"previous\":{\"status\":\"published\"}}}",
                           NULL, &ev),
                     0);
    ck_assert_int_eq(ev.type, CMS_EVENT_DELETED);
    cms_event_cleanup(&ev);
    /* a draft being edited is nothing to store */
    ck_assert_int_eq(parse(CMS_GHOST, NULL,
                           "{\"post\":{\"current\":{\"id\":\"p1\",\"status\":\"draft\"},"
                           "\"previous\":{\"title\":\"x\"}}}",
                           NULL, &ev),
                     0);
    ck_assert_int_eq(ev.type, CMS_EVENT_IGNORED);
    cms_event_cleanup(&ev);
}
END_TEST

START_TEST(test_ghost_wrong_shapes)
{
    struct cms_event ev;
    ck_assert_int_eq(parse(CMS_GHOST, NULL, "{\"tag\":{\"current\":{}}}", NULL, &ev), TW_EINVAL);
    ck_assert_str_eq(detail, "missing post (or page)");
    ck_assert_int_eq(parse(CMS_GHOST, NULL, "{\"post\":{\"current\":\"x\"}}", NULL, &ev),
                     TW_EINVAL);
    ck_assert_str_eq(detail, "post.current must be an object, not a string");
    ck_assert_int_eq(
        parse(CMS_GHOST, NULL, "{\"post\":{\"current\":{},\"previous\":{}}}", NULL, &ev),
        TW_EINVAL);
    ck_assert_str_eq(detail, "missing post.previous.id");
    ck_assert_int_eq(parse(CMS_GHOST, NULL,
                           "{\"page\":{\"current\":{\"id\":\"g\",\"status\":\"published\","
                           "\"html\":5}}}",
                           NULL, &ev),
                     TW_EINVAL);
    ck_assert_str_eq(detail, "page.current.html must be a string, not an integer");
}
END_TEST

/* ---- wordpress ---- */

START_TEST(test_wordpress_wp_webhooks_shape)
{
    struct cms_event ev;
    const char *body =
        "{\"post_id\":812,\"post\":{\"ID\":812,\"post_title\":\"Duties on solar panels\","
        "\"post_content\":\"<!-- wp:paragraph -->\\nFirst paragraph,\\nsame paragraph.\\n\\n"
        "Second &amp; last.\\n<!-- /wp:paragraph -->\",\"post_status\":\"publish\","
        "\"post_date_gmt\":\"2025-02-01 09:30:00\",\"post_modified_gmt\":\"2025-02-01 09:30:20\","
        "\"guid\":\"https://wp.example/?p=812\"},"
        "\"post_permalink\":\"https://wp.example/solar-duties/\"}";
    ck_assert_int_eq(parse(CMS_WORDPRESS, NULL, body, NULL, &ev), 0);
    ck_assert_int_eq(ev.type, CMS_EVENT_PUBLISHED);
    ck_assert_str_eq(ev.external_id, "812");
    ck_assert_str_eq(ev.title, "Duties on solar panels");
    ck_assert_str_eq(ev.body, "First paragraph,\nsame paragraph.\n\nSecond & last.");
    ck_assert_str_eq(ev.url, "https://wp.example/solar-duties/");
    ck_assert_str_eq(ev.published_at, "2025-02-01T09:30:00Z");
    cms_event_cleanup(&ev);
    ck_assert_int_eq(parse(CMS_WORDPRESS, NULL, body, "post_delete", &ev), 0);
    ck_assert_int_eq(ev.type, CMS_EVENT_DELETED);
    cms_event_cleanup(&ev);
}
END_TEST

START_TEST(test_wordpress_rest_shape_and_statuses)
{
    struct cms_event ev;
    ck_assert_int_eq(parse(CMS_WORDPRESS, NULL,
                           "{\"id\":77,\"date_gmt\":\"2025-02-01T09:30:00\","
                           "\"modified_gmt\":\"2025-02-03T10:00:00\",\"status\":\"publish\","
                           "\"link\":\"https://wp.example/tariff-truce/\","
                           "\"title\":{\"rendered\":\"Tariff truce &#8211; for now\"},"
                           "\"content\":{\"rendered\":\"<p>Talks resume.</p>\\n<p>More.</p>\"}}",
                           NULL, &ev),
                     0);
    ck_assert_int_eq(ev.type, CMS_EVENT_UPDATED); /* modified two days after publication */
    ck_assert_str_eq(ev.title, "Tariff truce – for now");
    ck_assert_str_eq(ev.body, "Talks resume.\n\nMore.");
    ck_assert_str_eq(ev.url, "https://wp.example/tariff-truce/");
    ck_assert_str_eq(ev.published_at, "2025-02-01T09:30:00Z");
    cms_event_cleanup(&ev);

    ck_assert_int_eq(parse(CMS_WORDPRESS, NULL,
                           "{\"ID\":5,\"post_status\":\"trash\",\"post_title\":\"x\"}", NULL, &ev),
                     0);
    ck_assert_int_eq(ev.type, CMS_EVENT_DELETED);
    ck_assert_str_eq(ev.external_id, "5");
    cms_event_cleanup(&ev);
    ck_assert_int_eq(parse(CMS_WORDPRESS, NULL,
                           "{\"ID\":5,\"post_status\":\"draft\",\"post_content\":\"x\","
                           "\"post_date_gmt\":\"0000-00-00 00:00:00\"}",
                           NULL, &ev),
                     0);
    ck_assert_int_eq(ev.type, CMS_EVENT_IGNORED);
    cms_event_cleanup(&ev);
    /* an update that leaves the post unpublished takes it off the site */
    ck_assert_int_eq(parse(CMS_WORDPRESS, NULL,
                           "{\"action\":\"post_update\",\"post\":{\"ID\":5,"
                           "\"post_status\":\"private\",\"post_content\":\"x\"}}",
                           NULL, &ev),
                     0);
    ck_assert_int_eq(ev.type, CMS_EVENT_DELETED);
    cms_event_cleanup(&ev);
}
END_TEST

START_TEST(test_wordpress_wrong_shapes)
{
    struct cms_event ev;
    ck_assert_int_eq(parse(CMS_WORDPRESS, NULL, "{\"ID\":5,\"post_content\":\"x\"}", NULL, &ev),
                     TW_EINVAL);
    ck_assert_str_eq(detail, "missing post_status and no event name");
    ck_assert_int_eq(parse(CMS_WORDPRESS, NULL,
                           "{\"post\":{\"ID\":5,\"post_status\":\"publish\",\"post_content\":7}}",
                           NULL, &ev),
                     TW_EINVAL);
    ck_assert_str_eq(detail, "post.post_content must be a string, not an integer");
    ck_assert_int_eq(parse(CMS_WORDPRESS, NULL,
                           "{\"status\":\"publish\",\"content\":{\"rendered\":\"x\"}}", NULL, &ev),
                     TW_EINVAL);
    ck_assert_str_eq(detail, "missing ID");
}
END_TEST

/* ---- strapi ---- */

START_TEST(test_strapi_events_and_blocks)
{
    struct cms_event ev;
    const char *pub =
        "{\"event\":\"entry.publish\",\"createdAt\":\"2025-01-10T08:00:00.000Z\","
        "\"model\":\"article\",\"uid\":\"api::article.article\",\"entry\":{\"id\":3,"
        "\"documentId\":\"k2j3h4\",\"title\":\"Canada drops levy\",\"slug\":\"canada-levy\","
        "\"publishedAt\":\"2025-01-10T08:00:00.000Z\",\"body\":[{\"type\":\"paragraph\","
        "\"children\":[{\"type\":\"text\",\"text\":\"Ottawa \"},{\"type\":\"text\","
        "\"text\":\"dropped it.\",\"bold\":true}]},{\"type\":\"list\",\"format\":\"unordered\","
        "\"children\":[{\"type\":\"list-item\",\"children\":[{\"type\":\"text\",\"text\":\"one\"}"
        "]},{\"type\":\"list-item\",\"children\":[{\"type\":\"link\",\"url\":\"https://x\","
        "\"children\":[{\"type\":\"text\",\"text\":\"two\"}]}]}]}]}}";
    ck_assert_int_eq(parse(CMS_STRAPI, NULL, pub, NULL, &ev), 0);
    ck_assert_int_eq(ev.type, CMS_EVENT_PUBLISHED);
    ck_assert_str_eq(ev.external_id, "k2j3h4");
    ck_assert_str_eq(ev.title, "Canada drops levy");
    ck_assert_str_eq(ev.body, "Ottawa dropped it.\n\none\n\ntwo");
    ck_assert_str_eq(ev.url, "canada-levy");
    ck_assert_str_eq(ev.published_at, "2025-01-10T08:00:00Z");
    cms_event_cleanup(&ev);

    ck_assert_int_eq(parse(CMS_STRAPI, NULL,
                           "{\"event\":\"entry.update\",\"model\":\"article\",\"entry\":{\"id\":3,"
                           "\"content\":\"<p>HTML from CKEditor</p>\"}}",
                           NULL, &ev),
                     0);
    ck_assert_int_eq(ev.type, CMS_EVENT_UPDATED);
    ck_assert_str_eq(ev.external_id, "3");
    ck_assert_str_eq(ev.body, "HTML from CKEditor");
    cms_event_cleanup(&ev);

    ck_assert_int_eq(parse(CMS_STRAPI, NULL,
                           "{\"event\":\"entry.update\",\"model\":\"article\",\"entry\":{\"id\":3,"
                           "\"publishedAt\":null,\"body\":\"draft\"}}",
                           NULL, &ev),
                     0);
    ck_assert_int_eq(ev.type, CMS_EVENT_IGNORED);
    cms_event_cleanup(&ev);
    ck_assert_int_eq(parse(CMS_STRAPI, NULL,
                           "{\"event\":\"entry.unpublish\",\"model\":\"article\","
                           "\"entry\":{\"id\":3,\"documentId\":\"k2j3h4\",\"publishedAt\":null}}",
                           NULL, &ev),
                     0);
    ck_assert_int_eq(ev.type, CMS_EVENT_DELETED);
    ck_assert_str_eq(ev.external_id, "k2j3h4");
    cms_event_cleanup(&ev);
    ck_assert_int_eq(
        parse(CMS_STRAPI, NULL, "{\"event\":\"media.create\",\"media\":{\"id\":1}}", NULL, &ev), 0);
    ck_assert_int_eq(ev.type, CMS_EVENT_IGNORED);
    cms_event_cleanup(&ev);
}
END_TEST

START_TEST(test_strapi_mapping_and_wrong_shapes)
{
    struct cms_mapping map = {.id = "/uuid",
                              .title = "/headline",
                              .html = "/story/html",
                              .url = "/canonical",
                              .date = "/firstPublished"};
    struct cms_event ev;
    ck_assert_int_eq(parse(CMS_STRAPI, &map,
                           "{\"event\":\"entry.publish\",\"entry\":{\"uuid\":\"u-9\","
                           "\"headline\":\"H\",\"story\":{\"html\":\"<p>S</p>\"},"
                           "\"body\":\"not this\",\"canonical\":\"https://c\","
                           "\"firstPublished\":1736496000}}",
                           NULL, &ev),
                     0);
    ck_assert_str_eq(ev.external_id, "u-9");
    ck_assert_str_eq(ev.title, "H");
    ck_assert_str_eq(ev.body, "S");
    ck_assert_str_eq(ev.url, "https://c");
    ck_assert_str_eq(ev.published_at, "2025-01-10T08:00:00Z");
    cms_event_cleanup(&ev);
    ck_assert_int_eq(
        parse(CMS_STRAPI, NULL, "{\"event\":\"entry.publish\",\"entry\":7}", NULL, &ev), TW_EINVAL);
    ck_assert_str_eq(detail, "entry must be an object, not an integer");
    ck_assert_int_eq(parse(CMS_STRAPI, NULL, "{\"entry\":{}}", NULL, &ev), TW_EINVAL);
    ck_assert_str_eq(detail, "missing event");
    ck_assert_int_eq(parse(CMS_STRAPI, NULL,
                           "{\"event\":\"entry.publish\",\"entry\":{\"id\":1,\"title\":\"t\"}}",
                           NULL, &ev),
                     TW_EINVAL);
    ck_assert_str_eq(detail, "missing entry/body");
    map = (struct cms_mapping){.id = "uuid"};
    ck_assert_int_eq(
        parse(CMS_STRAPI, &map,
              "{\"event\":\"entry.publish\",\"entry\":{\"uuid\":\"u\",\"body\":\"b\"}}", NULL, &ev),
        TW_EINVAL);
    ck_assert_str_eq(detail, "mapping pointer \"uuid\" is not a valid JSON pointer");
}
END_TEST

/* ---- generic ---- */

START_TEST(test_generic_mapping)
{
    struct cms_mapping map = {.id = "/meta/ids/0",
                              .title = "/a~1b",
                              .body = "/c~0d",
                              .url = "/links/self",
                              .date = "/ts",
                              .event = "/op"};
    struct cms_event ev;
    ck_assert_int_eq(parse(CMS_GENERIC, &map,
                           "{\"meta\":{\"ids\":[\"g-1\",\"g-2\"]},\"a/b\":\"Title\","
                           "\"c~d\":\"Body text\",\"links\":{\"self\":\"https://g\"},"
                           "\"ts\":1736496000123,\"op\":\"story.modified\"}",
                           NULL, &ev),
                     0);
    ck_assert_int_eq(ev.type, CMS_EVENT_UPDATED);
    ck_assert_str_eq(ev.external_id, "g-1");
    ck_assert_str_eq(ev.title, "Title");
    ck_assert_str_eq(ev.body, "Body text");
    ck_assert_str_eq(ev.published_at, "2025-01-10T08:00:00Z");
    cms_event_cleanup(&ev);

    struct cms_mapping plain = {.id = "/id", .html = "/html"};
    ck_assert_int_eq(parse(CMS_GENERIC, &plain, "{\"id\":1,\"html\":\"<p>x</p>\"}", NULL, &ev), 0);
    ck_assert_int_eq(ev.type, CMS_EVENT_PUBLISHED);
    ck_assert_str_eq(ev.body, "x");
    cms_event_cleanup(&ev);

    ck_assert_int_eq(parse(CMS_GENERIC, NULL, "{\"id\":1}", NULL, &ev), TW_EINVAL);
    ck_assert_str_eq(detail, "the generic kind needs a mapping with id and body or html");
    ck_assert_int_eq(parse(CMS_GENERIC, &map,
                           "{\"meta\":{\"ids\":[]},\"c~d\":\"b\",\"op\":\"created\"}", NULL, &ev),
                     TW_EINVAL);
    ck_assert_str_eq(detail, "missing /meta/ids/0");
    ck_assert_int_eq(parse(CMS_GENERIC, &map,
                           "{\"meta\":{\"ids\":[\"i\"]},\"c~d\":\"b\",\"op\":\"archived\"}", NULL,
                           &ev),
                     0);
    ck_assert_int_eq(ev.type, CMS_EVENT_IGNORED);
    cms_event_cleanup(&ev);
}
END_TEST

START_TEST(test_json_pointer_rfc6901)
{
    /* the example document of RFC 6901 section 5 */
    json_t *doc = load("{\"foo\":[\"bar\",\"baz\"],\"\":0,\"a/b\":1,\"c%d\":2,\"e^f\":3,"
                       "\"g|h\":4,\"i\\\\j\":5,\"k\\\"l\":6,\" \":7,\"m~n\":8}");
    static const struct {
        const char *ptr;
        long long want; /* -1: the array, -2: "bar" */
    } cases[] = {
        {"/foo", -1}, {"/foo/0", -2}, {"/", 0},     {"/a~1b", 1}, {"/c%d", 2},  {"/e^f", 3},
        {"/g|h", 4},  {"/i\\j", 5},   {"/k\"l", 6}, {"/ ", 7},    {"/m~0n", 8},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const json_t *v = NULL;
        ck_assert_msg(cms_payload_pointer(doc, cases[i].ptr, &v) == 0, "%s", cases[i].ptr);
        if (cases[i].want == -1)
            ck_assert(json_is_array(v));
        else if (cases[i].want == -2)
            ck_assert_str_eq(json_string_value(v), "bar");
        else
            ck_assert_int_eq(json_integer_value(v), cases[i].want);
    }
    const json_t *v = NULL;
    ck_assert_int_eq(cms_payload_pointer(doc, "", &v), 0);
    ck_assert_ptr_eq(v, doc);
    ck_assert_int_eq(cms_payload_pointer(doc, "/foo/2", &v), TW_ENOTFOUND);
    ck_assert_int_eq(cms_payload_pointer(doc, "/foo/-", &v), TW_ENOTFOUND);
    ck_assert_int_eq(cms_payload_pointer(doc, "/foo/01", &v), TW_ENOTFOUND);
    ck_assert_int_eq(cms_payload_pointer(doc, "/foo/0/x", &v), TW_ENOTFOUND);
    ck_assert_int_eq(cms_payload_pointer(doc, "/nope", &v), TW_ENOTFOUND);
    ck_assert_int_eq(cms_payload_pointer(doc, "foo", &v), TW_EINVAL);
    ck_assert_int_eq(cms_payload_pointer(doc, "/m~2n", &v), TW_EINVAL);
    ck_assert_int_eq(cms_payload_pointer(doc, "/m~", &v), TW_EINVAL);
    ck_assert(cms_payload_pointer_valid("/a~0~1"));
    ck_assert(!cms_payload_pointer_valid(NULL));
    json_decref(doc);
}
END_TEST

START_TEST(test_dates_normalised_to_utc)
{
    static const struct {
        const char *in, *want;
    } ok[] = {
        {"2025-03-04T05:06:07Z", "2025-03-04T05:06:07Z"},
        {"2025-03-04T05:06:07.123456Z", "2025-03-04T05:06:07Z"},
        {"2025-03-04t05:06:07z", "2025-03-04T05:06:07Z"},
        {"2025-03-04T05:06:07+02:00", "2025-03-04T03:06:07Z"},
        {"2025-03-04T01:06:07-0530", "2025-03-04T06:36:07Z"},
        {"2025-01-01T01:00:00+03", "2024-12-31T22:00:00Z"},
        {"2025-03-04 05:06:07", "2025-03-04T05:06:07Z"},
        {"2025-03-04T05:06", "2025-03-04T05:06:00Z"},
        {"2025-03-04", "2025-03-04T00:00:00Z"},
        {"2024-02-29T23:30:00-01:00", "2024-03-01T00:30:00Z"},
    };
    char out[CMS_DATE_LEN];
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        ck_assert_msg(cms_payload_date(ok[i].in, out) == 0, "rejected %s", ok[i].in);
        ck_assert_str_eq(out, ok[i].want);
    }
    static const char *bad[] = {
        "2025-02-29T00:00:00Z",
        "2025-13-01",
        "2025-00-10",
        "2025-03-04T24:00:00Z",
        "2025-03-04T05:60:00Z",
        "2025-03-04T05:06:07+25:00",
        "2025-03-04T05:06:07Zjunk",
        "25-03-04",
        "2025/03/04",
        "",
        "2025-03-04T05:06:07.Z",
        "0000-01-01",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(cms_payload_date(bad[i], out) == TW_EINVAL, "accepted %s", bad[i]);
    ck_assert_int_eq(cms_payload_date_unix(0, out), 0);
    ck_assert_str_eq(out, "1970-01-01T00:00:00Z");
    ck_assert_int_eq(cms_payload_date_unix(253402300800LL, out), TW_EINVAL);
}
END_TEST

START_TEST(test_kind_names)
{
    enum cms_kind k;
    ck_assert_int_eq(cms_payload_kind_parse("strapi", &k), 0);
    ck_assert_int_eq(k, CMS_STRAPI);
    ck_assert_str_eq(cms_payload_kind_name(k), "strapi");
    ck_assert_int_eq(cms_payload_kind_parse("drupal", &k), TW_EINVAL);
    ck_assert_int_eq(cms_payload_kind_scheme(CMS_GHOST), WEBHOOK_SCHEME_GHOST);
    ck_assert_int_eq(cms_payload_kind_scheme(CMS_STANDARD), WEBHOOK_SCHEME_STANDARD);
    ck_assert_int_eq(cms_payload_kind_scheme(CMS_WORDPRESS), WEBHOOK_SCHEME_TOKEN);
    ck_assert_str_eq(cms_payload_event_name(CMS_EVENT_DELETED), "deleted");
}
END_TEST

Suite *cms_payload_suite(void)
{
    Suite *s = suite_create("cms_payload");
    TCase *tc = tcase_create("standard");
    tcase_add_unchecked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_standard_published_html);
    tcase_add_test(tc, test_standard_text_body_update_and_delete);
    tcase_add_test(tc, test_standard_wrong_shapes);
    suite_add_tcase(s, tc);
    tc = tcase_create("ghost");
    tcase_add_unchecked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_ghost_published_updated_deleted);
    tcase_add_test(tc, test_ghost_wrong_shapes);
    suite_add_tcase(s, tc);
    tc = tcase_create("wordpress");
    tcase_add_unchecked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_wordpress_wp_webhooks_shape);
    tcase_add_test(tc, test_wordpress_rest_shape_and_statuses);
    tcase_add_test(tc, test_wordpress_wrong_shapes);
    suite_add_tcase(s, tc);
    tc = tcase_create("strapi");
    tcase_add_unchecked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_strapi_events_and_blocks);
    tcase_add_test(tc, test_strapi_mapping_and_wrong_shapes);
    suite_add_tcase(s, tc);
    tc = tcase_create("generic");
    tcase_add_unchecked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_generic_mapping);
    tcase_add_test(tc, test_json_pointer_rfc6901);
    tcase_add_test(tc, test_dates_normalised_to_utc);
    tcase_add_test(tc, test_kind_names);
    suite_add_tcase(s, tc);
    return s;
}
