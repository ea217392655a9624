"""Publication of the graph: the static linked-data site and the server (``serve``)."""

__all__: list[str] = []
