"""regionmap: articles about Central Asia and Afghanistan as layered, linked, offline maps."""

__version__ = "0.1.0"
