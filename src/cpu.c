/*
** cpu.c -- the processor's features, as glibc's loader found them
** (cpu.h says why not __builtin_cpu_supports, nor cpuid here).
*/
#include "cpu.h"

#ifdef CQ_CPU_FROM_GLIBC
#include <sys/platform/x86.h>

int cq_cpu_has_avx2(void)
{
    /* "active": the processor has it and the system enabled it */
    return CPU_FEATURE_ACTIVE(AVX2) != 0;
}
#else
int cq_cpu_has_avx2(void)
{
    return 0;
}
#endif
