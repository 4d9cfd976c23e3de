"""Demo users for every function, each with a confirmed authenticator app and backup codes."""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ops.demo.records import upsert
from privacy.models import Function, Organisation, User

DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - public demo password, shown on the login page
TOTP_DEVICE_NAME = "Demo-app"
STATIC_DEVICE_NAME = "Reservecodes"  # the name privacy.views gives the backup-code device
STATIC_TOKEN_COUNT = 10

F = Function
# (email, first name, last name, function, organisation, coordinator's email)
USERS: list[tuple[str, str, str, str, str, str]] = [
    (
        "procesmanager@enschede.demo",
        "Sanne",
        "Kampman",
        F.PROCESMANAGER,
        "Enschede",
        "coordinator@enschede.demo",
    ),
    ("procesmanager@hengelo.demo", "Bart", "Oude Luttikhuis", F.PROCESMANAGER, "Hengelo", ""),
    ("procesmanager@almelo.demo", "Fatima", "El Amrani", F.PROCESMANAGER, "Almelo", ""),
    (
        "procesmanager@vht.demo",
        "Marloes",
        "ter Horst",
        F.PROCESMANAGER,
        "Zorg- en Veiligheidshuis Twente",
        "",
    ),
    ("casuscoordinator@mediant.demo", "Ruud", "Nijhuis", F.CASUSCOORDINATOR, "Mediant GGZ", ""),
    ("casuscoordinator@dimence.demo", "Ingrid", "Brinkhuis", F.CASUSCOORDINATOR, "Dimence", ""),
    (
        "nazorg@enschede.demo",
        "Kevin",
        "Wolters",
        F.CONTACTPERSOON_NAZORG,
        "Enschede",
        "coordinator@enschede.demo",
    ),
    ("mmd@pi-almelo.demo", "Anouk", "Scholten", F.MMD, "PI Almelo", ""),
    ("mmd@pi-zwolle.demo", "Erik", "Veldhuis", F.MMD, "PI Zwolle", ""),
    ("partner@politie.demo", "Jeroen", "Lammerink", F.PARTNER, "Politie Oost-Nederland", ""),
    ("partner@reclassering.demo", "Linda", "Hofman", F.PARTNER, "Reclassering Nederland", ""),
    ("partner@tactus.demo", "Mehmet", "Yilmaz", F.PARTNER, "Tactus Verslavingszorg", ""),
    ("partner@domijn.demo", "Petra", "Pierik", F.PARTNER, "Domijn", ""),
    ("partner@wijkracht.demo", "Joost", "Bosch", F.PARTNER, "Wijkracht", ""),
    ("partner@hengelo.demo", "Ilse", "Smit", F.PARTNER, "Hengelo", ""),
    ("coordinator@enschede.demo", "Hanneke", "Roelofs", F.COORDINATOR, "Enschede", ""),
    ("backoffice@co24.demo", "Daan", "Klein Overmeen", F.BACKOFFICE, "CO24dak back office Twente", ""),
    ("privacy@vht.demo", "Monique", "Haverkamp", F.PRIVACY_OFFICER, "Zorg- en Veiligheidshuis Twente", ""),
    ("beheer@vht.demo", "Tom", "Grobben", F.FUNCTIONEEL_BEHEERDER, "Zorg- en Veiligheidshuis Twente", ""),
]


@dataclass(frozen=True)
class Login:
    email: str
    function: str
    organisation: str
    secret: str
    code: str
    backup_codes: list[str]


def demo_totp_key(email: str) -> str:
    """A fixed 20-byte hex key per demo user, so an authenticator app keeps working after a re-seed."""
    return hashlib.sha1(f"pga-demo-totp:{email}".encode()).hexdigest()  # noqa: S324 - not a password hash


class _DemoPassword:
    """Hash the shared demo password once and check each distinct stored hash once (PBKDF2 is slow)."""

    def __init__(self) -> None:
        self.encoded = ""
        self.checked: dict[str, bool] = {}

    def matches(self, encoded: str) -> bool:
        if encoded not in self.checked:
            self.checked[encoded] = check_password(DEMO_PASSWORD, encoded)
        if self.checked[encoded]:
            self.encoded = encoded
        return self.checked[encoded]

    def hashed(self) -> str:
        if not self.encoded:
            self.encoded = make_password(DEMO_PASSWORD)
        return self.encoded


def _ensure_user(email: str, values: dict[str, object], password: _DemoPassword, tally: Counter[str]) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, None, **values)
        state = "new"
    else:
        user, state = upsert(User, {"pk": user.pk}, {**values, "is_active": True})
    if not password.matches(user.password):
        # A queryset update: the password is not part of the user's history anyway.
        user.password = password.hashed()
        User.objects.filter(pk=user.pk).update(password=user.password)
        state = "changed" if state == "same" else state
    tally[state] += 1
    return user


def _ensure_devices(user: User) -> None:
    key = demo_totp_key(user.email)
    device = TOTPDevice.objects.filter(user=user, name=TOTP_DEVICE_NAME).first()
    if device is None:
        TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, key=key, confirmed=True)
    elif device.key != key or not device.confirmed:
        device.key, device.confirmed = key, True
        device.save(update_fields=["key", "confirmed"])
    static, _created = StaticDevice.objects.get_or_create(
        user=user, name=STATIC_DEVICE_NAME, defaults={"confirmed": True}
    )
    missing = STATIC_TOKEN_COUNT - static.token_set.count()
    if missing > 0:
        StaticToken.objects.bulk_create(
            [StaticToken(device=static, token=StaticToken.random_token()) for _ in range(missing)]
        )


def ensure_users(organisations: dict[str, Organisation]) -> tuple[dict[str, User], Counter[str]]:
    users: dict[str, User] = {}
    tally: Counter[str] = Counter()
    password = _DemoPassword()
    for email, first_name, last_name, function, org_name, _coordinator in USERS:
        admin = function == Function.FUNCTIONEEL_BEHEERDER
        organisation = organisations[org_name]
        values = {
            "first_name": first_name,
            "last_name": last_name,
            "organisation": organisation,
            "function": function,
            "is_staff": admin,
            "is_superuser": admin,
        }
        user = users[email] = _ensure_user(email, values, password, tally)
        # User.save() keeps this in sync; unchanged users are not saved, so make sure here (a no-op if so).
        user.groups.add(organisation.group)
        _ensure_devices(user)
    for email, *_rest, coordinator in USERS:
        if coordinator and users[email].coordinator_id != users[coordinator].pk:
            users[email].coordinator = users[coordinator]
            users[email].save(update_fields=["coordinator"])
    return users, tally


def demo_logins(users: dict[str, User]) -> list[Login]:
    """What a demo user needs for step 2: the app secret, the code of this moment and a few backup codes."""
    logins = []
    for email, *_rest in USERS:
        user = users[email]
        device = TOTPDevice.objects.get(user=user, name=TOTP_DEVICE_NAME)
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        backup = StaticToken.objects.filter(device__user=user, device__name=STATIC_DEVICE_NAME).order_by("pk")
        logins.append(
            Login(
                email=email,
                function=str(user.get_function_display()),
                organisation=str(user.organisation),
                secret=base64.b32encode(device.bin_key).decode(),
                code=f"{code:0{device.digits}d}",
                backup_codes=[token.token for token in backup[:3]],
            )
        )
    return logins
