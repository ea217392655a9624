"""``pesco-graph serve``: the linked-data pages, a PESCO query page and a bounded, read-only
SPARQL endpoint, small enough to put behind a reverse proxy.

- :mod:`.app`: the HTTP front (aiohttp): routes, the SPARQL protocol, content negotiation.
- :mod:`.pool` and :mod:`.worker`: queries run in worker processes with a deadline and a
  memory bound; a worker past either is killed and replaced.
- :mod:`.guard`: ``SERVICE`` and updates are refused before a query runs.
- :mod:`.negotiate`: ``Accept`` headers.
- :mod:`.data`: the graph and the pages the server publishes.
- :mod:`.run`: start-up, signals and a clean stop.

The web stack (the ``server`` extra) is imported on first use of these names, so the query
workers, which need none of it, start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .run import ServeOptions, serve, serve_async

__all__ = ["ServeOptions", "serve", "serve_async"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
