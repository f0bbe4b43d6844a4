"""Direct definitions with explicit loops over windows: what the kernels are checked against."""

import numpy as np


def conv_reference(x, kernel, strides, dilation, pads, groups=1):
    """y[n, o, f] = Σ_{k, c} xpad[n, o·s + k·d, g·Cg + c] · kernel[k, c, f], g the group of f."""
    rank = x.ndim - 2
    xp = np.pad(x, [(0, 0)] + [tuple(p) for p in pads] + [(0, 0)])
    ksize, cg, cout = kernel.shape[:rank], kernel.shape[-2], kernel.shape[-1]
    cog = cout // groups
    out = [(xp.shape[1 + a] - dilation[a] * (ksize[a] - 1) - 1) // strides[a] + 1
           for a in range(rank)]
    y = np.zeros((x.shape[0], *out, cout), x.dtype)
    for o in np.ndindex(*out):
        for k in np.ndindex(*ksize):
            position = tuple(o[a] * strides[a] + k[a] * dilation[a] for a in range(rank))
            v = xp[(slice(None),) + position]
            for g in range(groups):
                y[(slice(None),) + o + (slice(g * cog, (g + 1) * cog),)] += \
                    v[:, g * cg:(g + 1) * cg] @ kernel[k][:, g * cog:(g + 1) * cog]
    return y


def conv_transpose_reference(x, kernel, strides, dilation, pad_before, out_spatial, groups=1):
    """y[n, i·s + k·d − p, group of f] += x[n, i, :] @ kernel[k]ᵀ: every input scattered back."""
    rank = x.ndim - 2
    ksize, cog, cin = kernel.shape[:rank], kernel.shape[-2], kernel.shape[-1]
    cig = cin // groups
    y = np.zeros((x.shape[0], *out_spatial, cog * groups), x.dtype)
    for i in np.ndindex(*x.shape[1:-1]):
        for k in np.ndindex(*ksize):
            position = tuple(i[a] * strides[a] + k[a] * dilation[a] - pad_before[a]
                             for a in range(rank))
            if not all(0 <= position[a] < out_spatial[a] for a in range(rank)):
                continue
            for g in range(groups):
                y[(slice(None),) + position + (slice(g * cog, (g + 1) * cog),)] += \
                    x[(slice(None),) + i + (slice(g * cig, (g + 1) * cig),)] \
                    @ kernel[k][:, g * cig:(g + 1) * cig].T
    return y


def pool_reference(x, pool_size, strides, pads, reduce):
    """reduce(window cells inside x) for every window; ``reduce`` maps (N, cells, C) to (N, C)."""
    rank = x.ndim - 2
    spatial = x.shape[1:-1]
    out = [(spatial[a] + pads[a][0] + pads[a][1] - pool_size[a]) // strides[a] + 1
           for a in range(rank)]
    y = np.zeros((x.shape[0], *out, x.shape[-1]), x.dtype)
    for o in np.ndindex(*out):
        cells = []
        for k in np.ndindex(*pool_size):
            position = tuple(o[a] * strides[a] + k[a] - pads[a][0] for a in range(rank))
            if all(0 <= position[a] < spatial[a] for a in range(rank)):
                cells.append(x[(slice(None),) + position])
        y[(slice(None),) + o] = reduce(np.stack(cells, axis=1))
    return y


def numerical_gradient(scalar_function, x, step=1e-6):
    """Central differences (f(x + h·e_i) − f(x − h·e_i)) / 2h for every element i of float64 x."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    flat_x, flat_grad = x.reshape(-1), grad.reshape(-1)
    for i in range(flat_x.size):
        saved = flat_x[i]
        flat_x[i] = saved + step
        up = scalar_function(x)
        flat_x[i] = saved - step
        down = scalar_function(x)
        flat_x[i] = saved
        flat_grad[i] = (up - down) / (2 * step)
    return grad
