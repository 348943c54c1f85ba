"""Synthetic sample data: the county sample that reproduces the published figures, and national data."""
