"""The one CSV dialect of every table the package writes: comma, minimal quoting, ``\\n``
line ends, UTF-8, an empty cell for a missing value."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["write_csv"]


def write_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A CSV document of ``columns`` and ``rows``.

    >>> write_csv(["a", "b"], [(1, None), ("x,y", True)])
    b'a,b\\n1,\\n"x,y",True\\n'
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode("utf-8")
