"""python manage.py petition_words [--rebuild]

Segment the petitions that have no words yet (the minute sweep does the same for new ones), or
with --rebuild every petition again (after the office's names changed: new workstations,
departments or categories segment differently), then rebuild the topic candidates' monthly table
(stats.services_candidates)."""

import sys
import time

from django.core.management.base import BaseCommand

from stats.services_candidates import petition_words_backfill


class Command(BaseCommand):
    help = "Segment petitions into words for the topic candidates (backfill, or --rebuild all)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="segment every petition again")
        parser.add_argument("--batch", type=int, default=5000)

    def handle(self, *args, rebuild: bool, batch: int, **options):
        started = time.monotonic()

        def progress(done, total):
            sys.stderr.write(f"\r{done:>9,}/{total:,} petitions {time.monotonic() - started:6.1f} s")
            sys.stderr.flush()

        count = petition_words_backfill(rebuild=rebuild, batch=batch, progress=progress)
        sys.stderr.write("\n")
        self.stdout.write(f"{count:,} petitions segmented in {time.monotonic() - started:.1f} s")
