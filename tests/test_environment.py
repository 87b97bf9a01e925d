"""The environment Binder builds (environment.yml) is the one CI and staff install (requirements.txt)."""
from book import ROOT


def _pins(lines):
    return sorted(l.strip().lstrip("- ").strip() for l in lines if "==" in l and not l.strip().startswith("#"))


def test_environment_yml_names_the_same_pins_as_requirements():
    req = _pins((ROOT / "requirements.txt").read_text("utf-8").splitlines())
    env = _pins((ROOT / "environment.yml").read_text("utf-8").splitlines())
    assert req, "requirements.txt pins nothing"
    assert env == req


def test_every_requirement_is_pinned_exactly():
    lines = [l.strip() for l in (ROOT / "requirements.txt").read_text("utf-8").splitlines()]
    loose = [l for l in lines if l and not l.startswith("#") and "==" not in l]
    assert loose == []


def test_the_book_tools_are_pinned():
    req = " ".join(_pins((ROOT / "requirements.txt").read_text("utf-8").splitlines()))
    for name in ("jupyter-book==1.", "myst-nb==", "pandas==", "matplotlib==", "folium==", "pandera=="):
        assert name in req
