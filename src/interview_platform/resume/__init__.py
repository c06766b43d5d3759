"""Resume package."""
