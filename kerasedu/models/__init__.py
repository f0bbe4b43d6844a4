"""Models: Sequential, Model (functional), and saving/loading whole models."""

from ..engine.functional import Functional
from ..engine.model import Model
from ..engine.sequential import Sequential
