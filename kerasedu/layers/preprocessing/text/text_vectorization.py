"""TextVectorization: raw strings to token indices or token-count vectors, in one layer.

    text -> standardize -> split into tokens -> n-grams -> vocabulary lookup -> output

(the first three steps are in :mod:`.text_splitting`; the lookup is a StringLookup with mask
token "" at index 0 and OOV token "[UNK]" at index 1). ``adapt(texts)`` learns the vocabulary,
most frequent tokens first; ``vocabulary=`` gives one.

    vectorize = TextVectorization(max_tokens=1000, output_sequence_length=4)
    vectorize.adapt(["the cat sat", "the dog ran"])
    vectorize(["The cat ran!"])         -> [[2, 6, 4, 0]]     (padded with 0 to length 4)

Shapes: inputs (batch,) or (batch, 1) strings. ``output_mode="int"`` gives (batch, length):
every row padded with 0 to the longest, or padded and cut to ``output_sequence_length``; the
other modes (one_hot, multi_hot, count, tf_idf) give (batch, vocabulary size), or
(batch, max_tokens) with ``pad_to_max_tokens``.

Ragged outputs (``ragged=True``, rows of different lengths) are deliberately left out:
kerasedu's tensors are dense numpy arrays, so rows are always padded.
"""

import numpy as np

from ....serialization import deserialize_keras_object, serialize_keras_object
from ..tabular.adapt_data import adapt_batches
from . import text_splitting
from .string_lookup import StringLookup
from ..tabular.raw_data_layer import RawDataLayer

STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
SPLIT = ("whitespace", "character")


class TextVectorization(RawDataLayer):
    """Turn strings into sequences of token indices or into token-count vectors."""

    def __init__(self, max_tokens=None, standardize="lower_and_strip_punctuation",
                 split="whitespace", ngrams=None, output_mode="int",
                 output_sequence_length=None, pad_to_max_tokens=False, vocabulary=None,
                 idf_weights=None, sparse=False, ragged=False, encoding="utf-8", name=None,
                 **kwargs):
        has_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        vocabulary_size = kwargs.pop("vocabulary_size", None)
        kwargs.pop("dtype", None)
        super().__init__(name=name, **kwargs)
        who = f"Layer '{self.name}' (TextVectorization)"
        if ragged:
            raise ValueError(f"{who}: kerasedu has no ragged tensors (its tensors are dense "
                             f"numpy arrays). Received: ragged=True. Use ragged=False: rows "
                             f"are padded with 0, or cut, to output_sequence_length.")
        for label, value, allowed in (("standardize", standardize, STANDARDIZE),
                                      ("split", split, SPLIT)):
            if value is not None and not callable(value) and value not in allowed:
                raise ValueError(f"{who}: `{label}` must be one of {allowed}, None or a "
                                 f"callable. Received: {label}={value!r}.")
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        if not (ngrams is None or _is_int(ngrams) or
                isinstance(ngrams, tuple) and all(_is_int(n) for n in ngrams)):
            raise ValueError(f"{who}: `ngrams` must be None, an integer or a tuple of "
                             f"integers. Received: ngrams={ngrams!r}.")
        if output_mode == "int" and not (output_sequence_length is None or
                                         _is_int(output_sequence_length)):
            raise ValueError(f"{who}: `output_sequence_length` must be None or an integer. "
                             f"Received: output_sequence_length={output_sequence_length!r}.")
        if output_mode != "int" and output_sequence_length is not None:
            raise ValueError(f"{who}: `output_sequence_length` applies only to "
                             f"output_mode='int'. Received: output_mode={output_mode!r} and "
                             f"output_sequence_length={output_sequence_length}.")
        self._standardize, self._split, self._ngrams_arg = standardize, split, ngrams
        self._ngrams = tuple(range(1, ngrams + 1)) if _is_int(ngrams) else ngrams
        self._ragged, self._output_mode, self._encoding = False, output_mode, encoding
        self._output_sequence_length = output_sequence_length
        self._has_input_vocabulary = has_vocabulary
        self._lookup_layer = StringLookup(
            max_tokens=max_tokens, vocabulary=vocabulary, idf_weights=idf_weights,
            pad_to_max_tokens=pad_to_max_tokens, mask_token="", output_mode=output_mode,
            sparse=sparse, encoding=encoding, vocabulary_size=vocabulary_size)
        self._lookup_layer._has_input_vocabulary = has_vocabulary

    @property
    def output_dtype(self):
        return "int64" if self._output_mode == "int" else "float32"

    # ---------------------------------------------------------------- vocabulary

    def adapt(self, data, batch_size=None, steps=None):
        """Learn the vocabulary (and idf weights) from ``data``: a list or array of strings,
        or an iterable of batches of them."""
        self.reset_state()
        for batch in adapt_batches(self, data, steps):
            self.update_state(batch)
        self.finalize_state()

    def update_state(self, data):
        self._lookup_layer.update_state(text_splitting.padded(self._tokens(data)))

    def finalize_state(self):
        self._lookup_layer.finalize_state()

    def reset_state(self):
        self._lookup_layer.reset_state()

    def get_vocabulary(self, include_special_tokens=True):
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self):
        return self._lookup_layer.vocabulary_size()

    def set_vocabulary(self, vocabulary, idf_weights=None):
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights=idf_weights)

    # ---------------------------------------------------------------- calling

    def _tokens(self, inputs):
        """One list of tokens per input string."""
        texts = text_splitting.as_strings(inputs, self._encoding)
        texts = text_splitting.standardized(texts, self._standardize)
        if texts.ndim == 0:
            texts = texts[None]
        if self._split is None:
            rows = [[str(t) for t in row] for row in texts.reshape(len(texts), -1)]
        else:
            if texts.ndim > 1 and texts.shape[-1] != 1 or texts.ndim > 2:
                raise ValueError(
                    f"Layer '{self.name}' (TextVectorization) splits one string per sample: "
                    f"the inputs must have shape (batch,) or (batch, 1). Received shape "
                    f"{texts.shape}. Join each sample's strings first, or use split=None.")
            rows = text_splitting.split_texts(texts.reshape(-1), self._split)
        if self._ngrams is not None:
            rows = [text_splitting.ngrams(row, self._ngrams) for row in rows]
        return rows

    def call(self, inputs):
        texts = np.asarray(getattr(inputs, "value", inputs))
        rows = self._tokens(texts)
        length = self._output_sequence_length if self._output_mode == "int" else None
        tokens = text_splitting.padded(rows, length)
        out = self._lookup_layer.call(tokens)
        if self._split is None and self._output_mode == "int" and texts.ndim == 1 and \
                length is None:
            out = out.reshape(texts.shape)
        return out

    def compute_output_shape(self, input_shape):
        if self._output_mode == "int":
            return (input_shape[0], self._output_sequence_length)
        return self._lookup_layer.compute_output_shape((input_shape[0], None))

    # ---------------------------------------------------------------- saving

    def get_config(self):
        lookup = self._lookup_layer
        standardize, split = self._standardize, self._split
        return {**super().get_config(), "max_tokens": lookup.max_tokens,
                "standardize": standardize if standardize is None or isinstance(
                    standardize, str) else serialize_keras_object(standardize),
                "split": split if split is None or isinstance(split, str)
                else serialize_keras_object(split),
                "ngrams": self._ngrams_arg, "output_mode": self._output_mode,
                "output_sequence_length": self._output_sequence_length,
                "pad_to_max_tokens": lookup.pad_to_max_tokens, "sparse": lookup.sparse,
                "ragged": self._ragged,
                "vocabulary": _listed(lookup.input_vocabulary),
                "idf_weights": _listed(lookup.input_idf_weights),
                "encoding": self._encoding, "vocabulary_size": self.vocabulary_size()}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for key in ("standardize", "split"):
            if config.get(key) is not None and not isinstance(config[key], str):
                config[key] = deserialize_keras_object(config[key])
        if isinstance(config.get("ngrams"), list):
            config["ngrams"] = tuple(config["ngrams"])
        return super().from_config(config)

    def save_own_variables(self, store):
        self._lookup_layer.save_own_variables(store)

    def load_own_variables(self, store):
        self._lookup_layer.load_own_variables(store)

    def save_assets(self, dir_path):
        self._lookup_layer.save_assets(dir_path)

    def load_assets(self, dir_path):
        self._lookup_layer.load_assets(dir_path)


def _is_int(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _listed(values):
    if values is None or isinstance(values, str):
        return values
    return np.asarray(getattr(values, "value", values)).tolist()
