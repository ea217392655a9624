"""Writers of the graph in one format each, from sorted canonical N-Triples."""

__all__: list[str] = []
