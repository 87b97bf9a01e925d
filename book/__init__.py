"""The machinery of the labour-rights report: data, maps, charts, tables and the build."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
