"""Cooperation networks (NetworkX) built from the results of the named queries.

The networks are built from what the named queries return (``projects``,
``project-participants``, ``states``, ``third-states``, ``projects-by-wave``,
``capability-domains``), never by turning triples into edges, so they mean exactly what the
queries mean: *current* participations, i.e. those without an end date, or with ``as_of`` the
participations in force on a date (query ``participation-dates``), each edge ``certain`` or
``attested`` (see :data:`BOUNDS` for the lower and upper bounds).

- :func:`bipartite_graph`: states and projects, an edge per state and project it takes part
  in, with its roles;
- :func:`state_projection`, :func:`coparticipation_graph`: states linked by the projects they
  are members of together (``weight`` = shared projects, ``jaccard`` = shared projects over
  the projects either is in, ``distance`` = 1 / weight for path-based measures);
- :func:`cocoordination_graph`: states linked by the projects they coordinate together;
- :func:`coordination_graph`: who leads whom, coordinator -> member (directed);
- :func:`third_state_graph`: third states and the projects they were admitted to;
- :func:`wave_graphs`: the co-participation network on the date of each wave;
- :func:`domain_graph`: the co-participation network of one capability domain.

:func:`write_network` writes any of them as GraphML or GEXF, deterministically.

Examples
--------
>>> from pesco_graph.network import bipartite_graph, state_projection
>>> bip = bipartite_graph()
>>> bip.nodes["military-mobility"]["kind"], bip.nodes["NL"]["kind"]
('project', 'state')
>>> bip.edges["NL", "military-mobility"]["role"]
'coordinator'
>>> states = state_projection(bip)
>>> states.edges["DE", "FR"]["weight"] > 0
True
"""

from __future__ import annotations

from ..writers.network import NETWORK_FORMATS, network_bytes, write_network
from .bipartite import BOUNDS, ROLES, bipartite_graph, check_date, in_force, select_projects
from .projections import cocoordination_graph, coordination_graph, coparticipation_graph, state_projection
from .views import domain_graph, third_state_graph, wave_graphs

__all__ = [
    "ROLES", "BOUNDS", "NETWORK_FORMATS", "bipartite_graph", "check_date", "in_force", "select_projects",
    "state_projection",
    "coparticipation_graph", "cocoordination_graph", "coordination_graph", "third_state_graph",
    "wave_graphs", "domain_graph", "network_bytes", "write_network",
]
