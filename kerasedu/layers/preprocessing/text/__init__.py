"""Preprocessing layers for text and vocabularies: tokens to indices through a vocabulary
learned by adapt() or given (StringLookup, IntegerLookup, on their shared IndexLookup)."""

from .integer_lookup import IntegerLookup
from .string_lookup import StringLookup
