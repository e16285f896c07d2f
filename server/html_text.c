/* HTML to text: libxml2 builds the tree, a non-recursive walk writes the text.
 *
 * The walk keeps one pending separator (none < space < newline < paragraph) that is raised by
 * white space, <br> and block boundaries, and written only when the next visible character
 * arrives. So separators never pile up, never lead, and never trail.
 */
#include "html_text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "status.h"
#include "utf8.h"

enum sep { SEP_NONE, SEP_SPACE, SEP_LINE, SEP_PARA };

struct out {
    struct buf b;
    enum sep pending;
    bool keep_newlines; /* HTML_TEXT_NEWLINES */
    int in_pre;         /* depth of <pre>: line breaks in text are kept inside */
    int nl_run;         /* line breaks in the current run of white space (when kept) */
    bool last_was_br;   /* the last thing seen was a <br>, so another one makes a paragraph */
};

static const char *const dropped[] = {
    "script", "style", "figcaption", "noscript", "template", "iframe",
    "head",   "title", "object",     "embed",    "svg",      "math",
    "canvas", "audio", "video",      "select",   "textarea",
};

static const char *const blocks[] = {
    "p",          "div",     "h1",      "h2",      "h3",      "h4",      "h5",
    "h6",         "ul",      "ol",      "li",      "dl",      "dt",      "dd",
    "blockquote", "pre",     "table",   "thead",   "tbody",   "tfoot",   "tr",
    "caption",    "section", "article", "header",  "footer",  "aside",   "nav",
    "main",       "figure",  "hr",      "address", "details", "summary", "form",
    "fieldset",   "legend",  "body",    "center",  "dialog",  "hgroup",
};

static bool in_list(const xmlChar *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp((const char *)name, list[i]) == 0)
            return true;
    return false;
}

static bool is_dropped(const xmlChar *name)
{
    return in_list(name, dropped, sizeof dropped / sizeof *dropped);
}

static bool is_block(const xmlChar *name)
{
    return in_list(name, blocks, sizeof blocks / sizeof *blocks);
}

static void raise_sep(struct out *o, enum sep s)
{
    if (s > o->pending)
        o->pending = s;
}

/* Writes one visible code point (bytes p[0..n)), preceded by the pending separator. */
static void put_visible(struct out *o, const char *p, size_t n)
{
    if (o->b.len > 0) {
        if (o->pending == SEP_SPACE)
            buf_putc(&o->b, ' ');
        else if (o->pending == SEP_LINE)
            buf_putc(&o->b, '\n');
        else if (o->pending == SEP_PARA)
            buf_append(&o->b, "\n\n", 2);
    }
    o->pending = SEP_NONE;
    o->nl_run = 0;
    o->last_was_br = false;
    buf_append(&o->b, p, n);
}

/* The separator a white-space code point stands for, or SEP_NONE for a visible one. */
static enum sep space_kind(struct out *o, uint32_t cp)
{
    switch (cp) {
    case '\n':
        if (!o->keep_newlines && o->in_pre == 0)
            return SEP_SPACE;
        return ++o->nl_run >= 2 ? SEP_PARA : SEP_LINE;
    case ' ':
    case '\t':
    case '\r':
    case '\f':
    case '\v':
    case 0xA0:
    case 0x1680:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0x85:
        return SEP_SPACE;
    case 0x2028:
        return SEP_LINE;
    case 0x2029:
        return SEP_PARA;
    }
    if (cp >= 0x2000 && cp <= 0x200A)
        return SEP_SPACE;
    return SEP_NONE;
}

static void put_text(struct out *o, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(p + i, n - i, &cp);
        if (k == 0) {
            /* libxml2 hands out UTF-8, and the input was repaired first; be safe anyway. */
            put_visible(o, "\xEF\xBF\xBD", 3);
            i++;
            continue;
        }
        enum sep sp = space_kind(o, cp);
        if (sp != SEP_NONE) {
            raise_sep(o, sp);
        } else if (cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0)) {
            put_visible(o, s + i, k);
        }
        /* other control characters are dropped */
        i += k;
    }
}

static void enter_element(struct out *o, xmlNodePtr n)
{
    if (strcasecmp((const char *)n->name, "br") == 0) {
        raise_sep(o, o->last_was_br ? SEP_PARA : SEP_LINE);
        o->last_was_br = true;
    } else if (strcasecmp((const char *)n->name, "td") == 0 ||
               strcasecmp((const char *)n->name, "th") == 0) {
        raise_sep(o, SEP_SPACE);
    } else if (is_block(n->name)) {
        raise_sep(o, SEP_PARA);
        if (strcasecmp((const char *)n->name, "pre") == 0)
            o->in_pre++;
    }
}

static void leave_element(struct out *o, xmlNodePtr n)
{
    if (strcasecmp((const char *)n->name, "td") == 0 ||
        strcasecmp((const char *)n->name, "th") == 0) {
        raise_sep(o, SEP_SPACE);
    } else if (is_block(n->name)) {
        raise_sep(o, SEP_PARA);
        if (strcasecmp((const char *)n->name, "pre") == 0 && o->in_pre > 0)
            o->in_pre--;
    }
}

/* Depth-first walk with parent pointers instead of recursion: the nesting of hostile markup
 * then cannot exhaust a thread's stack. */
static void walk(struct out *o, xmlNodePtr root)
{
    xmlNodePtr n = root;
    while (n) {
        bool descend = false;
        if (n->type == XML_ELEMENT_NODE) {
            if (!is_dropped(n->name)) {
                enter_element(o, n);
                descend = n->children != NULL;
                if (!descend)
                    leave_element(o, n);
            }
        } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                put_text(o, (const char *)n->content, strlen((const char *)n->content));
        }
        if (descend) {
            n = n->children;
            continue;
        }
        /* Climb until a node has a next sibling, closing the elements we leave. */
        while (n != root && n->next == NULL) {
            n = n->parent;
            if (n->type == XML_ELEMENT_NODE)
                leave_element(o, n);
        }
        if (n == root)
            break;
        n = n->next;
    }
}

/* libxml2 2.12 made the error argument const. */
#if LIBXML_VERSION >= 21200
static void silent(void *ctx, const xmlError *err)
#else
static void silent(void *ctx, xmlErrorPtr err)
#endif
{
    (void)ctx;
    (void)err;
}

void html_text_global_init(void)
{
    xmlInitParser();
}

void html_text_global_cleanup(void)
{
    xmlCleanupParser();
}

int html_text_convert(const char *html, size_t len, char **out, size_t *out_len)
{
    return html_text_convert_flags(html, len, 0, out, out_len);
}

int html_text_convert_flags(const char *html, size_t len, unsigned flags, char **out,
                            size_t *out_len)
{
    int rc = TW_EINVAL;
    htmlParserCtxtPtr ctxt = NULL;
    htmlDocPtr doc = NULL;
    char *clean = NULL;
    size_t clean_len;
    struct out o = {.pending = SEP_NONE, .keep_newlines = (flags & HTML_TEXT_NEWLINES) != 0};
    buf_init(&o.b);

    /* Repairing first makes libxml2's UTF-8 decoder never fail: left alone, it would fall
     * back to Latin-1 for the rest of the document on the first bad byte. */
    clean = utf8_repair(html, len, &clean_len);
    if (clean_len > INT32_MAX)
        goto out;
    for (size_t i = 0; i < clean_len; i++) {
        if (clean[i] != ' ' && clean[i] != '\t' && clean[i] != '\n' && clean[i] != '\r')
            break;
        if (i + 1 == clean_len)
            clean_len = 0; /* nothing but white space: libxml2 would build no document */
    }
    if (clean_len == 0) {
        rc = 0;
        goto done;
    }

    ctxt = htmlNewParserCtxt();
    if (ctxt == NULL)
        goto out;
    /* Errors go to this context's structured handler first: silence it here, per context,
     * because libxml2's global error handlers are per thread. */
    ctxt->sax->serror = silent;
    ctxt->sax->error = NULL;
    ctxt->sax->warning = NULL;
    doc = htmlCtxtReadMemory(ctxt, clean, (int)clean_len, NULL, "UTF-8",
                             HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                 HTML_PARSE_NONET | HTML_PARSE_COMPACT);
    if (doc == NULL)
        goto out;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (root)
        walk(&o, root);
done:
    rc = 0;
    if (out_len)
        *out_len = o.b.len;
    *out = buf_steal(&o.b);
out:
    buf_cleanup(&o.b);
    if (doc)
        xmlFreeDoc(doc);
    if (ctxt)
        htmlFreeParserCtxt(ctxt);
    free(clean);
    return rc;
}
