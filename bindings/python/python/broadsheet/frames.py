"""Tables as pyarrow, pandas and Polars frames.

The tables are built in Rust (``Archive.table``) and handed over through the Arrow PyCapsule
interface; this module only picks the consumer, and says clearly what to install when it is
missing. ``Archive.to_arrow``, ``to_pandas`` and ``to_polars`` call these functions.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from broadsheet._native import Archive

__all__ = ["to_arrow", "to_pandas", "to_polars"]


def _require(module: str, extra: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(
            f"this needs {module}, which is not installed: pip install 'broadsheet[{extra}]'"
            f" (or pip install {module})"
        ) from error


def to_arrow(archive: Archive, name: str, *, private: bool = False) -> Any:
    """The table ``name`` as a ``pyarrow.Table``."""
    pa = _require("pyarrow", "arrow")
    return pa.table(archive.table(name, private=private))


def to_pandas(archive: Archive, name: str, *, private: bool = False) -> Any:
    """The table ``name`` as a ``pandas.DataFrame`` (through pyarrow)."""
    _require("pandas", "pandas")
    return to_arrow(archive, name, private=private).to_pandas()


def to_polars(archive: Archive, name: str, *, private: bool = False) -> Any:
    """The table ``name`` as a ``polars.DataFrame`` (no pyarrow needed)."""
    pl = _require("polars", "polars")
    return pl.DataFrame(archive.table(name, private=private))
