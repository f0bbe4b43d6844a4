"""Preprocessing layers for tabular features: integer categories encoded as vectors
(CategoryEncoding), numbers bucketed into bins (Discretization), and strings or integers hashed
into bins (Hashing, HashedCrossing)."""

from .category_encoding import CategoryEncoding
from .discretization import Discretization
from .hashed_crossing import HashedCrossing
from .hashing import Hashing
