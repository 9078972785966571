#ifndef ENVLOCK_CZSTD_SHIM_H
#define ENVLOCK_CZSTD_SHIM_H
#include <zstd.h>
#endif
