/*
** cpu.h -- what the processor can do, read from what the C library
** learnt as the process started.
**
** gcc's __builtin_cpu_supports links libgcc's __cpu_indicator_init, a
** constructor that runs cpuid several times in every process at start.
** In a virtual machine each cpuid traps to the hypervisor (some 8 us
** each here): some 50 us of a one-shot `concord -c` that never searches
** a title.  glibc's dynamic loader has asked cpuid already, and keeps
** the answer (<sys/platform/x86.h>, glibc 2.33 on), so asking it costs
** a call and no trap, and the library keeps no state of its own.
*/
#ifndef CQ_CPU_H
#define CQ_CPU_H

#include <stdlib.h> /* (for glibc: defines __GLIBC__) */

/* Defined where glibc keeps the record cq_cpu_has_avx2 reads: elsewhere
** it answers 0 (a test compares the answer with the compiler's here). */
#if defined(__x86_64__) && defined(__GLIBC__) &&                               \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#define CQ_CPU_FROM_GLIBC 1
#endif

/* 1 when the processor and the operating system can run AVX2 code (the
** processor has it and the system saves the wide registers), else 0;
** 0 too where the C library cannot say (another libc, an older glibc,
** another processor): the title search then takes 16 bytes at a time. */
int cq_cpu_has_avx2(void);

#endif
