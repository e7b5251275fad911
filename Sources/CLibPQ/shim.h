#ifndef BRINE_CLIBPQ_SHIM_H
#define BRINE_CLIBPQ_SHIM_H
#include <postgresql/libpq-fe.h>
#endif
