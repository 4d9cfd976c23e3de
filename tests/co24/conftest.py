import pytest

from tests.co24.world import Co24World, make_co24_world


@pytest.fixture
def cw(db: None) -> Co24World:
    return make_co24_world()
