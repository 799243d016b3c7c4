// Symbol-version pins for the portable build of scripts/package-wheel, which links with
// --wrap for the three functions below on x86_64. The Swift runtime's and Foundation's static
// libraries call them, and their newest symbol versions alone made the binary need glibc 2.35
// and GCC 12's libstdc++ (manylinux_2_35):
// - glibc 2.35 gave hypot and hypotf new versions; GLIBC_2.2.5 is in every x86_64 glibc.
// - GCC 12 gave std::condition_variable::wait(unique_lock<mutex>&) the version GLIBCXX_3.4.30
//   (no longer noexcept, for thread cancellation, which layerlint never uses); GLIBCXX_3.4.11
//   is the same wait in every libstdc++ since GCC 4.4.
// The wrappers call those older versions, so the binary runs on glibc 2.34 with GCC 11's
// libstdc++ (manylinux_2_34: Amazon Linux 2023, RHEL 9). Without --wrap nothing calls them.
#include "CGlibcCompat.h"

#if defined(__x86_64__) && defined(__GLIBC__)
__asm__(".symver layerlint_hypot_2_2_5, hypot@GLIBC_2.2.5");
__asm__(".symver layerlint_hypotf_2_2_5, hypotf@GLIBC_2.2.5");
double layerlint_hypot_2_2_5(double x, double y);
float layerlint_hypotf_2_2_5(float x, float y);

double __wrap_hypot(double x, double y) { return layerlint_hypot_2_2_5(x, y); }
float __wrap_hypotf(float x, float y) { return layerlint_hypotf_2_2_5(x, y); }

// A member function is a function of the object and its arguments in the Itanium C++ ABI.
__asm__(".symver layerlint_condition_wait_3_4_11, "
        "_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE@GLIBCXX_3.4.11");
void layerlint_condition_wait_3_4_11(void *condition, void *lock);
void __wrap__ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE(void *condition, void *lock) {
    layerlint_condition_wait_3_4_11(condition, lock);
}
#endif
