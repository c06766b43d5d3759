"""AI system-design mock interview platform."""

__version__ = "0.1.0"
