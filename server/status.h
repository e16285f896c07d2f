/* status.h - the one error code space of tradewire, like SQLite's result codes.
 *
 * Functions that can fail return int: 0 (TW_OK) or one of the negative codes below.
 * Threads: any (pure functions).
 */
#ifndef TW_STATUS_H
#define TW_STATUS_H

enum tw_status {
    TW_OK = 0,
    TW_EINVAL = -1,    /* the caller's input is malformed */
    TW_ENOTFOUND = -2, /* no such thing */
    TW_ECONFLICT = -3, /* a uniqueness or state rule refused it */
    TW_EBUSY = -4,     /* try again later: queue full, database locked */
    TW_ETOOBIG = -5,   /* over a configured size limit */
    TW_EDB = -6,       /* the database failed */
    TW_EIO = -7,       /* the operating system failed */
    TW_EUNSUPPORTED = -8, /* a media type or method we do not serve */
    TW_EAUTH = -9,     /* missing or wrong credentials */
};

/* A short lowercase description, never NULL. */
const char *tw_status_str(int status);
/* The HTTP status code a handler should answer for it (200 for TW_OK). */
int tw_status_http(int status);

#endif
