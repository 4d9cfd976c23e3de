"""Idempotent submissions: a retry with the same ``Idempotency-Key`` gets the stored answer, nothing twice.

The key is claimed (inserted) before the work is done, in the same transaction as the work. A concurrent
request with the same key waits on the unique index until the first one commits, then replays its answer;
if the first one fails, its claim is rolled back with everything else. Only successful answers are kept:
a refused request created nothing, so sending it again (corrected or not) is safe.

Semantics follow the IETF draft "The Idempotency-Key HTTP Header Field": missing key 400, the same key
with another request 422. A stored answer holds detainee data, so it is kept only as long as a retry is
plausible (``KEEP``): ``idempotency_purge`` removes older ones and is meant to run daily."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from nazorg.models import IdempotencyRecord
from privacy.models import ApiToken

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 100
REPLAYED_HEADER = "Idempotent-Replayed"
KEEP = datetime.timedelta(days=7)


class KeyReused(APIException):
    status_code = 422
    default_code = "idempotency_key_reused"
    default_detail = gettext_lazy(
        "Deze Idempotency-Key is al gebruikt voor een ander verzoek. Gebruik een nieuwe sleutel."
    )

    def __init__(self) -> None:
        super().__init__({HEADER: [self.default_detail]})


class _Taken(Exception):
    pass


class _Undo(Exception):
    def __init__(self, response: Response) -> None:
        super().__init__()
        self.response = response


def fingerprint(request: Request) -> str:
    """The request as the key promises it: method, path and the JSON body in canonical form."""
    canonical = json.dumps(
        {"method": request.method, "path": request.path, "body": request.data},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        cls=DjangoJSONEncoder,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _key(request: Request, *, required: bool) -> str:
    key = request.headers.get(HEADER, "").strip()
    if not key and required:
        raise ValidationError(
            {HEADER: [_("Geef een Idempotency-Key mee: een unieke waarde per inzending, bijv. een UUID.")]}
        )
    if len(key) > MAX_KEY_LENGTH:
        raise ValidationError({HEADER: [_("Maximaal %(n)d tekens.") % {"n": MAX_KEY_LENGTH}]})
    return key


def _stored(organisation_id: int, key: str) -> IdempotencyRecord | None:
    return IdempotencyRecord.objects.filter(organisation_id=organisation_id, key=key).first()


def _claim(organisation_id: int, key: str, digest: str) -> IdempotencyRecord:
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(
                organisation_id=organisation_id, key=key, request_hash=digest, status_code=0, body={}
            )
    except IntegrityError as exc:
        raise _Taken from exc


def _replay(record: IdempotencyRecord, digest: str, on_replay: Callable[[Any], None]) -> Response:
    if record.request_hash != digest:
        raise KeyReused()
    on_replay(record.body)
    return Response(record.body, status=record.status_code, headers={REPLAYED_HEADER: "true"})


def idempotent(
    request: Request,
    *,
    run: Callable[[], Response],
    on_replay: Callable[[Any], None],
    required: bool = True,
) -> Response:
    """Answer with ``run()``, once per key. ``on_replay`` gets a stored body before it is sent again (to
    write the access log: a replay shows the detainee's data again)."""
    key = _key(request, required=required)
    if not key:
        with transaction.atomic():
            return run()
    token = request.auth
    assert isinstance(token, ApiToken) and token.organisation_id is not None  # organisation keys only
    organisation_id = token.organisation_id
    digest = fingerprint(request)
    record = _stored(organisation_id, key)
    if record is not None:
        return _replay(record, digest, on_replay)
    try:
        with transaction.atomic():
            record = _claim(organisation_id, key, digest)
            response = run()
            if response.status_code >= 400:
                raise _Undo(response)
            record.status_code = response.status_code
            record.body = json.loads(JSONRenderer().render(response.data))
            record.save(update_fields=["status_code", "body"])
    except _Taken:
        record = _stored(organisation_id, key)
        assert record is not None  # the insert only fails once the other request has committed
        return _replay(record, digest, on_replay)
    except _Undo as undo:
        return undo.response
    return response


def idempotency_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete stored answers older than ``KEEP``; after that a key may be used again. Returns the count."""
    cutoff = (now or timezone.now()) - KEEP
    deleted, _by_model = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
