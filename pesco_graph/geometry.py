"""Country outlines for the maps, read offline from geometry that a PyPI package ships.

The ``pyogrio`` wheel ships Natural Earth's 1:110m countries (``naturalearth_lowres``, public
domain, naturalearthdata.com) as a test fixture; :func:`country_outlines` reads that shapefile
with ``pyshp`` (both in the ``maps`` extra) and returns each country's rings by ISO 3166-1
alpha-3 code. Nothing is downloaded. At 1:110m Malta is too small to be drawn.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import PescoGraphError

__all__ = ["natural_earth_path", "country_outlines", "Ring"]

#: A closed ring of (longitude, latitude) points.
Ring = tuple[tuple[float, float], ...]

# In naturalearth_lowres some countries carry "-99" as their code; they are matched by name.
_BY_NAME = {"France": "FRA", "Norway": "NOR", "Kosovo": "XKX"}


def natural_earth_path() -> Path:
    """The Natural Earth 1:110m countries shapefile shipped in the ``pyogrio`` wheel."""
    try:
        import pyogrio  # type: ignore[import-untyped]
    except ImportError:
        raise PescoGraphError("maps need the 'maps' extra: pip install 'pesco-graph[maps]'") from None
    fixtures = Path(pyogrio.__file__).parent / "tests" / "fixtures"
    path = fixtures / "naturalearth_lowres" / "naturalearth_lowres.shp"
    if not path.exists():
        raise PescoGraphError(f"this pyogrio has no Natural Earth shapefile at {path}")
    return path


@lru_cache(maxsize=1)
def country_outlines() -> dict[str, tuple[Ring, ...]]:
    """Every country's outer and inner rings by ISO alpha-3 code, in file order."""
    import shapefile  # type: ignore[import-untyped]

    out: dict[str, tuple[Ring, ...]] = {}
    with shapefile.Reader(str(natural_earth_path())) as reader:
        for record in reader.iterShapeRecords():
            code = str(record.record["iso_a3"])
            code = _BY_NAME.get(str(record.record["name"]), code)
            shape = record.shape
            parts = [*shape.parts, len(shape.points)]
            rings = tuple(tuple((float(x), float(y)) for x, y in shape.points[a:b])
                          for a, b in zip(parts, parts[1:], strict=False))
            out[code] = out.get(code, ()) + rings
    return out
