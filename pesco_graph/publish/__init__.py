"""Publication of the graph as linked data: the static site, its pages and rules."""

__all__: list[str] = []
