"""What the data holds and what it is known to lack: the coverage report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .backends import GraphBackend
from .query import run_query
from .vocabularies import COMPLETENESS

__all__ = ["CoverageReport", "coverage"]


#: What :attr:`CoverageReport.by_wave` counts for each wave.
WAVE_KEYS = ("projects", *COMPLETENESS, "coordinator", "domain")


@dataclass
class CoverageReport:
    """Coverage figures of the register."""

    #: per wave: projects, member lists complete/partial/unknown, with coordinator, with domain
    by_wave: dict[int, dict[str, int]]
    participations: int
    participations_without_source: int
    sources_per_site: dict[str, int]
    gaps: list[dict[str, str]] = field(default_factory=list)
    counts: list[dict[str, object]] = field(default_factory=list)
    #: national counts of a state's projects (query ``state-counts``): state, date, reported,
    #: register, difference, complete (whether the source names every project)
    state_counts: list[dict[str, object]] = field(default_factory=list)

    def complete_dates(self) -> dict[str, dict[str, list[str]]]:
        """Per state, the dates a complete list backs (``complete``) and those with only a
        count (``count``), in date order.

        A complete list names every project of the state on that date, so the register's
        participations of that state can be checked one by one there.
        """
        out: dict[str, dict[str, list[str]]] = {}
        for row in self.state_counts:
            entry = out.setdefault(str(row["state"]), {"complete": [], "count": []})
            entry["complete" if row["complete"] else "count"].append(str(row["date"]))
        return dict(sorted(out.items()))

    def _total(self, key: str) -> int:
        return sum(row[key] for row in self.by_wave.values())

    @property
    def projects_per_wave(self) -> dict[int, int]:
        return {wave: row["projects"] for wave, row in self.by_wave.items()}

    @property
    def projects(self) -> int:
        return self._total("projects")

    @property
    def with_coordinator(self) -> int:
        return self._total("coordinator")

    @property
    def with_domain(self) -> int:
        return self._total("domain")

    @property
    def completeness(self) -> dict[str, int]:
        return {key: self._total(key) for key in COMPLETENESS}

    def pct(self, n: int) -> str:
        return f"{100 * n / self.projects:.0f}%" if self.projects else "-"

    def to_text(self) -> str:
        lines = ["PESCO register coverage", "", "Projects per wave"]
        lines += [f"  wave {w}: {n}" for w, n in sorted(self.projects_per_wave.items())]
        lines.append(f"  total:  {self.projects}")
        lines += [
            "",
            f"Projects with a sourced coordinator: {self.with_coordinator}"
            f" ({self.pct(self.with_coordinator)})",
            "Member lists: " + ", ".join(
                f"{k} {v} ({self.pct(v)})" for k, v in sorted(self.completeness.items())),
            f"Projects with a capability domain: {self.with_domain} ({self.pct(self.with_domain)})",
            f"Participations: {self.participations}, without a source: {self.participations_without_source}",
            "",
            "Sources per web site (top 25)",
        ]
        top = sorted(self.sources_per_site.items(), key=lambda kv: (-kv[1], kv[0]))[:25]
        lines += [f"  {n:4d}  {site}" for site, n in top]
        lines.append(f"  ({len(self.sources_per_site)} sites in all)")
        if self.counts:
            lines += ["", "Reported numbers of ongoing projects against the register",
                      "  date        reported  register  difference"]
            for c in self.counts:
                lines.append(f"  {c['date']}  {c['reported']:>8}  {c['register']:>8}  {c['difference']:>+10}")
            last = self.counts[-1]
            if last["difference"]:
                lines.append(
                    f"  On {last['date']} the register counts {last['register']} ongoing projects where the"
                    f" sources report {last['reported']}: it lacks projects or closures (difference"
                    " = register - reported; see `pesco-graph query project-counts`).")
        if self.state_counts:
            lines += ["", "National counts of a state's projects against the register",
                      "  (* a complete list backs the date: it names every project; difference = register - "
                      "reported)",
                      "  state  date         reported  register  difference"]
            for c in self.state_counts:
                mark = "*" if c["complete"] else " "
                lines.append(f"  {c['state']}     {c['date']}{mark}  {c['reported']:>8}  {c['register']:>8}"
                             f"  {int(str(c['difference'])):>+10}")
            lines += ["", "Dates backed by a complete list, per state"]
            for state, dates in self.complete_dates().items():
                backed = ", ".join(dates["complete"])
                counted = ", ".join(dates["count"])
                parts = [f"complete list on {backed}" if backed else "no complete list"]
                if counted:
                    parts.append(f"a count only on {counted}")
                lines.append(f"  {state}: " + "; ".join(parts))
        lines += ["", "Projects still missing a coordinator, members or a domain"]
        for gap in self.gaps:
            lines.append(f"- {gap['project']} (wave {gap['wave']}): missing {gap['missing']}")
            if gap["note"]:
                lines.append(f"    {gap['note']}")
        return "\n".join(lines)


def coverage(graph: GraphBackend | None = None) -> CoverageReport:
    """Compute the coverage report of ``graph`` (default: the packaged graph), from named
    queries only, so it works on every backend."""
    rows = run_query("coverage", graph=graph).records()
    unsourced = [r for r in run_query("unsourced-facts", graph=graph).records()
                 if r["kind"] == "participation"]
    sources = [r["source"] for r in run_query("cited-sources", graph=graph).records()]
    sites = Counter((urlsplit(s).hostname or "?").removeprefix("www.") for s in sources)
    gaps = []
    for r in rows:
        missing = []
        if not r["coordinators"]:
            missing.append("coordinator")
        if r["completeness"] != "complete":
            missing.append(f"members ({r['completeness']} list)")
        if not r["domain"]:
            missing.append("domain")
        if missing:
            gaps.append({"project": f"{r['name']} [{r['project']}]", "wave": str(r["wave"]),
                         "missing": ", ".join(missing), "note": r["note"] or ""})
    by_wave: dict[int, dict[str, int]] = {}
    for r in rows:
        w = by_wave.setdefault(int(r["wave"]), dict.fromkeys(WAVE_KEYS, 0))
        w["projects"] += 1
        w[r["completeness"]] += 1
        w["coordinator"] += bool(r["coordinators"])
        w["domain"] += bool(r["domain"])
    counts = [{k: r[k] for k in ("date", "reported", "register", "difference")}
              for r in run_query("project-counts", graph=graph).records()]
    state_counts = [{k: r[k] for k in ("state", "date", "reported", "register", "difference", "complete")}
                    for r in run_query("state-counts", graph=graph).records()]
    return CoverageReport(
        by_wave=dict(sorted(by_wave.items())),
        participations=sum(int(r["participations"]) for r in rows),
        participations_without_source=len(unsourced),
        sources_per_site=dict(sites),
        gaps=gaps,
        counts=counts,
        state_counts=state_counts,
    )

