"""The text steps before a vocabulary lookup in TextVectorization, on numpy string arrays.

* standardize: "lower" lowercases ASCII letters (as TensorFlow's ``strings.lower``, which Keras
  uses); "strip_punctuation" deletes the characters of ``PUNCTUATION``;
  "lower_and_strip_punctuation" does both; a callable takes the array of strings and returns
  one of the same shape.
* split: "whitespace" splits at runs of whitespace, "character" into characters, None keeps
  each string whole; a callable takes the 1-D array of strings and returns a sequence with
  one sequence of tokens per string.
* ngrams: for each width n in ``widths``, in order, the tokens joined n at a time with spaces:
  ``ngrams(["a", "b", "c"], (1, 2)) == ["a", "b", "c", "a b", "b c"]``.
"""

import re

import numpy as np

PUNCTUATION = re.compile(r'[!"#$%&()\*\+,\-\./:;<=>?@\[\\\]^_`{|}~\']')
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def as_strings(values, encoding="utf-8"):
    """``values`` (strings, bytes, nested lists of them) as a numpy array of ``str``."""
    values = np.asarray(getattr(values, "value", values))
    if values.dtype.kind in "SO":
        decode = np.vectorize(lambda v: v.decode(encoding) if isinstance(v, bytes) else str(v),
                              otypes=[object])
        values = decode(values) if values.size else values.astype(object)
        return values.astype(str)
    if values.dtype.kind != "U":
        raise TypeError(f"TextVectorization takes strings; received an array of dtype "
                        f"{values.dtype}.")
    return values


def standardized(texts, standardize):
    """``texts`` (a str array) standardized as ``standardize`` says."""
    if standardize is None:
        return texts
    if callable(standardize):
        return as_strings(standardize(texts))
    flat = texts.reshape(-1).tolist()
    if standardize in ("lower", "lower_and_strip_punctuation"):
        flat = [t.translate(_ASCII_LOWER) for t in flat]
    if standardize in ("strip_punctuation", "lower_and_strip_punctuation"):
        flat = [PUNCTUATION.sub("", t) for t in flat]
    return np.array(flat, dtype=str).reshape(texts.shape) if flat else texts


def split_texts(texts, split):
    """A list with one list of tokens per string of the 1-D array ``texts``."""
    if split == "whitespace":
        return [t.split() for t in texts.tolist()]
    if split == "character":
        return [list(t) for t in texts.tolist()]
    return [[str(token) for token in as_strings(tokens).reshape(-1)]
            for tokens in split(texts)]


def ngrams(tokens, widths):
    """The n-grams of ``tokens`` for each width of ``widths`` (see the module docstring)."""
    out = []
    for n in widths:
        out += [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    return out


def padded(rows, length=None, pad=""):
    """Rows of tokens as one 2-D str array, padded with ``pad`` (and cut) to ``length``, or to
    the longest row."""
    width = max((len(r) for r in rows), default=0) if length is None else length
    out = np.full((len(rows), width), pad, dtype=object)
    for i, row in enumerate(rows):
        row = row[:width]
        out[i, :len(row)] = row
    return out.astype(str)
