import pytest

from tests.overleg.world import MeetingWorld, make_meeting_world


@pytest.fixture
def mw(db: None) -> MeetingWorld:
    return make_meeting_world()
