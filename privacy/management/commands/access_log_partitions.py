"""Create the access log's partitions ahead now (the daily task does the same): after a restore, or before
loading rows of months that have no partition yet."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from privacy.access_log.partitions import MONTHS_AHEAD, access_log_partitions, access_log_partitions_ensure


class Command(BaseCommand):
    help = "Maak de maandpartities van het inzagelog aan (deze maand en de komende maanden)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ahead", type=int, default=MONTHS_AHEAD, help="Aantal maanden vooruit.")

    def handle(self, *args: Any, **options: Any) -> None:
        created = access_log_partitions_ensure(ahead=options["ahead"])
        self.stdout.write(f"{len(created)} partities aangemaakt; {len(access_log_partitions())} in totaal.")
