"""Diagram package."""
