"""``pesco-graph analyze``: the report, figures, tables and networks it writes, and that two runs
give the same bytes."""

from __future__ import annotations

import csv
import hashlib
import struct
import subprocess
import sys

import networkx as nx
import pytest

from pesco_graph.analysis import STEPS, analyze, compute
from pesco_graph.query import run_query

from .conftest import FIXTURES

FIGURES = ("network.png", "ranking.png", "evolution.png", "domains.png", "leadership.png", "waves.png",
           "map.png")
NETWORKS = ("cooperation", "state_project", "coordination")
TABLES = ("centrality", "co_participation", "co_coordination", "coordination", "communities", "evolution",
          "leadership", "domain_profile")


@pytest.fixture(scope="module")
def analysed(graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("analysis")
    lines: list[str] = []
    result = analyze(graph, out, progress=lines.append)
    return result, out, lines


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        chunks.append((data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]))
        pos += 12 + length
    return chunks


def test_progress_line_for_each_step(analysed):
    _, _, lines = analysed
    assert len(lines) == len(STEPS) == 9
    assert lines[0].startswith("analyze [1/9]") and lines[-1].startswith("analyze [9/9]")


def test_every_file_is_written(analysed):
    result, out, _ = analysed
    expected = {out / "report.md"}
    expected |= {out / "figures" / f for f in FIGURES}
    expected |= {out / "tables" / f"{t}.csv" for t in TABLES}
    expected |= {out / "networks" / f"{n}.{fmt}" for n in NETWORKS for fmt in ("graphml", "gexf")}
    assert set(result.files) == expected
    assert all(p.stat().st_size > 0 for p in expected)


def test_report_reads_well_and_embeds_the_figures(analysed):
    result, out, _ = analysed
    text = (out / "report.md").read_text(encoding="utf-8")
    for heading in ("# Cooperation in PESCO", "## Findings", "## 1. Who cooperates with whom",
                    "## 2. Who is central", "## 3. Communities and cores", "## 4. Who leads",
                    "## 5. Evolution over the waves", "## 6. Capability domains", "## 7. Third states"):
        assert heading in text
    for name in FIGURES:
        assert f"](figures/{name})" in text
    assert "None" not in text and "nan" not in text
    a = result.analysis
    top = a.cooperation.nodes[a.ranking("betweenness", 1)[0]]["label"]
    assert f"By betweenness, {top} (" in text
    found = a.communities
    assert f"finds {len(found)} communities with a modularity of {found.modularity:.3f}" in text
    assert "| France | Italy |" in text or "| Italy | France |" in text  # a table row of names


def test_figures_are_pngs_without_dates_or_versions(analysed):
    _, out, _ = analysed
    for name in FIGURES:
        chunks = png_chunks((out / "figures" / name).read_bytes())
        kinds = [kind for kind, _ in chunks]
        assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND"
        width, height = struct.unpack(">II", chunks[0][1][:8])
        assert width >= 600 and height >= 400, name
        assert b"tIME" not in kinds, name
        text = b"".join(body for kind, body in chunks if kind in (b"tEXt", b"iTXt", b"zTXt"))
        assert b"Software" not in text and b"Date" not in text, name


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_networks_reread_with_nodes_and_attributes(analysed, graph, fmt, reader):
    _, out, _ = analysed
    ranking = {r["state"]: r for r in run_query("state-ranking", graph=graph).records()}
    coop = reader(out / "networks" / f"cooperation.{fmt}")
    assert set(coop.nodes) == {s for s, r in ranking.items() if r["projects"]}
    fr = coop.nodes["FR"]
    assert fr["label"] == "France"
    for attribute in ("betweenness", "eigenvector", "closeness", "strength", "degree", "community", "core",
                      "projects", "coordinated"):
        assert attribute in fr, attribute
    assert int(fr["projects"]) == ranking["FR"]["projects"]
    assert int(fr["coordinated"]) == ranking["FR"]["coordinated"]
    shared = {(r["stateA"], r["stateB"]): r["sharedProjects"] for r in run_query("co-participation",
                                                                                 graph=graph).records()}
    assert int(float(coop.edges["DE", "FR"]["weight"])) == shared[("DE", "FR")]
    bip = reader(out / "networks" / f"state_project.{fmt}")
    assert {d["kind"] for _, d in bip.nodes(data=True)} == {"state", "project"}
    assert bip.nodes["military-mobility"]["label"] == "Military Mobility"
    assert int(bip.nodes["military-mobility"]["wave"]) == 1
    lead = reader(out / "networks" / f"coordination.{fmt}")
    assert lead.is_directed() and lead.has_edge("NL", "DE")


def test_csv_tables_hold_the_measures(analysed, graph):
    result, out, _ = analysed
    ranking = {r["state"]: r["projects"] for r in run_query("state-ranking", graph=graph).records()}
    centrality = read_csv(out / "tables" / "centrality.csv")
    assert list(centrality[0]) == ["state", "label", "stateKind", "projects", "degree", "strength",
                                   "betweenness", "eigenvector", "closeness", "clustering",
                                   "weighted_clustering", "core", "strong_core", "community"]
    assert {r["state"]: int(r["projects"]) for r in centrality} == {s: n for s, n in ranking.items() if n}
    pairs = read_csv(out / "tables" / "co_participation.csv")
    expected = run_query("co-participation", graph=graph).records()
    assert sorted((r["stateA"], r["stateB"], int(r["sharedProjects"])) for r in pairs) == sorted(
        (r["stateA"], r["stateB"], r["sharedProjects"]) for r in expected)
    evolution = read_csv(out / "tables" / "evolution.csv")
    assert [int(r["wave"]) for r in evolution] == sorted(result.analysis.waves)
    communities = read_csv(out / "tables" / "communities.csv")
    assert len(communities) == len(result.analysis.communities)
    assert sum(int(r["size"]) for r in communities) == len(centrality)
    profile = read_csv(out / "tables" / "domain_profile.csv")
    assert {r["domain"] for r in profile} == {r["domain"] for r in run_query("projects-by-domain",
                                                                            graph=graph).records()}


def test_analysis_of_the_small_fixture(tmp_path):
    from pesco_graph.derive import derive
    from pesco_graph.load import load_files
    from pesco_graph.resources import ontology_files

    small = derive(load_files([*ontology_files(), FIXTURES / "network.ttl"]))
    a = compute(small)
    assert a.ranking("strength", 2) == ["FR", "DE"]
    assert a.ranking("betweenness", 1) == ["FR"]
    assert [r["edges"] for r in a.evolution] == [3, 6]  # on the waves' dates: no US in 2018
    result = analyze(small, tmp_path)
    assert (tmp_path / "report.md").exists() and len(result.files) == 22
    text = result.to_text()
    assert "5 states, 8 ties" in text and "FR" in text


def test_two_runs_are_byte_identical_under_different_hash_seeds(cli, tmp_path):
    digests = []
    for seed in ("0", "31337"):
        out = tmp_path / seed
        result = cli("analyze", "--out", str(out), env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        assert result.stderr.count("analyze [") == len(STEPS)
        assert "most central by betweenness" in result.stdout
        digests.append({p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                        for p in sorted(out.rglob("*")) if p.is_file()})
    assert len(digests[0]) == 22
    assert digests[0] == digests[1]


def test_ongoing_only_leaves_closed_projects_out(cli, tmp_path):
    result = cli("analyze", "--out", str(tmp_path), "--ongoing-only")
    assert result.returncode == 0, result.stderr
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "closed projects left out" in report
    bip = nx.read_graphml(tmp_path / "networks" / "state_project.graphml")
    assert {d["status"] for _, d in bip.nodes(data=True) if d["kind"] == "project"} == {"ongoing"}


def test_help_stays_light():
    code = ("import sys; from pesco_graph.cli import parser; parser().format_help(); "
            "print(sorted(m for m in ('networkx', 'matplotlib', 'pandas', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_cli_analyze_help(cli):
    result = cli("analyze", "--help")
    assert result.returncode == 0
    assert "--out" in result.stdout and "default: analysis" in result.stdout


def test_report_says_how_complete_the_lists_behind_each_finding_are(analysed, graph):
    result, out, _ = analysed
    text = (out / "report.md").read_text(encoding="utf-8")
    findings = text.split("## Findings\n", 1)[1].split("\n## ", 1)[0]
    bullets = [line for line in findings.splitlines() if line.startswith("- **")]
    complete = sum(1 for r in run_query("coverage", graph=graph).records() if r["completeness"] == "complete")
    projects = len(run_query("projects", graph=graph).records())
    for bullet in bullets:
        if not bullet.startswith("- **Who entered when"):
            assert "Member lists behind this: " in bullet, bullet
    assert f"Member lists behind this: {complete} of {projects} projects complete." in findings
    # the waves on their dates: the third states by wave 4 (admitted May 2021), Denmark later
    entered = next(b for b in bullets if b.startswith("- **Who entered when"))
    assert "by wave 4 (2021-11-16): Canada (CA), Norway (NO) and United States (US)" in entered
    assert "Denmark (DK)" in entered.split("by wave 6", 1)[1]
    evolution = read_csv(out / "tables" / "evolution.csv")
    assert int(evolution[0]["nodes"]) == 25 and evolution[0]["date"] == "2018-03-06"
    for row in evolution:
        assert int(row["states_certain"]) <= int(row["nodes"]) <= int(row["states_upper"])
