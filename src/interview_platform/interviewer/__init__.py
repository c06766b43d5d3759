"""Interviewer package."""
