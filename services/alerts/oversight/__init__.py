"""Oversight: each district's supervision, side by side, for the prosecutors above it."""
