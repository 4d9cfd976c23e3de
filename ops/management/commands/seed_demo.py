"""Fill the database with synthetic Twente demo data and print the demo logins. Safe to run again."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ops.demo.cases import ensure_cases
from ops.demo.co24 import ensure_co24
from ops.demo.nazorg import ensure_nazorg
from ops.demo.organisations import ensure_organisations
from ops.demo.overleg import ensure_overleg
from ops.demo.plans import ensure_plans
from ops.demo.users import DEMO_PASSWORD, Login, demo_logins, ensure_users


def _tally(counts: Counter[str]) -> str:
    return ", ".join(f"{counts[key]} {label}" for key, label in (("new", "nieuw"), ("changed", "bijgewerkt"),
                                                                  ("same", "ongewijzigd")))  # fmt: skip


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    return [line(headers), "  ".join("-" * width for width in widths), *(line(row) for row in rows)]


class Command(BaseCommand):
    help = (
        "Vult de database met synthetische demodata (Twentse gemeenten, ketenpartners, gebruikers met "
        "tweestapsverificatie, cliënten en casussen) en toont de demo-logins. Opnieuw draaien is veilig."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ook buiten DEMO_MODE (demo-accounts hebben een bekend wachtwoord en vaste TOTP-sleutels).",
        )
        parser.add_argument("--no-logins", action="store_true", help="Toon de tabel met logins niet.")

    def handle(self, *args: Any, force: bool = False, no_logins: bool = False, **options: Any) -> None:
        if not (settings.DEMO_MODE or force):
            raise CommandError(
                "seed_demo maakt accounts met een openbaar wachtwoord en vaste TOTP-sleutels. "
                "Zet DEMO_MODE=true (config.settings.dev doet dat) of geef --force mee."
            )
        with transaction.atomic():
            organisations, org_counts = ensure_organisations()
            users, user_counts = ensure_users(organisations)
            case_counts = ensure_cases(users, organisations)
            plans_made = ensure_plans(users)
            nazorg_counts = ensure_nazorg(users, organisations)
            co24_counts = ensure_co24(users, organisations)
            overleg_counts = ensure_overleg(users, organisations)
        self.stdout.write(f"Organisaties: {_tally(org_counts)}")
        self.stdout.write(f"Gebruikers:   {_tally(user_counts)}")
        self.stdout.write(f"Casussen:     {case_counts['new']} nieuw, {case_counts['same']} al aanwezig")
        self.stdout.write(f"Plannen:      {plans_made} nieuw")
        self.stdout.write(f"Detenties:    {nazorg_counts['new']} nieuw, {nazorg_counts['same']} al aanwezig")
        self.stdout.write(
            f"CO24dak:      {co24_counts['new']} casussen aangemeld, {co24_counts['same']} al aanwezig"
        )
        self.stdout.write(
            f"Overleggen:   {overleg_counts['new']} nieuw"
            + (" (de reeks bestond al)" if overleg_counts["same"] else "")
        )
        if not no_logins:
            self._print_logins(demo_logins(users))

    def _print_logins(self, logins: list[Login]) -> None:
        write = self.stdout.write
        write("")
        write(self.style.MIGRATE_HEADING("Demo-logins (alle accounts hebben hetzelfde wachtwoord)"))
        rows = [
            [
                login.email,
                login.function,
                login.organisation,
                DEMO_PASSWORD,
                login.code,
                " ".join(login.backup_codes),
            ]
            for login in logins
        ]
        for text in _table(
            ["E-mail", "Functie", "Organisatie", "Wachtwoord", "TOTP nu", "Reservecodes"], rows
        ):
            write(text)
        write("")
        write(
            "Stap 2 van het inloggen: de 'TOTP nu'-code geldt ongeveer een minuut, een reservecode één keer. "
            "Nieuwe codes: draai seed_demo opnieuw (vult de reservecodes aan tot 10)."
        )
        write("Of zet het geheim hieronder in een authenticator-app (TOTP, 6 cijfers, 30 seconden):")
        write("")
        for text in _table(
            ["E-mail", "TOTP-geheim (base32)"], [[login.email, login.secret] for login in logins]
        ):
            write(text)
