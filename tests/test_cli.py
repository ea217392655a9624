"""Smoke tests: every console command starts and answers --help."""

from __future__ import annotations

import pytest

from pesco_graph import __version__
from pesco_graph.cli import COMMANDS


def test_help(cli):
    result = cli("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert command in result.stdout


def test_version(cli):
    result = cli("--version")
    assert result.returncode == 0 and __version__ in result.stdout


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_has_help(cli, command):
    result = cli(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout
