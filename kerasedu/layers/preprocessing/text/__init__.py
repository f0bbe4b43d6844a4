"""Preprocessing layers for text and vocabularies: tokens to indices through a vocabulary
learned by adapt() or given (StringLookup, IntegerLookup, on their shared IndexLookup), and
raw strings to token indices or counts (TextVectorization)."""

from .integer_lookup import IntegerLookup
from .string_lookup import StringLookup
from .text_vectorization import TextVectorization
