"""IndexLookup: the vocabulary table StringLookup and IntegerLookup share (as in Keras 3).

A vocabulary maps tokens to indices, in this order (output_mode="int"):

    [mask_token]           index 0, when mask_token is set
    [oov_token] * k        the next k = num_oov_indices indices, for tokens not in the vocabulary
    tokens...              the vocabulary, most frequent first when learned by adapt()

An out-of-vocabulary token goes to the first OOV index (k = 1), or to ``oov_start + h % k``
(k > 1), where ``h`` is the token's FarmHash fingerprint for strings (SipHash with ``salt``) and
the integer itself for integers (``oov_method="floormod"``; "farmhash" hashes them too).
``invert=True`` maps indices back to tokens. The other output modes (one_hot, multi_hot, count,
tf_idf, see ..tabular.categorical_outputs) have no mask index; tf_idf weighs each count by

    idf(t) = log(1 + documents / (1 + documents containing t)),    OOV: the mean of the idf

``adapt(data)`` counts the tokens of the data (an array, a list, or an iterable of batches) and
keeps the ``max_tokens`` most frequent (ties: the larger token first, as Keras). A vocabulary
can also be given: a list, an array, or the path of a text file with one token per line.
"""

import numbers
import os
from collections import Counter

import numpy as np

from ..tabular.adapt_data import adapt_batches
from ..tabular.categorical_outputs import (as_array, encode_categorical, encoded_shape,
                                           refuse_sparse)
from ..tabular.hashing import as_text, hash_text
from ..tabular.raw_data_layer import RawDataLayer


def is_count(value, at_least):
    """Whether ``value`` is an integer (not a bool) of at least ``at_least``."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and \
        value >= at_least


class IndexLookup(RawDataLayer):
    """Map tokens to indices through a vocabulary (the base of StringLookup, IntegerLookup)."""

    def __init__(self, max_tokens, num_oov_indices, mask_token, oov_token, vocabulary_dtype,
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int",
                 sparse=False, pad_to_max_tokens=False, oov_method="floormod", name=None,
                 salt=None, **kwargs):
        frozen_size = kwargs.pop("vocabulary_size", None)
        kwargs.pop("has_input_vocabulary", None)
        kwargs.pop("trainable", None)
        kwargs.pop("dtype", None)
        super().__init__(name=name, **kwargs)
        who = self._who = f"Layer '{self.name}' ({type(self).__name__})"
        if max_tokens is not None and not is_count(max_tokens, at_least=2):
            raise ValueError(f"{who}: if set, `max_tokens` must be an integer greater than 1. "
                             f"Received: max_tokens={max_tokens!r}. For example "
                             f"max_tokens=1000, or None for no limit.")
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError(f"{who}: pad_to_max_tokens=True needs `max_tokens` (the padded "
                             f"size). Received: max_tokens=None.")
        if not is_count(num_oov_indices, at_least=0):
            raise ValueError(f"{who}: `num_oov_indices` must be an integer, 0 or more. "
                             f"Received: num_oov_indices={num_oov_indices!r}. For example "
                             f"num_oov_indices=1.")
        if oov_method not in ("floormod", "farmhash"):
            raise ValueError(f"{who}: `oov_method` must be 'floormod' or 'farmhash'. "
                             f"Received: oov_method={oov_method!r}.")
        if salt is not None:
            if vocabulary_dtype != "string" and oov_method != "farmhash":
                raise ValueError(f"{who}: `salt` is used only with oov_method='farmhash'. "
                                 f"Received: oov_method={oov_method!r}.")
            if isinstance(salt, (tuple, list)) and len(salt) == 2:
                salt = list(salt)
            elif isinstance(salt, int):
                salt = [salt, salt]
            else:
                raise ValueError(f"{who}: `salt` must be one integer or a pair of integers. "
                                 f"Received: salt={salt!r}.")
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        modes = ("int", "one_hot", "multi_hot", "count", "tf_idf")
        if output_mode not in modes:
            raise ValueError(f"{who}: `output_mode` must be one of {modes}. Received: "
                             f"output_mode={output_mode!r}.")
        if invert and output_mode != "int":
            raise ValueError(f"{who}: invert=True maps indices back to tokens, so "
                             f"`output_mode` must be 'int'. Received: {output_mode!r}.")
        refuse_sparse(self, sparse, output_mode)
        if idf_weights is not None and output_mode != "tf_idf":
            raise ValueError(f"{who}: `idf_weights` are used only with output_mode='tf_idf'. "
                             f"Received: output_mode={output_mode!r}.")
        if output_mode == "tf_idf" and vocabulary is not None and idf_weights is None:
            raise ValueError(f"{who}: with output_mode='tf_idf' and a `vocabulary`, give "
                             f"`idf_weights` too (one per token), or call adapt() instead.")
        self.invert, self.max_tokens, self.num_oov_indices = invert, max_tokens, num_oov_indices
        self.mask_token, self.oov_token, self.output_mode = mask_token, oov_token, output_mode
        self.sparse, self.pad_to_max_tokens = False, pad_to_max_tokens
        self.vocabulary_dtype, self.oov_method, self.salt = vocabulary_dtype, oov_method, salt
        self._frozen_vocab_size = frozen_size
        self.input_vocabulary = None if isinstance(vocabulary, str) else vocabulary
        self.input_idf_weights = idf_weights
        self._has_input_vocabulary = vocabulary is not None
        self._tokens = []                # the learned or given tokens, without special ones
        self._index = {}                 # token -> index
        self.idf_weights = None
        self.reset_state()
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)

    # ---------------------------------------------------------------- the vocabulary

    def _oov_start_index(self):
        return 1 if self.mask_token is not None and self.output_mode == "int" else 0

    def _token_start_index(self):
        return self._oov_start_index() + self.num_oov_indices

    def vocabulary_size(self):
        """The number of indices: tokens plus the mask and OOV indices."""
        return len(self._tokens) + self._token_start_index()

    def get_vocabulary(self, include_special_tokens=True):
        """The tokens in index order (with the mask and OOV tokens first, unless
        ``include_special_tokens=False``)."""
        special = [self.mask_token] * self._oov_start_index() + \
            [self.oov_token] * self.num_oov_indices
        tokens = [self._python(t) for t in self._tokens]
        return special + tokens if include_special_tokens else tokens

    def _as_tokens(self, values):
        """``values`` as an array of tokens of the vocabulary's kind (str, or integers)."""
        values = np.asarray(values)
        if self.vocabulary_dtype == "string":
            return _as_strings(self, values)
        return _as_integers(self, values)

    def _python(self, token):
        return token.item() if hasattr(token, "item") else token

    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Replace the vocabulary (a list, an array, or a text file's path, one token per
        line), and the idf weights in tf_idf mode (one per token)."""
        who = self._who
        if self.output_mode == "tf_idf" and idf_weights is None:
            raise ValueError(f"{who}: output_mode='tf_idf' needs `idf_weights` with the "
                             f"vocabulary, one per token.")
        if self.output_mode != "tf_idf" and idf_weights is not None:
            raise ValueError(f"{who}: `idf_weights` are used only with output_mode='tf_idf'; "
                             f"this layer's output_mode is {self.output_mode!r}.")
        if isinstance(vocabulary, (str, os.PathLike)):
            vocabulary = self._read_vocabulary_file(os.fspath(vocabulary))
        vocabulary = self._as_tokens(np.asarray(as_array(vocabulary)).reshape(-1))
        if vocabulary.size == 0:
            raise ValueError(f"{who}: the vocabulary is empty. Give at least one token.")
        token_start = self._token_start_index()
        special = [self.mask_token] * self._oov_start_index() + \
            [self.oov_token] * self.num_oov_indices
        has_special = len(vocabulary) >= token_start and \
            [self._python(t) for t in vocabulary[:token_start]] == special
        tokens = vocabulary[token_start:] if has_special else vocabulary
        repeated = [t for t, n in Counter(tokens.tolist()).items() if n > 1]
        if repeated:
            raise ValueError(f"{who}: the vocabulary must not repeat tokens. Repeated: "
                             f"{repeated}. Remove the duplicates.")
        if self.mask_token is not None and self.mask_token in tokens.tolist():
            raise ValueError(f"{who}: the vocabulary holds the mask token "
                             f"{self.mask_token!r}, which the layer adds at index 0 itself. "
                             f"Remove it from the vocabulary.")
        if self.invert and self.oov_token is not None and self.oov_token in tokens.tolist():
            raise ValueError(f"{who}: the vocabulary holds the OOV token {self.oov_token!r}, "
                             f"which the layer adds itself. Remove it from the vocabulary.")
        size = token_start + len(tokens)
        if self.max_tokens is not None and size > self.max_tokens:
            raise ValueError(f"{who}: the vocabulary has {size} entries with the special "
                             f"tokens, more than max_tokens={self.max_tokens}. Raise max_tokens "
                             f"or shorten the vocabulary.")
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            idf = np.asarray(as_array(idf_weights), dtype="float32")
            if idf.ndim != 1 or len(idf) != len(vocabulary):
                raise ValueError(f"{who}: `idf_weights` must be one weight per vocabulary "
                                 f"token: {len(vocabulary)}. Received shape {idf.shape}.")
            front = 0 if has_special else token_start
            self._set_idf(idf, front, 0.0 if has_special else float(np.average(idf)))

    def _read_vocabulary_file(self, path):
        if not os.path.exists(path):
            raise ValueError(f"{self._who}: the vocabulary file {path!r} does not exist. Give "
                             f"the path of a text file with one token per line, or a list.")
        if self.output_mode == "tf_idf":
            raise ValueError(f"{self._who}: a vocabulary file cannot carry idf weights; with "
                             f"output_mode='tf_idf' give the vocabulary and idf_weights as lists.")
        with open(path, encoding="utf-8") as file:
            return [line.rstrip("\n").rstrip("\r") for line in file]

    def _set_tokens(self, tokens):
        self._tokens = list(tokens.tolist())
        start = self._token_start_index()
        self._index = {t: start + i for i, t in enumerate(self._tokens)}
        self._frozen_vocab_size = self.vocabulary_size()

    def _set_idf(self, idf, front, front_value):
        back = 0
        if self.pad_to_max_tokens and self.max_tokens is not None:
            back = self.max_tokens - front - len(idf)
        self.idf_weights = np.pad(idf, (front, back), constant_values=(front_value, 0.0))

    # ---------------------------------------------------------------- adapt

    def adapt(self, data, steps=None):
        """Learn the vocabulary (and idf weights) from ``data``."""
        self.reset_state()
        for batch in adapt_batches(self, data, steps):
            if batch.ndim == 1 and not isinstance(data, (list, tuple, np.ndarray)):
                batch = batch[None]
            self.update_state(batch)
        self.finalize_state()

    def update_state(self, data):
        if self._has_input_vocabulary:
            raise ValueError(f"{self._who} was given its vocabulary when created, so adapt() "
                             f"cannot learn one. Create it without vocabulary= to adapt it.")
        data = self._as_tokens(np.asarray(as_array(data)))
        if data.ndim < 2:
            data = data.reshape(-1, 1) if data.ndim == 1 else data.reshape(1, 1)
        self._counts.update(data.reshape(-1).tolist())
        if self.output_mode == "tf_idf":
            for document in data.reshape(len(data), -1):
                self._document_counts.update(set(document.tolist()))
            self._documents += len(data)

    def finalize_state(self):
        if self._has_input_vocabulary or not self._counts:
            return
        for special in (self.mask_token, self.oov_token):
            self._counts.pop(special, None)
        tokens = np.array(list(self._counts))
        counts = np.array([self._counts[t] for t in tokens.tolist()])
        order = np.lexsort((tokens, counts))[::-1]
        if self.max_tokens:
            order = order[:self.max_tokens - self._token_start_index()]
        tokens = tokens[order]
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            df = np.array([self._document_counts[t] for t in tokens.tolist()], dtype="float64")
            idf = np.log(1 + self._documents / (1 + df)).astype("float32")
            self._set_idf(idf, self._token_start_index(), float(np.mean(idf)))
        self.reset_state()

    def reset_state(self):
        self._counts, self._document_counts, self._documents = Counter(), Counter(), 0

    # ---------------------------------------------------------------- lookups

    def call(self, inputs):
        if self._frozen_vocab_size is None and not self._tokens and not self.invert and \
                self.output_mode != "int":
            raise RuntimeError(f"{self._who} has no vocabulary: pass vocabulary= or call "
                               f"adapt(data) before using it.")
        values = np.asarray(as_array(inputs))
        if self.invert:
            return self._tokens_of(values)
        indices = self._indices_of(self._as_tokens(values))
        if self.output_mode == "int":
            return indices
        depth = self.max_tokens if self.pad_to_max_tokens else self.vocabulary_size()
        mode = "count" if self.output_mode == "tf_idf" else self.output_mode
        out = encode_categorical(indices, mode, depth, "float32")
        if self.output_mode == "tf_idf":
            out = (out * self.idf_weights[:depth]).astype("float32")
        return out

    def _indices_of(self, tokens):
        flat = tokens.reshape(-1).tolist()
        missing = -1
        indices = np.array([self._index.get(t, missing) for t in flat], dtype=np.int64)
        oov = indices == missing
        if oov.any():
            if self.num_oov_indices == 0:
                raise ValueError(f"{self._who} received tokens outside its vocabulary "
                                 f"({sorted(set(np.array(flat, dtype=object)[oov].tolist()))[:5]}"
                                 f"...) and has num_oov_indices=0. Set num_oov_indices=1 to map "
                                 f"them to an OOV index.")
            indices[oov] = self._oov_start_index() + self._oov_buckets(tokens.reshape(-1)[oov])
        if self.mask_token is not None:
            masked = np.array([t == self.mask_token for t in flat], dtype=bool)
            indices[masked] = 0 if self.output_mode == "int" else np.iinfo(np.int64).max
        return indices.reshape(tokens.shape)

    def _oov_buckets(self, tokens):
        k = self.num_oov_indices
        if k == 1:
            return 0
        if tokens.dtype.kind in "iu" and self.oov_method == "floormod":
            return np.mod(tokens, k)
        return hash_text(as_text(tokens), k, self.salt)

    def _tokens_of(self, indices):
        """Tokens at ``indices``: strings as UTF-8 bytes in an object array, as Keras gives
        them (``.decode()`` each for str), integers as integers."""
        vocabulary = self.get_vocabulary()
        flat = indices.reshape(-1).tolist()
        out = [vocabulary[i] if 0 <= i < len(vocabulary) else self.oov_token for i in flat]
        if self.mask_token is not None:
            out = [self.mask_token if i == 0 else t for i, t in zip(flat, out)]
        if self.vocabulary_dtype != "string":
            return np.array(out, dtype=self.vocabulary_dtype).reshape(indices.shape)
        encoding = getattr(self, "encoding", "utf-8")
        tokens = np.empty(len(out), dtype=object)
        tokens[:] = [t.encode(encoding) for t in out]
        return tokens.reshape(indices.shape)

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        depth = self.max_tokens if self.pad_to_max_tokens else self._frozen_vocab_size
        return encoded_shape(input_shape, self.output_mode, depth)

    @property
    def output_dtype(self):
        if self.invert:
            return self.vocabulary_dtype
        return "int64" if self.output_mode == "int" else "float32"

    # ---------------------------------------------------------------- saving

    def get_config(self):
        base = super().get_config()
        base.pop("trainable", None)
        return {**base, "invert": self.invert, "max_tokens": self.max_tokens,
                "num_oov_indices": self.num_oov_indices, "oov_token": self.oov_token,
                "mask_token": self.mask_token, "output_mode": self.output_mode,
                "sparse": self.sparse, "pad_to_max_tokens": self.pad_to_max_tokens,
                "vocabulary_dtype": self.vocabulary_dtype,
                "idf_weights": _listed(self.input_idf_weights),
                "vocabulary": _listed(self.input_vocabulary),
                "vocabulary_size": self._frozen_vocab_size, "oov_method": self.oov_method,
                "salt": self.salt}

    # A vocabulary given as a list is in the config; one adapted or read from a file is saved
    # as the asset vocabulary.txt (one token per line, special tokens first), and tf_idf
    # weights as the variable "idf_weights": Keras's layout, so the files open in both.

    def save_own_variables(self, store):
        if self.output_mode == "tf_idf" and self.idf_weights is not None:
            store["idf_weights"] = np.asarray(self.idf_weights, dtype="float32")

    def load_own_variables(self, store):
        if self.output_mode == "tf_idf" and "idf_weights" in store:
            self.idf_weights = np.asarray(store["idf_weights"], dtype="float32")

    def save_assets(self, dir_path):
        if self.input_vocabulary is not None:
            return
        with open(os.path.join(dir_path, "vocabulary.txt"), "w", encoding="utf-8") as file:
            file.write("\n".join(str(token) for token in self.get_vocabulary()))

    def load_assets(self, dir_path):
        if self.input_vocabulary is not None:
            return
        with open(os.path.join(dir_path, "vocabulary.txt"), encoding="utf-8") as file:
            lines = file.read().splitlines()
        while lines and lines[-1] == "":
            lines.pop()
        idf = self.idf_weights if self.output_mode == "tf_idf" else None
        if idf is not None:
            idf = idf[:len(lines)]
        self.set_vocabulary(lines, idf_weights=idf)


def _as_strings(layer, values):
    encoding = getattr(layer, "encoding", "utf-8")
    if values.dtype.kind == "S" or (values.dtype.kind == "O" and values.size and
                                    isinstance(values.reshape(-1)[0], bytes)):
        return np.vectorize(lambda b: b.decode(encoding) if isinstance(b, bytes) else str(b),
                            otypes=[object])(values).astype(str)
    if values.dtype.kind not in "UO":
        raise TypeError(f"{layer._who} takes strings; received an array of dtype "
                        f"{values.dtype}. Use IntegerLookup for integer categories.")
    return values.astype(str)


def _as_integers(layer, values):
    if values.dtype.kind in "US":              # a vocabulary file's lines
        values = values.astype(np.int64)
    if values.dtype.kind == "f" and np.all(np.mod(values, 1) == 0):
        values = values.astype(np.int64)
    if values.dtype.kind not in "iub":
        raise TypeError(f"{layer._who} takes integers; received an array of dtype "
                        f"{values.dtype}. Use StringLookup for strings.")
    return values.astype(layer.vocabulary_dtype)


def _listed(values):
    if values is None or isinstance(values, str):
        return values
    return np.asarray(as_array(values)).tolist()


