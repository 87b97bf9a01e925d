"""Write environment.yml (Binder, conda) with exactly the pins of requirements.txt."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pins(requirements: Path) -> list[str]:
    lines = requirements.read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def render(pin_list: list[str]) -> str:
    body = "\n".join(f"      - {p}" for p in pin_list)
    return (
        "# Generated from requirements.txt by scripts/sync_environment.py: do not edit by hand.\n"
        "name: labour-rights-report\n"
        "channels:\n  - conda-forge\n"
        "dependencies:\n  - python=3.11\n  - pip\n  - pip:\n"
        f"{body}\n      - -e .\n"
    )


if __name__ == "__main__":
    (ROOT / "environment.yml").write_text(render(pins(ROOT / "requirements.txt")), "utf-8")
