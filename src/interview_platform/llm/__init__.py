"""Llm package."""
