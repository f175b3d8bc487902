"""Liaison: follow contacts between Russia and Iran as the press reports them."""

__version__ = "0.1.0"
