"""PyTorch tensors: the bytes of their storage in host memory, counted once however many
tensors view it. Memory on a GPU is not the kernel's: it is only described."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from .descriptions import counted, dimensions
from .paths import Path
from .sizing import SEEN

if TYPE_CHECKING:
    from .sizing import Sizer

TENSOR = "tensor"
VIEW = "a tensor that no variable holds"


class TorchApi:
    """The Tensor class's own methods and descriptors, read once."""

    __slots__ = ("device", "dtype", "shape", "storage", "view_base")

    def __init__(self, tensor: type) -> None:
        self.storage: Callable[[Any], Any] = tensor.untyped_storage  # type: ignore[attr-defined]
        self.view_base = tensor._base.__get__  # type: ignore[attr-defined]
        self.shape = tensor.shape.__get__  # type: ignore[attr-defined]
        self.dtype = tensor.dtype.__get__  # type: ignore[attr-defined]
        self.device = tensor.device.__get__  # type: ignore[attr-defined]


def size(sizer: Sizer, o: Any, api: TorchApi, *, depth: int, budget: int, path: Path) -> int:
    # Memory on a GPU is not the kernel's: only host tensors count toward its size.
    if api.device(o).type != "cpu":
        return 0
    storage = api.storage(o)
    key = ("torch", int(storage.data_ptr()))
    if sizer.has_part(key):
        return SEEN
    nbytes = int(storage.nbytes())
    owns = api.view_base(o) is None
    sizer.add_part(key, nbytes, owns, owns and o is sizer.root, path)
    return nbytes


def describe(o: Any, api: TorchApi) -> str:
    dims = dimensions(api.shape(o))
    dtype = str(api.dtype(o)).replace("torch.", "")
    device = api.device(o)
    if device.type == "cpu":
        return f"{dims} {dtype}"
    nbytes = int(api.storage(o).nbytes())
    return f"{dims} {dtype} on {device} ({counted(nbytes, 'byte')} of device memory)"
