"""Issue an API key for a user or for an organisation's system, from the command line. The key is printed
once; only its hash is stored."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from privacy.models import ApiToken, Organisation, User
from privacy.services import api_token_issue


def _user(email: str) -> User:
    try:
        return User.objects.get(email__iexact=email)
    except User.DoesNotExist as exc:
        raise CommandError(f"Geen gebruiker met e-mailadres {email}.") from exc


def _organisation(name: str) -> Organisation:
    try:
        return Organisation.objects.get(name=name)
    except Organisation.DoesNotExist as exc:
        raise CommandError(f"Geen organisatie met de naam {name}.") from exc


class Command(BaseCommand):
    help = (
        "Maakt een API-sleutel voor een gebruiker (--user) of voor het systeem van een organisatie "
        "(--organisation met --service-user) en toont hem één keer. Intrekken kan in het beheer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        owner = parser.add_mutually_exclusive_group(required=True)
        owner.add_argument("--user", metavar="E-MAIL", help="De gebruiker van wie de sleutel is.")
        owner.add_argument("--organisation", metavar="NAAM", help="De organisatie van wie de sleutel is.")
        parser.add_argument(
            "--service-user",
            metavar="E-MAIL",
            help="Bij --organisation: het account van die organisatie waarmee de sleutel werkt.",
        )
        parser.add_argument("--name", required=True, help="Naam of doel van de koppeling.")
        parser.add_argument(
            "--days",
            type=int,
            help="Dagen geldig (standaard API_TOKEN_DAYS_USER of API_TOKEN_DAYS_ORGANISATION).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        token = ApiToken(name=options["name"])
        if options["user"]:
            if options["service_user"]:
                raise CommandError("--service-user hoort bij --organisation.")
            token.user = _user(options["user"])
        else:
            if not options["service_user"]:
                raise CommandError("Geef bij --organisation ook --service-user mee.")
            token.organisation = _organisation(options["organisation"])
            token.service_user = _user(options["service_user"])
        if options["days"] is not None:
            if options["days"] < 1:
                raise CommandError("--days moet minstens 1 zijn.")
            token.expires_at = timezone.now() + datetime.timedelta(days=options["days"])
        try:
            key = api_token_issue(token=token, by=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        expires = timezone.localtime(token.expires_at).strftime("%d-%m-%Y %H:%M")
        keyword = "Bearer" if token.is_organisation_key else "Token"
        self.stdout.write(
            f"API-sleutel '{token.name}' voor {token.owner}, geldig tot {expires}. "
            "Bewaar hem nu: hij wordt niet opnieuw getoond."
        )
        self.stdout.write(key)
        self.stdout.write(f"Gebruik: Authorization: {keyword} <sleutel>")
