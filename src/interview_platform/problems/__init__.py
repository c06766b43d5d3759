"""Problems package."""
