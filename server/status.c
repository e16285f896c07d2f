#include "status.h"

const char *tw_status_str(int status)
{
    switch (status) {
    case TW_OK: return "ok";
    case TW_EINVAL: return "invalid input";
    case TW_ENOTFOUND: return "not found";
    case TW_ECONFLICT: return "conflict";
    case TW_EBUSY: return "busy";
    case TW_ETOOBIG: return "too large";
    case TW_EDB: return "database error";
    case TW_EIO: return "i/o error";
    case TW_EUNSUPPORTED: return "unsupported";
    case TW_EAUTH: return "unauthorized";
    }
    return "unknown error";
}

int tw_status_http(int status)
{
    switch (status) {
    case TW_OK: return 200;
    case TW_EINVAL: return 400;
    case TW_ENOTFOUND: return 404;
    case TW_ECONFLICT: return 409;
    case TW_EBUSY: return 503;
    case TW_ETOOBIG: return 413;
    case TW_EUNSUPPORTED: return 415;
    case TW_EAUTH: return 401;
    case TW_EDB:
    case TW_EIO:
    default: return 500;
    }
}
