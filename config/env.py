"""The one place that reads the process environment (12-factor)."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# A local, git-ignored folder for the embedded defaults (SQLite, the filesystem broker, media).
DATA_DIR = Path(env.str("DATA_DIR", default=str(BASE_DIR / "var")))
