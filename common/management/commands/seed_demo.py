from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from common.demo.builder import DEMO_PASSWORD, DemoBuilder


class Command(BaseCommand):
    help = "Write the Yiyang demo (idempotent: running it twice leaves the same data). Local demo only."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with DEBUG off. The demo accounts share one printed password: never on a real server.",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("seed_demo writes accounts with a known password; it runs only with DEBUG on.")
        accounts = DemoBuilder().build()
        # The dashboard reads finished months and past days from its tables; fill them now rather
        # than wait for beat's first sweep.
        call_command("build_monthly_figures", stdout=StringIO())
        self.stdout.write(self.style.SUCCESS("Demo data ready (益阳市委员工作室)."))
        self.stdout.write(f"Demo accounts, password for all: {DEMO_PASSWORD}")
        for role, username, who, try_first in accounts.rows:
            self.stdout.write(
                f"  {username:<12} {role}（{who}）" + (f"\n  {'':<12} 先试：{try_first}" if try_first else "")
            )
