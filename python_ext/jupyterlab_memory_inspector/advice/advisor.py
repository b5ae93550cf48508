"""Turns what a kernel holds into suggestions: the classic ways to give memory back.

Each suggestion has the code to run, a one-line reason, the bytes expected back and a
confidence. Estimates are honest: deleting a name frees nothing while anything else holds the
object, so a suggestion either removes every holder it knows of (and says which), or expects
nothing; a view frees nothing while its base lives.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..message import Message, message
from .gains import freed, freed_all
from .hidden import hidden_names, holder_hidden, is_hidden
from .holder_words import holder_words, join_words
from .later_use import CellSource, FirstUse, first_uses
from .references import is_plain, reference
from .suggestion import Suggestion

MiB = 2**20

# Below these, a suggestion is noise.
MIN_VARIABLE = 1 * MiB
MIN_GARBAGE = 1 * MiB
MIN_TRIM = 32 * MiB
MIN_CUDA = 32 * MiB

_LIST_INDEX = re.compile(r"^(?P<name>[A-Za-z_]\w*)\[(?P<index>\d+)\]$")
_DICT_KEY = re.compile(r"^(?P<name>[A-Za-z_]\w*)\[(?P<key>'[^'\\…]*'|\"[^\"\\…]*\"|-?\d+)\]$")
_SET_MEMBER = re.compile(r"^(?P<name>[A-Za-z_]\w*) \(a member\)$")
_OUT_ENTRY = re.compile(r"^Out\[(?P<n>\d+)\]$")

CLEAR_EXCEPTION = (
    "import sys\n"
    "sys.last_type = sys.last_value = sys.last_traceback = None\n"
    "if hasattr(sys, 'last_exc'):\n"
    "    sys.last_exc = None\n"
    "get_ipython().InteractiveTB.tb = None\n"
    "import gc\n"
    "gc.collect()"
)


@dataclasses.dataclass
class _Removal:
    """How to let go of an object: its other holders, and whether all of them can go."""

    name: str
    others: list[str]
    before: list[str]
    explained: list[Message]
    complete: bool
    uses_xdel: bool

    def delete(self) -> list[str]:
        """Code that deletes the name and everything else holding the object."""
        if self.uses_xdel:
            # %xdel removes every name bound to the object, and IPython's hidden references;
            # a magic's argument is a word, so a name that is not one goes to what it calls.
            if is_plain(self.name):
                return [*self.before, f"%xdel {self.name}"]
            return [*self.before, f"get_ipython().del_var({self.name!r})"]
        names = [self.name, *self.others]
        return [*self.before, "del " + ", ".join(reference(name) for name in names)]

    def set_none(self) -> list[str]:
        """Code that keeps the names but lets go of the object."""
        names = [self.name, *self.others]
        return [*self.before, " = ".join([*(reference(name) for name in names), "None"])]


def advise(
    record: dict[str, Any] | None,
    facts: dict[str, Any],
    later_cells: list[CellSource],
) -> list[Suggestion]:
    """Every suggestion that applies, most memory back first."""
    suggestions: list[Suggestion] = []
    items = record["variables"]["items"] if record else []
    partial = bool(record and record["variables"]["partial"])
    types = {item["name"]: item["type"] for item in items if item["kind"] == "name"}
    names = {item["name"] for item in items if item["kind"] == "name"}
    hidden = hidden_names(items)
    uses, _ = first_uses(later_cells, names)
    # Names bound to one object share a suggestion: the largest item's deletes them all.
    covered: set[str] = set()
    for item in items:
        if item["size"] < MIN_VARIABLE or item["name"] in covered:
            continue
        if item["kind"] == "name" and not is_hidden(item["name"], hidden):
            suggestion = _for_name(item, types, uses, partial, hidden)
            covered.update(
                holder["where"] for holder in item["holders"] if holder["kind"] in ("name", "view")
            )
        else:
            suggestion = _for_output(item) if item["kind"] == "output" else None
        if suggestion is not None:
            suggestions.append(suggestion)
    exception_items = [item for item in items if item["kind"] == "exception"]
    if exception_items:
        suggestions.append(_for_exception(exception_items))
    resources = [r for r in facts.get("resources") or [] if not is_hidden(r["name"], hidden)]
    if resources:
        resource_uses, _ = first_uses(later_cells, {resource["name"] for resource in resources})
        suggestions.extend(_for_resources(resources, resource_uses))
    for make in (_for_garbage, _for_trim, _for_cuda):
        suggestion = make(facts)
        if suggestion is not None:
            suggestions.append(suggestion)
    for suggestion in suggestions:
        if (suggestion.expected_bytes or 0) == 0:
            suggestion.chosen_by_default = False
    rank = {"high": 0, "medium": 1, "low": 2}
    suggestions.sort(key=lambda s: (-(s.expected_bytes or 0), rank[str(s.confidence)], s.id))
    return suggestions


def _confidence(item: dict[str, Any], partial: bool) -> str:
    if partial:
        return "low"
    return "high" if item["exact"] else "medium"


def _for_name(
    item: dict[str, Any],
    types: dict[str, str],
    uses: dict[str, FirstUse],
    partial: bool,
    hidden: set[str],
) -> Suggestion | None:
    name = item["name"]
    holders = item["holders"]
    if any(holder["kind"] == "base" for holder in holders):
        # A view: its data belongs to the base, whose own suggestion names the views.
        return None
    removal = _removal(name, holders, types, hidden)
    first = uses.get(name)
    action = first.action if first is not None else None
    container = types.get(name) in ("builtins.list", "builtins.dict", "builtins.set")
    if first is not None and action == "reads" and container and removal.complete:
        return _clear(item, first, partial)
    if first is not None and action in ("assigns", "deletes") and not removal.uses_xdel:
        kind, title = "none", message("Set %1 to None", name)
        code = removal.set_none()
        # A later `del name` still finds the name: only its value goes now.
        reason = (
            message("%1 assigns %2 again, so it can let go of it now", first.cell.label, name)
            if action == "assigns"
            else message(
                "%1 deletes %2: set to None, the name stays for that cell", first.cell.label, name
            )
        )
        if removal.explained:
            reason = message(
                "%1; also held by %2, which the code lets go of",
                reason,
                join_words(removal.explained),
            )
    else:
        kind = "xdel" if removal.uses_xdel else "del"
        title = message("Delete %1", name)
        code = removal.delete()
        if action == "deletes":
            # %xdel also removes the name, which the later `del` needs.
            code.append(f"{reference(name)} = None")
        reason = _delete_reason(item, removal)
    warnings = [
        warning
        for deleted in [name, *removal.others]
        for warning in _later_use_warnings(deleted, uses.get(deleted))
    ]
    return Suggestion(
        id=f"{kind}:{name}",
        kind=kind,
        title=title,
        code="\n".join(code),
        reason=reason,
        expected_bytes=freed(item) if removal.complete else 0,
        confidence=_confidence(item, partial) if removal.complete else "low",
        names=[name],
        warnings=warnings,
        chosen_by_default=not warnings,
    )


def _later_use_warnings(name: str, first: FirstUse | None) -> list[Message]:
    """What a later cell that needs `name` would meet: none when no later cell needs it."""
    if first is None or first.action in ("assigns", "deletes"):
        return []
    if first.action == "unknown":
        return [message("%1 could not be read: it may use %2", first.cell.label, name)]
    return [message("%1 reads %2: %3", first.cell.label, name, first.line)]


def _clear(item: dict[str, Any], first: FirstUse, partial: bool) -> Suggestion:
    name = item["name"]
    return Suggestion(
        id=f"clear:{name}",
        kind="clear",
        title=message("Empty %1", name),
        code=f"{reference(name)}.clear()",
        reason=message(
            "%1 still uses %2: emptying it keeps the name and gives back what it holds",
            first.cell.label,
            name,
        ),
        expected_bytes=freed(item),
        confidence="medium" if not partial else "low",
        names=[name],
        warnings=[
            message("%1 reads %2 and would find it empty: %3", first.cell.label, name, first.line)
        ],
        chosen_by_default=False,
    )


def _removal(
    name: str, holders: list[dict[str, str]], types: dict[str, str], hidden: set[str]
) -> _Removal:
    """What removes `name` and what else holds its object, as far as that can be done."""
    before: list[str] = []
    others: list[str] = []
    let_go: list[dict[str, str]] = []
    left: list[dict[str, str]] = []
    for holder in holders:
        kind, where = holder["kind"], holder["where"]
        if kind in ("name", "view") and holder_hidden(holder, hidden):
            # Another tool's name (or IPython's): deleting it could break that tool.
            left.append(holder)
        elif kind in ("name", "view"):
            others.append(where)
            let_go.append(holder)
        elif kind in ("output_cache", "exception"):
            let_go.append(holder)
        elif kind == "container":
            hidden_container = holder_hidden(holder, hidden)
            line = None if hidden_container else _container_removal(name, where, types)
            if line is None:
                left.append(holder)
            else:
                before.append(line)
                let_go.append(holder)
    if any(holder["kind"] == "exception" for holder in holders):
        before.append(CLEAR_EXCEPTION)
    explained = holder_words(let_go)
    explained.extend(
        message("%1 (remove it there yourself)", words) for words in holder_words(left)
    )
    uses_xdel = any(holder["kind"] == "output_cache" for holder in holders)
    return _Removal(name, others, before, explained, not left, uses_xdel)


def _container_removal(name: str, where: str, types: dict[str, str]) -> str | None:
    """A line that takes the object out of a list or dict entry or a set, or None if unsafe."""
    match = _LIST_INDEX.match(where)
    if match and types.get(match["name"]) == "builtins.list":
        return f"{match['name']}[{match['index']}] = None"
    match = _DICT_KEY.match(where)
    if match and types.get(match["name"]) == "builtins.dict":
        return f"{match['name']}.pop({match['key']}, None)"
    match = _SET_MEMBER.match(where)
    if match and types.get(match["name"]) == "builtins.set":
        return f"{match['name']}.discard({reference(name)})"
    return None


def _delete_reason(item: dict[str, Any], removal: _Removal) -> Message:
    held_by = join_words(removal.explained)
    if not removal.complete:
        return message("also held by %1: deleting the name alone frees nothing", held_by)
    if not removal.explained:
        return message("nothing else holds this %1", _type_words(item["type"]))
    return message("also held by %1, which the code lets go of too", held_by)


def _type_words(type_name: str) -> str:
    """``pandas.core.frame.DataFrame`` as a person says it: ``DataFrame``."""
    return type_name.rpartition(".")[2] or type_name


def _for_output(item: dict[str, Any]) -> Suggestion | None:
    match = _OUT_ENTRY.match(item["name"])
    if match is None:
        return None
    temporary = f"_memory_inspector_out{match['n']}"
    return Suggestion(
        id=f"xdel:{item['name']}",
        kind="xdel",
        title=message("Forget the output of [%1]", match["n"]),
        code=f"{temporary} = {item['name']}\n%xdel {temporary}",
        reason=message(
            "only IPython's output history holds this %1 (%2); %xdel finds every reference it "
            "keeps, which Out.clear() and %reset -f out leave behind",
            _type_words(item["type"]),
            item["name"],
        ),
        expected_bytes=freed(item),
        confidence="high" if item["exact"] else "medium",
        names=[item["name"]],
    )


def _for_exception(items: list[dict[str, Any]]) -> Suggestion:
    total = freed_all(items)
    held = ", ".join(item["name"] for item in items[:3])
    return Suggestion(
        id="exception",
        kind="exception",
        title=message("Release the last error"),
        code=CLEAR_EXCEPTION,
        reason=message(
            "the last error keeps alive what the functions it went through held (%1)", held
        ),
        expected_bytes=total,
        confidence="high" if all(item["exact"] for item in items) else "medium",
        names=[item["name"] for item in items],
    )


def _for_resources(resources: list[dict[str, Any]], uses: dict[str, FirstUse]) -> list[Suggestion]:
    suggestions = []
    for resource in resources:
        name = resource["name"]
        what = resource["detail"] or resource["type"]
        warnings = _later_use_warnings(name, uses.get(name))
        suggestions.append(
            Suggestion(
                id=f"close:{name}",
                kind="close",
                title=message("Close %1", name),
                code=(
                    f"{name}.close()  # next time: with ... as {name}: closes it for you"
                    if is_plain(name)
                    else f"{reference(name)}.close()"
                ),
                reason=message(
                    "%1 is an open %2 (%3) that holds a descriptor and buffers",
                    name,
                    resource["kind"],
                    what,
                ),
                expected_bytes=int(resource.get("size") or 0),
                confidence="high",
                names=[name],
                warnings=warnings,
                chosen_by_default=not warnings,
            )
        )
    return suggestions


def _for_garbage(facts: dict[str, Any]) -> Suggestion | None:
    garbage = facts.get("garbage") or {}
    size = garbage.get("bytes")
    if not garbage.get("complete") or size is None or size < MIN_GARBAGE:
        return None
    return Suggestion(
        id="gc",
        kind="gc",
        title=message("Collect reference cycles"),
        code="import gc\ngc.collect()",
        reason=message(
            "%1 objects in reference cycles are unreachable but not freed until the collector runs",
            f"{garbage['objects']:,}",
        ),
        expected_bytes=int(size),
        confidence="high",
    )


def _for_trim(facts: dict[str, Any]) -> Suggestion | None:
    malloc = facts.get("malloc") or {}
    size = malloc.get("trimmable") or 0
    if size < MIN_TRIM:
        return None
    return Suggestion(
        id="malloc_trim",
        kind="malloc_trim",
        title=message("Give freed heap back to the OS"),
        code='import ctypes\nctypes.CDLL("libc.so.6").malloc_trim(0)',
        reason=message(
            "the C library (glibc) keeps memory that Python freed instead of giving it back to "
            "the system; malloc_trim gives it back (Linux with glibc only)"
        ),
        expected_bytes=int(size),
        confidence="medium",
    )


def _for_cuda(facts: dict[str, Any]) -> Suggestion | None:
    cuda = facts.get("torch_cuda") or {}
    size = cuda.get("cached") or 0
    if size < MIN_CUDA:
        return None
    return Suggestion(
        id="cuda",
        kind="cuda",
        title=message("Empty PyTorch's CUDA cache"),
        code="import torch\ntorch.cuda.empty_cache()",
        reason=message(
            "PyTorch's caching allocator keeps GPU memory that no tensor uses; emptying it lets "
            "other processes use it, but the next allocations in this kernel are slower and no "
            "memory held by live tensors comes back"
        ),
        expected_bytes=int(size),
        confidence="high",
    )
