"""workbench: a Chinese→English translation-verification workbench."""

__version__ = "0.1.0"
