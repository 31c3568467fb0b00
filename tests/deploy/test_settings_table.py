"""Every setting read from the environment is in the one table of docs/deploy.md."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["config", "common", "accounts", "audit", "workstations", "members", "petitions", "knowledge", "proposals",
        "departments", "handoffs", "reminders", "stats"]  # fmt: skip
READ = re.compile(r"""env\.(?:str|int|bool|list|float|path|db|cache|json)\(\s*["']([A-Z][A-Z0-9_]+)["']""")
OS_READ = re.compile(r"""os\.environ(?:\.get)?[\[(]\s*["']([A-Z][A-Z0-9_]+)["']""")
COMPOSE_READ = re.compile(r"\$\{([A-Z][A-Z0-9_]+)")


def _read_in_code() -> set[str]:
    names = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            text = path.read_text()
            names |= set(READ.findall(text)) | set(OS_READ.findall(text))
    names |= set(OS_READ.findall((ROOT / "deploy" / "gunicorn.conf.py").read_text()))
    names |= set(COMPOSE_READ.findall((ROOT / "deploy" / "compose.yaml").read_text()))
    # Django's and pytest's own, not settings of ours
    return names - {"PYTEST_XDIST_WORKER"}


def _documented() -> set[str]:
    text = (ROOT / "docs" / "deploy.md").read_text()
    table = text.split("## Settings", 1)[1].split("\n## ", 1)[0]
    return {
        name
        for line in table.splitlines()
        if line.startswith("| `")
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split(" | ")[0])
    }


def test_every_environment_variable_the_code_reads_is_in_the_settings_table():
    read = _read_in_code()
    assert len(read) > 60
    assert sorted(read - _documented()) == []


def test_the_table_lists_nothing_the_code_does_not_read():
    assert sorted(_documented() - _read_in_code() - {"DJANGO_SETTINGS_MODULE"}) == []


def test_env_example_names_only_documented_settings():
    names = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), flags=re.MULTILINE))
    assert sorted(names - _documented()) == []
