#ifndef BRINE_CSYSTEM_H
#define BRINE_CSYSTEM_H

/// Linux calls Swift cannot make itself (variadic in C).

/// prctl(PR_SET_PDEATHSIG, signal): the kernel sends `signal` to this process when the thread that
/// started it exits. Returns 0, or -1 with errno set.
int brine_set_parent_death_signal(int signal);

#endif
