// Host C++ stand-ins for the CUDA built-ins our kernels use (see build.py).
// A block's 256 threads are cooperative user-space contexts on one OS thread: __syncthreads
// passes control to the next thread, so every thread reaches the barrier before any passes
// it, as on the GPU. Kernels without barriers simply run thread after thread.
#include <ucontext.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>
using namespace std;

struct dim3_ {
    unsigned x = 0, y = 0, z = 0;
};
dim3_ threadIdx, blockIdx, blockDim{256, 1, 1}, gridDim{1, 1, 1};

static ucontext_t g_main, g_ctx[256];
static std::function<void()> g_body;
static bool g_cooperative = false;

inline void __syncthreads() {
    if (!g_cooperative) return;
    unsigned t = threadIdx.x, next = (t + 1) % 256;
    threadIdx.x = next;
    swapcontext(&g_ctx[t], &g_ctx[next]);
}

static void tt_emu_thread(int t) {
    threadIdx.x = t;
    g_body();
    threadIdx.x = t + 1;  // uc_link resumes thread t + 1 (or the launcher after the last)
}

inline void tt_emu_block(const std::function<void()>& body) {
    static std::vector<char> stacks(256 * 128 * 1024);
    g_body = body;
    g_cooperative = true;
    for (int t = 0; t < 256; ++t) {
        getcontext(&g_ctx[t]);
        g_ctx[t].uc_stack.ss_sp = &stacks[(size_t)t * 128 * 1024];
        g_ctx[t].uc_stack.ss_size = 128 * 1024;
        g_ctx[t].uc_link = t < 255 ? &g_ctx[t + 1] : &g_main;
        makecontext(&g_ctx[t], (void (*)())tt_emu_thread, 1, t);
    }
    swapcontext(&g_main, &g_ctx[0]);
    g_cooperative = false;
}

inline float __int_as_float(int x) {
    float f;
    memcpy(&f, &x, 4);
    return f;
}
#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__ static
