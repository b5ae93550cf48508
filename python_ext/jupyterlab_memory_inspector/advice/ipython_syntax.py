"""A cell's IPython syntax as the Python it stands for, so that ``ast`` can read which names
it uses.

IPython's input transformer turns ``%time f(x)`` into
``get_ipython().run_line_magic('time', 'f(x)')``: the magic runs `f(x)` in the notebook's
namespace, so the cell reads `f` and `x`. Here each such line becomes that code (``f(x)``), on
the same line and with the same indentation, so line numbers and blocks stay as they were.
Magics and shell escapes also expand ``{expression}`` and ``$name`` in their arguments: those
names are read too. What cannot be turned into Python makes the cell unreadable (None), never
a guess.
"""

from __future__ import annotations

import ast
import re

# Line magics whose argument is Python code, run in the notebook's namespace.
_CODE_MAGICS = frozenset({"time", "timeit", "prun", "memit", "mprun", "debug"})
# Cell magics whose body is Python run in the notebook's namespace.
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "prun", "memit", "capture", "debug"})
# Cell magics whose body is not Python and does not touch the notebook's namespace.
_TEXT_CELL_MAGICS = frozenset(
    {
        "bash", "sh", "script", "system", "sx", "html", "HTML", "javascript", "js",
        "markdown", "latex", "svg", "writefile", "file", "perl", "ruby", "python",
        "python2", "python3", "pypy",
    }
)  # fmt: skip

_CELL_MAGIC = re.compile(r"^\s*%%(?P<magic>\w+)(?P<args>.*)$")
_LINE = re.compile(
    r"^(?P<indent>\s*)(?:(?P<target>[A-Za-z_][\w.,\s\[\]'\"]*?)\s*=\s*)?"
    r"(?P<escape>%(?!%)|!)(?P<rest>.*)$"
)
_MAGIC = re.compile(r"^(?P<magic>\w+)\s*(?P<args>.*)$")
_HELP = re.compile(r"^\s*(\?\??[\w.]+|[\w.]+\?\??)\s*$")
_DOLLAR_NAME = re.compile(r"(?<!\$)\$(?P<name>[A-Za-z_]\w*)")
_BRACED = re.compile(r"(?<!\{)\{(?P<expression>[^{}]+)\}(?!\})")


def as_python(source: str) -> str | None:
    """`source` with its IPython lines turned into Python; None if a line or the cell cannot
    be turned into Python (an unknown cell magic, code in a magic that does not parse)."""
    lines = source.splitlines()
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is not None:
        match = _CELL_MAGIC.match(lines[first])
        if match is not None:
            magic = match["magic"]
            if magic in _TEXT_CELL_MAGICS:
                return _expansions(match["args"]) or "pass"
            if magic not in _PYTHON_CELL_MAGICS:
                return None
            lines[first] = _expansions(match["args"]) or ""
    converted = []
    for line in lines:
        python = _line_as_python(line)
        if python is None:
            return None
        converted.append(python)
    return "\n".join(converted)


def _line_as_python(line: str) -> str | None:
    if _HELP.match(line):
        return line[: len(line) - len(line.lstrip())] + "pass"
    match = _LINE.match(line)
    if match is None:
        return line
    indent, target, rest = match["indent"], match["target"], match["rest"]
    if match["escape"] == "!":
        value = _expansions(rest)
    else:
        magic = _MAGIC.match(rest)
        if magic is None:
            # Not a magic (`% x` continuing an expression): Python reads it.
            return line
        value = _magic_as_python(magic["magic"], magic["args"], expression=target is not None)
        if value is None:
            return None
    if target is not None:
        return f"{indent}{target} = {value or 'None'}"
    return indent + (value or "pass")


def _magic_as_python(magic: str, args: str, *, expression: bool) -> str | None:
    """The code a line magic stands for; "" when it uses no name; None if unreadable."""
    if magic in _CODE_MAGICS:
        return _code_argument(args, expression=expression)
    if magic == "xdel":
        names = args.split()
        if not names or not all(name.isidentifier() for name in names):
            return None
        return "del " + ", ".join(names)
    if magic == "store" and not args.lstrip().startswith("-"):
        names = [name for name in args.split() if name.isidentifier()]
        return f"({', '.join(names)},)" if names else ""
    if magic == "run" and re.search(r"(^|\s)-\w*i", args):
        # `%run -i` runs a script in the notebook's namespace: it may use any name.
        return None
    return _expansions(args)


def _code_argument(args: str, *, expression: bool) -> str | None:
    """The Python code in a magic's argument, after its options (``-n 10 -r 3``): the longest
    tail of the argument that parses, if all that comes before it reads as options."""
    words = args.split()
    for start in range(len(words) + 1):
        if start and not _is_option(words, start - 1):
            return None
        code = " ".join(words[start:])
        if not code:
            return ""
        try:
            ast.parse(code, mode="eval" if expression else "exec")
        except SyntaxError:
            continue
        return f"({code})" if expression else code
    return None


def _is_option(words: list[str], index: int) -> bool:
    """Whether `words[index]` is an option (``-q``) or the value of one (``-n 10``)."""
    if words[index].startswith("-"):
        return True
    return index > 0 and words[index - 1].startswith("-") and len(words[index - 1]) == 2


def _expansions(text: str) -> str:
    """A tuple of what ``{expression}`` and ``$name`` in `text` read; "" when nothing."""
    parts = [match["name"] for match in _DOLLAR_NAME.finditer(text)]
    for match in _BRACED.finditer(text):
        try:
            ast.parse(match["expression"], mode="eval")
        except SyntaxError:
            continue
        parts.append(f"({match['expression']})")
    return f"({', '.join(parts)},)" if parts else ""
