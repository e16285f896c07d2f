/* log.h - one line per event on stderr: time, level, message.
 *
 * The level is checked before formatting, so disabled debug lines cost a comparison.
 * Threads: any; each line is written with a single write(2), so lines never interleave.
 */
#ifndef TW_LOG_H
#define TW_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Sets the lowest level printed (default LOG_INFO). Call before threads start. */
void log_set_level(enum log_level level);
/* Parses "debug", "info", "warn", "error"; returns 0 or TW_EINVAL. */
int log_parse_level(const char *name, enum log_level *out);
int log_enabled(enum log_level level);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
