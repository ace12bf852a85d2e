"""Screens of the learning app."""
