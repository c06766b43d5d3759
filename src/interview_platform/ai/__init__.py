"""Ai package."""
