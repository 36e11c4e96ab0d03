"""tidings: a self-hostable news aggregator that writes itself from publishers' feeds."""

__version__ = "0.1.0"
