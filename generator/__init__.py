"""schemagen: one canonical JSON Schema, three outputs that mean the same thing."""

__version__ = "0.1.0"
