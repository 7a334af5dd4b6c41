// Conv2D weight gradient as SIMD WebAssembly (wasm32 + simd128), for @icnn/runtime's Conv2DBackpropFilter on tfjs-wasm.
// Build: `npm run build:wasm -w @icnn/runtime` (clang ≥ 14 with lld); the module is committed as
// src/kernels/filterGradientWasm.generated.ts, so that building and testing the package need no C toolchain.
//
//   dW[kh, kw, ci, co] += Σ_{b, oy, ox} xpad[b, oy·sH + kh, ox·sW + kw, ci] · dy[b, oy, ox, co]
//
// The caller pads x with zeros ([B, Hp, Wp, Ci]), so every kernel offset is in range for every output pixel. For one
// output pixel and one kernel row kh, the kW·Ci values x[.., ox·sW + kw, ci] (kw, ci) are contiguous in x and are rows
// kh·kW·Ci + kw·Ci + ci of dW: per kh, a GEMM (kW·Ci × pixels)·(pixels × Co) whose reduction runs over the pixels.
// Register tiles of 4 of those kW·Ci rows × 8 output channels (8 f32x4 accumulators; wasm simd128 has no FMA, so
// mul + add) stay in registers over ≥ 32 pixels (one output row, or several short ones). 4×8 measured fastest
// (35–40 GFLOP/s on the benchmark's layers in Node 20 on Zen 4); 6×8, 4×12 and 3×16 spill.
// Where dW is large (512×512 channels: 9 MB), it is swept in blocks of ≤ 256 KB, each over all pixels, so that the
// accumulators' loads and stores hit the cache rather than memory (+30% on a 14×14×512→512 layer).
//
// dW rows have a stride coP = Co rounded up to 4: the last vector of a row may cover up to 3 channels past Co; its
// dy loads then read the next pixel's values (or up to 12 bytes of slack the caller leaves after dy), and the
// caller drops those lanes when it copies dW out.
#include <wasm_simd128.h>

extern unsigned char __heap_base;

// Where the caller's buffers may start: past this module's stack and data.
unsigned long heap_base(void) { return (unsigned long)&__heap_base; }

// The contributions of rows × cols output pixels (consecutive rows of one image: dy is contiguous over them, x
// skips xSkip floats between rows) to an nk × (4·nv) tile of dW. Inlined with constant nk and nv, so that the
// accumulator arrays become registers.
static inline __attribute__((always_inline)) void tile(const int nk, const int nv, const float* xs, const float* ds,
                                                       float* w, int rows, int cols, int xStep, int xSkip, int outC,
                                                       int coP) {
  v128_t acc[4][2];
  for (int i = 0; i < nk; i++)
    for (int j = 0; j < nv; j++) acc[i][j] = wasm_v128_load(w + i * coP + 4 * j);
  for (int r = 0; r < rows; r++, xs += xSkip) {
    for (int c = 0; c < cols; c++, xs += xStep, ds += outC) {
      v128_t d[2];
      for (int j = 0; j < nv; j++) d[j] = wasm_v128_load(ds + 4 * j);
      for (int i = 0; i < nk; i++) {
        v128_t s = wasm_v128_load32_splat(xs + i);
        for (int j = 0; j < nv; j++) acc[i][j] = wasm_f32x4_add(acc[i][j], wasm_f32x4_mul(s, d[j]));
      }
    }
  }
  for (int i = 0; i < nk; i++)
    for (int j = 0; j < nv; j++) wasm_v128_store(w + i * coP + 4 * j, acc[i][j]);
}

#define TILE(NK, NV) tile(NK, NV, xs, ds, w, rows, cols, xStep, xSkip, outC, coP)

// A tile of 1–4 rows × 1–2 vectors, each size its own straight-line code.
static void tileAny(int nk, int nv, const float* xs, const float* ds, float* w, int rows, int cols, int xStep, int xSkip,
                    int outC, int coP) {
  switch (nk * 2 + nv) {
    case 10: TILE(4, 2); break;
    case 9: TILE(4, 1); break;
    case 8: TILE(3, 2); break;
    case 7: TILE(3, 1); break;
    case 6: TILE(2, 2); break;
    case 5: TILE(2, 1); break;
    case 4: TILE(1, 2); break;
    default: TILE(1, 1); break;
  }
}

// Pixels a tile covers at least (whole output rows), and the most dW floats one block of the sweep holds.
#define TILE_PIXELS 32
#define BLOCK_FLOATS 65536

// Adds the gradient of batch images x (padded, [batch, hp, wp, inC]) and dy ([batch, outH, outW, outC]) into dw
// ([kH, kW, inC, coP]).
void filter_gradient(const float* x, const float* dy, float* dw, int batch, int hp, int wp, int inC, int outH,
                     int outW, int outC, int kH, int kW, int sH, int sW) {
  const int coP = (outC + 3) & ~3, k = kW * inC, xStep = sW * inC, xSkip = sH * wp * inC - outW * xStep;
  const int rowsPerTile = (TILE_PIXELS + outW - 1) / outW;
  // A block: kH × kb rows of dW (kb of the kW·Ci per kh) × cb output channels.
  const int cb = coP <= 128 ? coP : 64;
  int kb = (BLOCK_FLOATS / (kH * cb)) & ~3;
  kb = kb < 4 ? 4 : kb > k ? k : kb;
  for (int k0 = 0; k0 < k; k0 += kb) {
    const int k1 = k0 + kb < k ? k0 + kb : k;
    for (int c0 = 0; c0 < outC; c0 += cb) {
      const int c1 = c0 + cb < outC ? c0 + cb : outC;
      for (int b = 0; b < batch; b++) {
        for (int oy = 0; oy < outH; oy += rowsPerTile) {
          const int rows = outH - oy < rowsPerTile ? outH - oy : rowsPerTile;
          const float* dyRow = dy + (b * outH + oy) * outW * outC;
          for (int kh = 0; kh < kH; kh++) {
            const float* xRow = x + (b * hp + oy * sH + kh) * wp * inC;
            float* wk = dw + kh * k * coP;
            for (int i = k0; i < k1; i += 4) {
              const int nk = k1 - i < 4 ? k1 - i : 4;
              for (int co = c0; co < c1; co += 8) {
                tileAny(nk, co + 4 < c1 ? 2 : 1, xRow + i, dyRow + co, wk + i * coP + co, rows, outW, xStep, xSkip,
                        outC, coP);
              }
            }
          }
        }
      }
    }
  }
}
