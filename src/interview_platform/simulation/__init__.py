"""Whole interviews from scripts: dry runs for calibration and simulated sessions."""
