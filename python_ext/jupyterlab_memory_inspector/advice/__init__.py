"""Suggestions to get memory back: the advisor, what later cells do with a name, the free-memory
cell, and the advice for a kernel now."""
