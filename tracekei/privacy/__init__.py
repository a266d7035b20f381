"""Data protection: what the portal holds about a person, and forgetting it."""
