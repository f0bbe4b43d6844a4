"""The 64-bit string hashes Keras's hashing layers use, so that kerasedu puts every value in
the same bin as Keras does.

* ``fingerprint64(data)``: FarmHash's Fingerprint64 (the ``farmhashna`` 64-bit hash with seed 81),
  the hash TensorFlow's ``to_hash_bucket_fast`` takes. ``Hashing(num_bins)`` puts a string ``s``
  in bin ``fingerprint64(s) % num_bins``; an integer is hashed as its decimal digits.
* ``siphash24(data, key)``: SipHash-2-4 keyed by two 64-bit words, TensorFlow's
  ``to_hash_bucket_strong`` (``Hashing(num_bins, salt=...)``).
* ``fingerprint_cat64(a, b)``: the combination of two fingerprints that a hashed feature
  cross folds over its features (``HashedCrossing``).

All arithmetic is modulo 2**64, written with Python integers masked by ``MASK``; bytes are read
little-endian. ``data`` is ``bytes`` (a string is hashed as its UTF-8 encoding).
"""

MASK = (1 << 64) - 1
K0 = 0xc3a5c85c97cb3127
K1 = 0xb492b66fbe98f273
K2 = 0x9ae16a3b2f90404f
_CAT_MUL = 0xc6a4a7935bd1e995


def _word(data, at):
    return int.from_bytes(data[at:at + 8], "little")


def _half(data, at):
    return int.from_bytes(data[at:at + 4], "little")


def _rotr(value, shift):
    return ((value >> shift) | (value << (64 - shift))) & MASK


def _shift_mix(value):
    return value ^ (value >> 47)


def _hash16(u, v, mul):
    a = ((u ^ v) * mul) & MASK
    a ^= a >> 47
    b = ((v ^ a) * mul) & MASK
    b ^= b >> 47
    return (b * mul) & MASK


def _hash0to16(data):
    n = len(data)
    if n >= 8:
        mul = K2 + 2 * n
        a = (_word(data, 0) + K2) & MASK
        b = _word(data, n - 8)
        c = (_rotr(b, 37) * mul + a) & MASK
        d = ((_rotr(a, 25) + b) * mul) & MASK
        return _hash16(c, d, mul)
    if n >= 4:
        mul = K2 + 2 * n
        return _hash16(n + (_half(data, 0) << 3), _half(data, n - 4), mul)
    if n > 0:
        y = (data[0] + (data[n >> 1] << 8)) & 0xffffffff
        z = (n + (data[n - 1] << 2)) & 0xffffffff
        return (_shift_mix(((y * K2) ^ (z * K0)) & MASK) * K2) & MASK
    return K2


def _hash17to32(data):
    n = len(data)
    mul = K2 + 2 * n
    a = (_word(data, 0) * K1) & MASK
    b = _word(data, 8)
    c = (_word(data, n - 8) * mul) & MASK
    d = (_word(data, n - 16) * K2) & MASK
    return _hash16((_rotr((a + b) & MASK, 43) + _rotr(c, 30) + d) & MASK,
                   (a + _rotr((b + K2) & MASK, 18) + c) & MASK, mul)


def _hash33to64(data):
    n = len(data)
    mul = K2 + 2 * n
    a = (_word(data, 0) * K2) & MASK
    b = _word(data, 8)
    c = (_word(data, n - 8) * mul) & MASK
    d = (_word(data, n - 16) * K2) & MASK
    y = (_rotr((a + b) & MASK, 43) + _rotr(c, 30) + d) & MASK
    z = _hash16(y, (a + _rotr((b + K2) & MASK, 18) + c) & MASK, mul)
    e = (_word(data, 16) * mul) & MASK
    f = _word(data, 24)
    g = ((y + _word(data, n - 32)) * mul) & MASK
    h = ((z + _word(data, n - 24)) * mul) & MASK
    return _hash16((_rotr((e + f) & MASK, 43) + _rotr(g, 30) + h) & MASK,
                   (e + _rotr((f + a) & MASK, 18) + g) & MASK, mul)


def _weak32(data, at, a, b):
    """Two 64-bit words mixing the 32 bytes at ``at`` with the seeds ``a`` and ``b``."""
    w, x, y, z = (_word(data, at + 8 * i) for i in range(4))
    a = (a + w) & MASK
    b = _rotr((b + a + z) & MASK, 21)
    c = a
    a = (a + x + y) & MASK
    b = (b + _rotr(a, 44)) & MASK
    return (a + z) & MASK, (b + c) & MASK


def fingerprint64(data):
    """FarmHash Fingerprint64 of ``data`` (bytes, or a str hashed as UTF-8)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    n = len(data)
    if n <= 16:
        return _hash0to16(data)
    if n <= 32:
        return _hash17to32(data)
    if n <= 64:
        return _hash33to64(data)
    seed = 81
    x = seed
    y = (seed * K1 + 113) & MASK
    z = (_shift_mix((y * K2 + 113) & MASK) * K2) & MASK
    v = w = (0, 0)
    x = (x * K2 + _word(data, 0)) & MASK
    last = n - 64       # the final 64 bytes, which may overlap the last full block
    for at in range(0, ((n - 1) // 64) * 64, 64):
        x = (_rotr((x + y + v[0] + _word(data, at + 8)) & MASK, 37) * K1) & MASK
        y = (_rotr((y + v[1] + _word(data, at + 48)) & MASK, 42) * K1) & MASK
        x ^= w[1]
        y = (y + v[0] + _word(data, at + 40)) & MASK
        z = (_rotr((z + w[0]) & MASK, 33) * K1) & MASK
        v = _weak32(data, at, (v[1] * K1) & MASK, (x + w[0]) & MASK)
        w = _weak32(data, at + 32, (z + w[1]) & MASK, (y + _word(data, at + 16)) & MASK)
        z, x = x, z
    mul = K1 + ((z & 0xff) << 1)
    w = ((w[0] + ((n - 1) & 63)) & MASK, w[1])
    v = ((v[0] + w[0]) & MASK, v[1])
    w = ((w[0] + v[0]) & MASK, w[1])
    x = (_rotr((x + y + v[0] + _word(data, last + 8)) & MASK, 37) * mul) & MASK
    y = (_rotr((y + v[1] + _word(data, last + 48)) & MASK, 42) * mul) & MASK
    x ^= (w[1] * 9) & MASK
    y = (y + v[0] * 9 + _word(data, last + 40)) & MASK
    z = (_rotr((z + w[0]) & MASK, 33) * mul) & MASK
    v = _weak32(data, last, (v[1] * mul) & MASK, (x + w[0]) & MASK)
    w = _weak32(data, last + 32, (z + w[1]) & MASK, (y + _word(data, last + 16)) & MASK)
    z, x = x, z
    return _hash16((_hash16(v[0], w[0], mul) + _shift_mix(y) * K0 + z) & MASK,
                   (_hash16(v[1], w[1], mul) + x) & MASK, mul)


def _rotl(value, shift):
    return ((value << shift) | (value >> (64 - shift))) & MASK


def _sip_rounds(v, rounds):
    v0, v1, v2, v3 = v
    for _ in range(rounds):
        v0 = (v0 + v1) & MASK
        v1 = _rotl(v1, 13) ^ v0
        v0 = _rotl(v0, 32)
        v2 = (v2 + v3) & MASK
        v3 = _rotl(v3, 16) ^ v2
        v0 = (v0 + v3) & MASK
        v3 = _rotl(v3, 21) ^ v0
        v2 = (v2 + v1) & MASK
        v1 = _rotl(v1, 17) ^ v2
        v2 = _rotl(v2, 32)
    return [v0, v1, v2, v3]


def siphash24(data, key):
    """SipHash-2-4 of ``data`` (bytes, or a str hashed as UTF-8) keyed by two 64-bit words."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    k0, k1 = (int(k) & MASK for k in key)
    v = [k0 ^ 0x736f6d6570736575, k1 ^ 0x646f72616e646f6d,
         k0 ^ 0x6c7967656e657261, k1 ^ 0x7465646279746573]
    n = len(data)
    full = n - n % 8
    blocks = [_word(data, at) for at in range(0, full, 8)]
    blocks.append(((n & 0xff) << 56) | int.from_bytes(data[full:], "little"))
    for m in blocks:
        v[3] ^= m
        v = _sip_rounds(v, 2)
        v[0] ^= m
    v[2] ^= 0xff
    v = _sip_rounds(v, 4)
    return v[0] ^ v[1] ^ v[2] ^ v[3]


def fingerprint_cat64(first, second):
    """Combine two fingerprints into one (order matters), as a hashed feature cross does."""
    result = first ^ _CAT_MUL
    result ^= (_shift_mix((second * _CAT_MUL) & MASK) * _CAT_MUL) & MASK
    result = (result * _CAT_MUL) & MASK
    result = (_shift_mix(result) * _CAT_MUL) & MASK
    return _shift_mix(result)
