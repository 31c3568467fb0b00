"""Petition services: every write to a petition goes through a function in this package."""
