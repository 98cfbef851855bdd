"""Create or update the role groups and their permissions (also runs after every migrate)."""

from django.core.management.base import BaseCommand

from accounts.roles import roles_sync


class Command(BaseCommand):
    help = "Create the role groups and set their permissions from accounts.roles. Safe to run again."

    def handle(self, *args: object, **options: object) -> None:
        groups = roles_sync(strict=True)
        self.stdout.write(self.style.SUCCESS(f"{len(groups)} roles in place."))
