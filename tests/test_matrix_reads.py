"""The permission matrix checks the access log on its GET rows (tests/matrix_check.py). A route with write
rows only must then answer no GET at all: otherwise it could show client data that no test sees logged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.test_permission_matrix import MATRIX
from tests.world import World, verified_client

WRITE_ONLY = sorted(name for name, checks in MATRIX.items() if all(check.method != "get" for check in checks))


@pytest.mark.parametrize("name", WRITE_ONLY)
def test_a_route_without_a_get_row_answers_no_get(world: World, name: str):
    check = MATRIX[name][0]
    url = reverse(name, kwargs=check.kwargs(world))
    http = verified_client(check.actors(world)["owner"]) if check.actors else world.client_for("owner")
    status = http.get(url).status_code
    refused_anyway = check.owner if check.owner >= 400 else 405  # the prison API: no session gets in
    assert status in (405, refused_anyway), (
        f"{name} answers GET with {status}: give it a GET row in the matrix"
    )
