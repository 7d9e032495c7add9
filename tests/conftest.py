from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite the golden files from the program"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    return SEEDS


@pytest.fixture(scope="session")
def samples_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples converted once for the whole session (read-only for tests)."""
    from scorecard.run import convert

    out = tmp_path_factory.mktemp("samples") / "out"
    convert(SAMPLES, out, jobs=1)
    return out


@pytest.fixture
def samples_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "in"
    shutil.copytree(SAMPLES, dest)
    return dest
