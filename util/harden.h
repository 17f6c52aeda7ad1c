/* harden.h: what the process does to itself at start so that secrets it
 * holds (keys, tokens, sensitive values) cannot leave through a core dump
 * or another process reading its memory.  Nothing else lives here. */
#ifndef CL_HARDEN_H
#define CL_HARDEN_H

/* RLIMIT_CORE 0 and PR_SET_DUMPABLE 0: an abort leaves no core file, and
 * /proc/PID/mem and ptrace are closed to other users' processes. */
void cl_harden_process(void);

#endif
