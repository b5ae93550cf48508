"""The "free memory" cell: the chosen suggestions as one commented code cell.

The comment says what each line is expected to give back and why, and carries every warning
(a deleted name that a later cell reads), so that the cell explains itself in a shared notebook.
"""

from __future__ import annotations

from ..text import format_bytes
from .suggestion import Suggestion

HEADER = "# Free memory: suggested by the memory inspector"


def free_memory_cell(suggestions: list[Suggestion]) -> tuple[str, int]:
    """The cell's source and the bytes it is expected to give back in all."""
    predicted = sum(suggestion.expected_bytes or 0 for suggestion in suggestions)
    lines = [HEADER, f"# Expected back: about {format_bytes(predicted)}."]
    for suggestion in suggestions:
        lines.append(
            f"# - {suggestion.title} ({format_bytes(suggestion.expected_bytes or 0)}, "
            f"{suggestion.confidence} confidence): {suggestion.reason}"
        )
        lines.extend(f"#   WARNING: {warning}" for warning in suggestion.warnings)
    lines.append("")
    written: set[str] = set()
    for suggestion in suggestions:
        # Two suggestions can share a step (releasing the last exception): run it once.
        if suggestion.code not in written:
            lines.append(suggestion.code)
            written.add(suggestion.code)
    return "\n".join(lines) + "\n", predicted
