#ifndef LAYERLINT_GLIBC_COMPAT_H
#define LAYERLINT_GLIBC_COMPAT_H

// Linked into layerlint for the portable wheel build (compat.c); nothing to call from Swift.
#include <math.h>  // defines __GLIBC__ on glibc
#if defined(__x86_64__) && defined(__GLIBC__)
double __wrap_hypot(double x, double y);
float __wrap_hypotf(float x, float y);
void __wrap__ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE(void *condition, void *lock);
#endif

#endif
