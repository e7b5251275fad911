#ifndef BRINE_CZEROMQ_SHIM_H
#define BRINE_CZEROMQ_SHIM_H
#include <zmq.h>
#include <sys/eventfd.h>
#include <sys/epoll.h>
#endif
