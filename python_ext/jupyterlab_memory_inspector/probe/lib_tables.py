"""polars and pyarrow tables, series and arrays: the size each library reports of its own
buffers (polars' is its estimate), and their shape or length."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from .descriptions import TIMES, counted
from .paths import Path

if TYPE_CHECKING:
    from .sizing import Sizer

POLARS = "polars"
ARROW = "arrow"


class TableApi:
    """A polars or pyarrow class: how to get its size and its shape or length."""

    __slots__ = ("shape", "size")

    def __init__(self, size: Callable[[Any], Any], shape: Callable[[Any], Any]) -> None:
        self.size = size
        self.shape = shape


def polars_api(cls: type) -> TableApi:
    return TableApi(cls.estimated_size, cls.shape.__get__)  # type: ignore[attr-defined]


def arrow_api(cls: type) -> TableApi:
    if hasattr(cls, "num_columns"):
        rows = cls.num_rows.__get__  # type: ignore[attr-defined]
        columns = cls.num_columns.__get__  # type: ignore[attr-defined]

        def shape(o: Any) -> tuple[int, ...]:
            return (rows(o), columns(o))

    else:
        length = cls.__len__  # type: ignore[attr-defined]

        def shape(o: Any) -> tuple[int, ...]:
            return (length(o),)

    return TableApi(cls.nbytes.__get__, shape)  # type: ignore[attr-defined]


def size_estimated(
    sizer: Sizer, o: Any, api: TableApi, *, depth: int, budget: int, path: Path
) -> int:
    sizer.exact = False
    return int(api.size(o))


def size_exact(sizer: Sizer, o: Any, api: TableApi, *, depth: int, budget: int, path: Path) -> int:
    return int(api.size(o))


def describe(o: Any, api: TableApi) -> str:
    shape = api.shape(o)
    if len(shape) == 2:
        return f"{counted(shape[0], 'row')} {TIMES} {counted(shape[1], 'column')}"
    return counted(shape[0], "value")


def shape_signature(o: Any, api: TableApi) -> tuple:
    return tuple(api.shape(o))


def immutable_signature(o: Any, api: TableApi) -> tuple:
    return ()
