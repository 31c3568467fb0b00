"""The migrations that add columns or tables to the statistics fill them from what is built, so a
deployed install's built months stay read from the tables (nothing forgotten, nothing recounted)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("stats", "0011_grade_tables")]
JAN = datetime.date(2026, 1, 1)
YEAR = datetime.date(2025, 1, 1)
NOW = datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_the_trend_department_grade_and_yearly_tables_are_filled_from_what_is_built():
    # given a built January before the trend table and the grades in the department rows
    old = _migrate(BEFORE)
    try:
        figure = old.get_model("stats", "MonthlyFigure")
        for ws, category, member, channel, collected in (
            (1, 7, 3, "qr", 2),
            (1, 7, 4, "visit", 3),
            (2, None, 3, "qr", 1),
        ):
            figure.objects.create(
                month=JAN, workstation_id=ws, category_id=category, member_id=member, channel=channel,
                collected=collected, handled=1, solved=1,
            )  # fmt: skip
        old.get_model("stats", "MonthlyDepartmentFigure").objects.create(
            month=JAN, department_id=5, workstation_id=1, due=2, on_time=1, answered=2, handling_seconds=60
        )
        grades = old.get_model("stats", "MonthlyGradeFigure")
        grades.objects.create(month=JAN, department_id=5, workstation_id=1, member_id=3, graded=2, grade_a=2)
        grades.objects.create(month=JAN, department_id=5, workstation_id=1, member_id=4, graded=1, grade_c=1)
        grades.objects.create(month=JAN, department_id=6, workstation_id=2, member_id=3, graded=1, grade_b=1)
        # and 2025 built whole (its year block), waits in two of its months
        old.get_model("stats", "BuiltBlock").objects.create(start=YEAR, months=12, built_at=NOW)
        waits = old.get_model("stats", "MonthlyResponseWait")
        for month, n in ((YEAR, 2), (YEAR.replace(month=7), 3)):
            waits.objects.create(month=month, workstation_id=0, subtree=True, wait_tenths=15, petitions=n)
    finally:
        # when migrating forward
        new = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    # then the trend rows are January's per workstation and category
    trend = new.get_model("stats", "MonthlyTrendFigure").objects.order_by("workstation_id")
    assert list(trend.values_list("workstation_id", "category_id", "collected", "handled", "solved")) == [
        (1, 7, 5, 2, 2),
        (2, None, 1, 1, 1),
    ]
    # and each department row carries its grades summed over authors, a grades-only row added
    departments = new.get_model("stats", "MonthlyDepartmentFigure").objects.order_by("department_id")
    assert list(departments.values_list("department_id", "due", "graded", "grade_a", "grade_b", "grade_c")) == [
        (5, 2, 3, 2, 0, 1),
        (6, 0, 1, 0, 1, 0),
    ]
    # and the built year's waits are its months' together
    yearly = new.get_model("stats", "YearlyResponseWait").objects.all()
    assert list(yearly.values_list("year", "workstation_id", "subtree", "wait_tenths", "petitions")) == [
        (YEAR, 0, True, 15, 5)
    ]
