"""Shared fixtures: the example data and the conformance data (../shared/data)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import broadsheet

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples" / "data"
EXAMPLE = EXAMPLES / "wlp-kyrgyzstan.json"
DEFECTIVE = EXAMPLES / "wlp-kyrgyzstan-defective.json"


def conformance_dir() -> Path | None:
    """The conformance data, or None (a skip) when absent; absent under CI=true is a failure."""
    path = Path(os.environ.get("BROADSHEET_CONFORMANCE_DATA", ROOT.parent / "shared" / "data"))
    if path.is_dir():
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"conformance data not found at {path} (required when CI=true)")
    return None


@pytest.fixture
def data() -> Path:
    path = conformance_dir()
    if path is None:
        pytest.skip("conformance data not found; set BROADSHEET_CONFORMANCE_DATA")
    return path


@pytest.fixture
def archive() -> broadsheet.Archive:
    return broadsheet.load(EXAMPLE)
