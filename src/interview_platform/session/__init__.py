"""Session package."""
