import pytest

from tests.nazorg.world import NazorgWorld, make_nazorg_world


@pytest.fixture
def nw(db: None) -> NazorgWorld:
    return make_nazorg_world()
