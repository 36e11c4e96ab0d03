"""Progress bars for long commands: on standard error, and only where a person watches."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress(items: Iterable[T], *, desc: str, unit: str, total: int | None = None) -> Iterator[T]:
    return iter(
        tqdm(
            items,
            desc=desc,
            unit=unit,
            total=total,
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
            dynamic_ncols=True,
        )
    )
