"""Database package."""
