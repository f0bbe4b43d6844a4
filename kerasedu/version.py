"""kerasedu's version number, written into every saved model's metadata."""

__version__ = "0.1.0"
