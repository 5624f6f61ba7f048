"""ivpsite: publishes Dutch municipal integral safety plans as a static website."""

__version__ = "0.1.0"
