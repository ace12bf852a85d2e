"""Widgets of the learning app."""
