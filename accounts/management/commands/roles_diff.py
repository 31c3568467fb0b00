"""`manage.py roles_diff`: where the role groups in the database differ from accounts/roles.py."""

from django.core.management.base import BaseCommand

from accounts.roles import role_group_name, roles_diff


class Command(BaseCommand):
    help = (
        "Show, per role, the permissions the code gives that its group lacks (added at the next migrate) "
        "and those an administrator added to the group (kept). Exit status 1 with --check if any differ."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="exit with status 1 when any group differs")

    def handle(self, *args, check=False, **options):
        differs = False
        for role, diff in roles_diff().items():
            name = role_group_name(role)
            if not diff.group_exists:
                self.stdout.write(f"{name} ({role.value}): no group yet (created at the next migrate)")
            elif not diff.missing and not diff.extra:
                self.stdout.write(f"{name} ({role.value}): as in the code")
                continue
            else:
                self.stdout.write(f"{name} ({role.value}):")
            differs = True
            for permission in diff.missing:
                self.stdout.write(f"  - {permission}  (in the code, missing from the group)")
            for permission in diff.extra:
                self.stdout.write(f"  + {permission}  (added to the group, not in the code)")
        if check and differs:
            raise SystemExit(1)
