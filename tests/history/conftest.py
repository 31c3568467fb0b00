import datetime
import io

import pytest
from openpyxl import Workbook

from history.spreadsheet import COLUMNS
from tests import factories

HEADERS = [str(c.header) for c in COLUMNS]


def row(**values) -> dict:
    """A good row (a solved track-2 case at 西流湾 in March 2015), with `values` changed; keys are
    history.spreadsheet column keys."""
    base = {
        "received_date": datetime.date(2015, 3, 8),
        "workstation": "xiliuwan",
        "category": "道路",
        "content": "小区门口路灯不亮，夜间出行不便。",
        "channel": "接待日来访",
        "track": "直接答复",
        "status": "已办结",
        "outcome": "已解决",
        "households_helped": 2,
        "closed_date": datetime.date(2015, 3, 20),
    }
    base.update(values)
    return base


def xlsx(rows: list[dict], headers: list[str] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    keys = [c.key for c in COLUMNS]
    ws.append(headers or HEADERS)
    for values in rows:
        ws.append([values.get(key) for key in keys])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def lookups(workstation):
    """The workstation (xiliuwan), a category 道路 and a department 市住建局."""
    factories.CategoryFactory(code="road", name="道路")
    factories.DepartmentFactory(name="市住建局")
    return workstation


@pytest.fixture
def eager_tasks(monkeypatch):
    """The import task runs in this process when queued (after commit, so use it with
    django_capture_on_commit_callbacks(execute=True)); tests/integration runs a real worker."""
    from history import tasks

    ran = []

    def run(*args):
        ran.append(args)
        return tasks.batch_run.apply(args=args)

    monkeypatch.setattr(tasks.batch_run, "delay", run)
    return ran
