"""python manage.py build_monthly_figures [--months N]

Rebuild the monthly table the trend reads (stats.models.MonthlyFigure) for the last N finished
months, e.g. after a bulk import. The beat sweep keeps it current afterwards."""

import datetime
import time

from django.core.management.base import BaseCommand

from stats.services import current_month, monthly_figures_refresh


class Command(BaseCommand):
    help = "Rebuild the monthly statistics table for the last N finished months."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=25)

    def handle(self, *args, months: int, **options):
        started = time.monotonic()
        wanted, month = [], current_month()
        for _ in range(months):
            month = (month - datetime.timedelta(days=1)).replace(day=1)
            wanted.append(month)
        rows = monthly_figures_refresh(months=wanted)
        self.stdout.write(f"{len(wanted)} months, {rows:,} rows in {time.monotonic() - started:.1f} s")
