"""Dispatch records and the in-portal inbox (built on by the notifications issue)."""
