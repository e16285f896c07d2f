/* html_text.h - HTML as CMSs send it, turned into the clean text that tradewire stores and
 * annotates (annotation offsets refer to this text).
 *
 * Parsed with libxml2's HTML parser (recovering from broken markup, no network access, no
 * messages printed), then flattened:
 *   - block elements (p, div, h1-h6, li, blockquote, table rows, ...) are separated by a blank
 *     line ("\n\n"); <br> is a newline, and two <br> in a row a blank line;
 *   - entities and character references are decoded (&amp; &#8217; &nbsp; ...);
 *   - script, style, figcaption, noscript, template, iframe, head, object, embed, svg, math,
 *     canvas, audio, video, select and textarea are dropped with their content, as are comments;
 *   - runs of white space (Unicode spaces and no-break spaces included) become one space, and
 *     there is no white space at either end; inside <pre>, a line break stays a line break and
 *     a blank line a paragraph break;
 *   - the result is valid UTF-8 without NUL or control characters other than '\n'; invalid
 *     input bytes become U+FFFD.
 *
 * Threads: libxml2 must be initialised once, from the main thread, before any other thread
 * can call html_text_convert(): call html_text_global_init() at startup before the workers and
 * the HTTP threads start, and html_text_global_cleanup() after they have all stopped. Between
 * the two, html_text_convert() may run on any number of threads at once.
 */
#ifndef TW_HTML_TEXT_H
#define TW_HTML_TEXT_H

#include <stddef.h>

/* Initialises libxml2 (xmlInitParser). Main thread, before other threads start. */
void html_text_global_init(void);
/* Frees libxml2's global state (xmlCleanupParser). Main thread, after other threads stopped. */
void html_text_global_cleanup(void);

/* Flags of html_text_convert_flags(). */
/* Line breaks in text count (a blank line is a paragraph): for sources such as WordPress's raw
 * post_content, where the editor leaves paragraphs as blank lines rather than <p>. */
#define HTML_TEXT_NEWLINES 0x1

/* Converts html[0..len) to text. Returns 0 with a heap string in *out (free it) and its length
 * in *out_len (either may be written only on success; out_len may be NULL). Empty or
 * markup-only input gives "". Returns TW_EINVAL when libxml2 cannot build a document at all. */
int html_text_convert(const char *html, size_t len, char **out, size_t *out_len);
/* Same, with HTML_TEXT_* flags. */
int html_text_convert_flags(const char *html, size_t len, unsigned flags, char **out,
                            size_t *out_len);

#endif
