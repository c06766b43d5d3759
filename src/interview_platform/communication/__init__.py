"""Communication package."""
