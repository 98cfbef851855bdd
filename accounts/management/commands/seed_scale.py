"""Seed "one university over three years" for benchmarks: ``manage.py seed_scale [--scale 1] [--seed 2026]``.

At ``--scale 1``: 45,000 students, 500 enterprises each with a base (the largest ~2,000 students,
a long tail of small ones), ~1,200 agreements, 9,000 mentors, ~45,000 placements and ~400,000
monthly assessments with their allowance payments. ``--scale 0.01`` gives 1% (with minimums, so
every kind of record exists). The data is deterministic: the same ``--seed`` and ``--today``
(default: today's date) give the same rows, because every date is counted from ``--today``.
See ``accounts/scale.py``.

If a previous run finished (the ``scale-office`` login exists), it prints "already seeded" and
exits with status 0, so a benchmark can call it unconditionally. Every login shares
``--password``.
"""

import datetime as dt
import time
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.scale import (
    DEFAULT_PASSWORD,
    DEFAULT_SEED,
    ScaleConfig,
    ScaleError,
    build_plan,
    load,
    scale_landmarks,
    seeded_state,
)
from oversight.cache import everything_changed


def _scale(value: str) -> float:
    scale = float(value)
    if not 0 < scale <= 10:
        raise ArgumentTypeError("the scale is a number above 0 and at most 10")
    return scale


class Command(BaseCommand):
    help = "Seed a large, deterministic dataset (one university, three years) for benchmarks."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--scale", type=_scale, default=1.0, help="1 = 45,000 students (default 1).")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"Random seed (default {DEFAULT_SEED}).")
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="The day every date is counted from, YYYY-MM-DD (default: today).",
        )
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help=f"Password of every login (default {DEFAULT_PASSWORD})."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        state = seeded_state()
        if state == "complete":
            self.stdout.write("already seeded; nothing changed.")
            self.print_landmarks()
            return
        if state == "partial":
            raise CommandError("A previous seed_scale run did not finish (scale-* logins exist); use a fresh database.")
        config = ScaleConfig(
            today=options["today"] or timezone.localdate(),
            scale=options["scale"],
            seed=options["seed"],
            password=options["password"],
        )
        self.stdout.write(f"Seeding scale {config.scale:g}, seed {config.seed}, today {config.today:%Y-%m-%d} …")
        started = time.monotonic()
        plan = build_plan(config)
        self.stdout.write(f"  planned in {time.monotonic() - started:.1f} s")
        try:
            counts = load(plan, self.stdout.write)
        except ScaleError as exc:
            raise CommandError(str(exc)) from exc
        # bulk_create sends no signals: the compliance findings the cache holds for these ids are someone else's.
        everything_changed()
        self.stdout.write(self.style.SUCCESS(f"Seeded in {time.monotonic() - started:.1f} s."))
        for label, count in sorted(counts.items()):
            self.stdout.write(f"  {label:<40} {count:>9,}")
        self.stdout.write(f"Every login's password: {config.password}")
        self.print_landmarks()

    def print_landmarks(self) -> None:
        self.stdout.write("Landmarks:")
        for key, value in scale_landmarks().items():
            self.stdout.write(f"  {key:<32} {value}")
