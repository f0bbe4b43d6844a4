"""The small matrix product of one recurrent step: out = a · b_tᵀ.

    out[i, j] = Σ_k a[i, k] · b_t[j, k]        a (m, K), b_t (n, K), out (m, n)

The second operand is given transposed, one row per output column, so every output value is a
dot product of two contiguous rows. A recurrent layer runs two such products per timestep:
h_{t-1} · U forward (b_t = Uᵀ, stored once per call; the LSTM's is [x_t, h_{t-1}] · [W; U]) and
dz_t · Uᵀ backward (b_t = U itself).
They are small, (32, 128) by (128, 512) for a batch of 32 through an LSTM(128), and come one
after the other, each waiting for the previous step. BLAS libraries tune for large products
and pay a fixed cost per call for packing the operands into blocks; a product this small is
better served by one direct loop (``benchmarks/bench_rnn.py`` times the two side by side).

How the loop gets its speed, the way a BLAS micro-kernel does:

* register blocking: four rows of ``a`` and four rows of ``b_t`` are walked together, into 16
  running sums, so each value loaded from memory serves four multiply-adds instead of one;
* the innermost loop runs along k over contiguous memory, and the kernel is compiled with
  ``fastmath={"reassoc", "contract"}``: the compiler may regroup each sum into 8 or 16 partial
  sums held in one SIMD register and use fused multiply-adds. The result differs from a
  left-to-right sum by rounding only (the numpy twin, np.matmul, regroups it its own way).

Rows and columns left over when m or n is not a multiple of four go through the same dot
product in smaller groups. ``masked_product`` and ``masked_product_grad`` are the recurrent
product and its gradient with recurrent dropout, one mask for every gate or one per gate,
written with loops alone: numba compiles an array expression (``h * masks[k]``, a slice
assignment) into general code for every shape and layout, which took five times as long to
compile as these loops. Large products (a whole sequence's input projection, the weight
gradients) stay with BLAS, which blocks them for the caches and may use several threads.
"""

import numpy as np

from ..backend.kernels.registry import kernel

_ZERO = np.float32(0.0)   # a float32 zero keeps float32 sums in float32; float64 ones stay float64


@kernel(fastmath={"reassoc", "contract"})
def matmul_transposed(a, b_t, out):
    """out = a · b_tᵀ for 2-D arrays a (m, K), b_t (n, K) and out (m, n), all one dtype."""
    m, depth = a.shape
    n = b_t.shape[0]
    m4, n4 = m - m % 4, n - n % 4
    for i in range(0, m4, 4):
        a0, a1, a2, a3 = a[i], a[i + 1], a[i + 2], a[i + 3]
        for j in range(0, n4, 4):
            b0, b1, b2, b3 = b_t[j], b_t[j + 1], b_t[j + 2], b_t[j + 3]
            s00 = s01 = s02 = s03 = s10 = s11 = s12 = s13 = _ZERO
            s20 = s21 = s22 = s23 = s30 = s31 = s32 = s33 = _ZERO
            for k in range(depth):
                x0, x1, x2, x3 = a0[k], a1[k], a2[k], a3[k]
                y0, y1, y2, y3 = b0[k], b1[k], b2[k], b3[k]
                s00 += x0 * y0
                s01 += x0 * y1
                s02 += x0 * y2
                s03 += x0 * y3
                s10 += x1 * y0
                s11 += x1 * y1
                s12 += x1 * y2
                s13 += x1 * y3
                s20 += x2 * y0
                s21 += x2 * y1
                s22 += x2 * y2
                s23 += x2 * y3
                s30 += x3 * y0
                s31 += x3 * y1
                s32 += x3 * y2
                s33 += x3 * y3
            out[i, j], out[i, j + 1], out[i, j + 2], out[i, j + 3] = s00, s01, s02, s03
            out[i + 1, j], out[i + 1, j + 1], out[i + 1, j + 2], out[i + 1, j + 3] = \
                s10, s11, s12, s13
            out[i + 2, j], out[i + 2, j + 1], out[i + 2, j + 2], out[i + 2, j + 3] = \
                s20, s21, s22, s23
            out[i + 3, j], out[i + 3, j + 1], out[i + 3, j + 2], out[i + 3, j + 3] = \
                s30, s31, s32, s33
        for j in range(n4, n):                      # columns left over: four rows at a time
            y = b_t[j]
            s0 = s1 = s2 = s3 = _ZERO
            for k in range(depth):
                s0 += a0[k] * y[k]
                s1 += a1[k] * y[k]
                s2 += a2[k] * y[k]
                s3 += a3[k] * y[k]
            out[i, j], out[i + 1, j], out[i + 2, j], out[i + 3, j] = s0, s1, s2, s3
    for i in range(m4, m):                          # rows left over: one dot product each
        x = a[i]
        for j in range(n):
            y = b_t[j]
            s = _ZERO
            for k in range(depth):
                s += x[k] * y[k]
            out[i, j] = s


@matmul_transposed.numpy_twin
def _(a, b_t, out):
    np.matmul(a, b_t.T, out=out)


@matmul_transposed.examples
def _():
    rng = np.random.default_rng(11)
    return [(rng.normal(size=(m, depth)).astype(dt), rng.normal(size=(n, depth)).astype(dt),
             np.empty((m, n), dt))
            for dt in (np.float32, np.float64) for m, n, depth in ((8, 12, 16), (7, 6, 5))]


# ---------------------------------------------------------------------- with dropout masks

@kernel(error_model="numpy")
def masked_product(h, recurrent_kernel_t, masks, out):
    """out = h · U (U = recurrent_kernel_tᵀ), where gate block k of ``out`` sees h · masks[k]
    when ``masks`` (G, n, u) holds one mask per gate, h · masks[0] when it holds one."""
    n, units = h.shape
    blocks = masks.shape[0] if masks.shape[0] > 1 else 1
    width = out.shape[1] // blocks
    seen = h if masks.shape[0] == 0 else np.empty((n, units), out.dtype)
    block = out if blocks == 1 else np.empty((n, width), out.dtype)
    for k in range(blocks):
        if masks.shape[0]:
            for i in range(n):
                for j in range(units):
                    seen[i, j] = h[i, j] * masks[k, i, j]
        matmul_transposed(seen, recurrent_kernel_t[k * width:(k + 1) * width], block)
        if blocks > 1:
            for i in range(n):
                for j in range(width):
                    out[i, k * width + j] = block[i, j]


@masked_product.numpy_twin
def _(h, recurrent_kernel_t, masks, out):
    if masks.shape[0] < 2:
        seen = h if masks.shape[0] == 0 else h * masks[0]
        np.matmul(seen, recurrent_kernel_t.T, out=out)
        return
    width = recurrent_kernel_t.shape[0] // masks.shape[0]
    for k in range(masks.shape[0]):
        out[:, k * width:(k + 1) * width] = (h * masks[k]) @ \
            recurrent_kernel_t[k * width:(k + 1) * width].T


@kernel(error_model="numpy")
def masked_product_grad(dz, recurrent_blocks, masks, out):
    """out = dL/dh for z = masked_product(h, Uᵀ, masks): dz · Uᵀ, block k's share scaled by
    masks[k] (or all of it by masks[0]). ``recurrent_blocks`` holds U as (1, u, G·u), or cut
    into its G column blocks, (G, u, u), when there is one mask per gate."""
    n, units = out.shape
    blocks = recurrent_blocks.shape[0]
    width = recurrent_blocks.shape[2]
    part = dz if blocks == 1 else np.empty((n, width), dz.dtype)   # block k of dz, contiguous
    share = out if blocks == 1 else np.empty((n, units), out.dtype)
    for k in range(blocks):
        if blocks > 1:
            for i in range(n):
                for j in range(width):
                    part[i, j] = dz[i, k * width + j]
        matmul_transposed(part, recurrent_blocks[k], share)
        if masks.shape[0]:
            for i in range(n):
                for j in range(units):
                    scaled = share[i, j] * masks[k, i, j]
                    out[i, j] = scaled if k == 0 else out[i, j] + scaled


@masked_product_grad.numpy_twin
def _(dz, recurrent_blocks, masks, out):
    if recurrent_blocks.shape[0] == 1:
        np.matmul(dz, recurrent_blocks[0].T, out=out)
        if masks.shape[0]:
            out *= masks[0]
        return
    width = recurrent_blocks.shape[2]
    out[...] = sum((dz[:, k * width:(k + 1) * width] @ recurrent_blocks[k].T)
                   * (masks[k] if masks.shape[0] else 1)
                   for k in range(recurrent_blocks.shape[0]))


def recurrent_kernel_blocks(recurrent_kernel, masks):
    """U (u, G·u) as ``masked_product_grad`` takes it: (1, u, G·u), or (G, u, u), each block
    contiguous, when ``masks`` holds one mask per gate."""
    count = masks.shape[0] if masks.shape[0] > 1 else 1
    units = recurrent_kernel.shape[0]
    return np.ascontiguousarray(
        recurrent_kernel.reshape(units, count, -1).transpose(1, 0, 2))


def _masked_example(seed, masks, dtype, n=6, u=4, gates=4):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(n, u)).astype(dtype),
            (rng.normal(size=(gates * u, u)) * 0.5).astype(dtype),
            (rng.normal(size=(u, gates * u)) * 0.5).astype(dtype),
            ((rng.uniform(size=(masks, n, u)) > 0.3) / 0.7).astype(dtype),
            rng.normal(size=(n, gates * u)).astype(dtype))


_MASK_CASES = [(dtype, masks) for dtype in (np.float32, np.float64) for masks in (0, 1, 4)]


@masked_product.examples
def _():
    out = []
    for dtype, masks in _MASK_CASES:
        h, u_t, _, dropout, _ = _masked_example(14, masks, dtype)
        out.append((h, u_t, dropout, np.empty((6, 16), dtype)))
    return out


@masked_product_grad.examples
def _():
    out = []
    for dtype, masks in _MASK_CASES:
        _, _, u, dropout, dz = _masked_example(15, masks, dtype)
        out.append((dz, recurrent_kernel_blocks(u, dropout), dropout, np.empty((6, 4), dtype)))
    return out
