import pytest
from django.core.exceptions import ValidationError

from privacy.models import Organisation, OrganisationType
from tests.factories import OrganisationFactory, UserFactory


def test_a_user_is_in_the_group_of_their_organisation_only(db):
    first, second = OrganisationFactory(name="Eerste"), OrganisationFactory(name="Tweede")
    user = UserFactory(organisation=first)
    assert list(user.groups.all()) == [first.group]
    user.organisation = second
    user.save()
    assert list(user.groups.all()) == [second.group]


def test_a_gemeente_needs_a_valid_cbs_code(db):
    with pytest.raises(ValidationError):
        Organisation(name="Gemeente Zonder Code", type=OrganisationType.GEMEENTE).full_clean()
    with pytest.raises(ValidationError, match="GM"):
        Organisation(name="Gemeente X", type=OrganisationType.GEMEENTE, cbs_code="0153").full_clean()
    Organisation(name="Gemeente Enschede", type=OrganisationType.GEMEENTE, cbs_code="GM0153").full_clean()
