"""Reusable UI panels."""
