#ifndef JAMFOR_CZLIB_SHIM_H
#define JAMFOR_CZLIB_SHIM_H
#include <zlib.h>

/// deflateInit and inflateInit are macros in zlib.h; Swift cannot call macros, so these wrap them.
static inline int jamfor_deflateInit(z_streamp stream, int level) {
    return deflateInit(stream, level);
}

static inline int jamfor_inflateInit(z_streamp stream) {
    return inflateInit(stream);
}
#endif
