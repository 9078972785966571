#ifndef ENVLOCK_CARCHIVE_SHIM_H
#define ENVLOCK_CARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>
#endif
