"""``manage.py destroy_list VV-2026-0007``: run the destruction of an approved list in this process, the same
loop as the Celery task (for operators, and for the kill test). Safe to run again after it was stopped."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from privacy.models import DestructionList
from privacy.services.destruction import MAX_ATTEMPTS, destruction_run


class Command(BaseCommand):
    help = "Vernietig een vastgestelde vernietigingslijst (zelfde werk als de Celery-taak)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("number", help="het nummer van de lijst, bijvoorbeeld VV-2026-0007")
        parser.add_argument("--max-attempts", type=int, default=MAX_ATTEMPTS)
        parser.add_argument("--batch-size", type=int, default=None, help="onderdelen per transactie")
        parser.add_argument("--backoff", type=float, default=2.0, help="seconden tussen twee rondes")

    def handle(self, *args: Any, **options: Any) -> None:
        destruction_list = DestructionList.objects.filter(number=options["number"]).first()
        if destruction_list is None:
            raise CommandError(f"Geen vernietigingslijst {options['number']}.")
        rounds = 0
        while True:
            run = destruction_run(
                destruction_list_id=destruction_list.pk,
                max_attempts=options["max_attempts"],
                batch_size=options["batch_size"],
            )
            rounds += 1
            self.stdout.write(
                f"{destruction_list.number}: {run.destroyed} vernietigd, {run.skipped} overgeslagen, "
                f"{run.retry} opnieuw, {run.failed} mislukt"
            )
            if run.finished or not run.retry or rounds >= options["max_attempts"]:
                break
            time.sleep(options["backoff"] * 2 ** (rounds - 1))
        destruction_list.refresh_from_db()
        self.stdout.write(f"{destruction_list.number}: {destruction_list.get_status_display()}")
