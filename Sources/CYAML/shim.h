#ifndef BRINE_CYAML_SHIM_H
#define BRINE_CYAML_SHIM_H
#include <yaml.h>
#endif
