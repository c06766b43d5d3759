"""Evaluation package."""
