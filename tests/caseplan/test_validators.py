import pytest
from django.core.exceptions import ValidationError

from common.validators import bsn_is_valid, validate_bsn


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999996356"])
def test_valid_bsns_pass_the_eleven_proof(bsn):
    assert bsn_is_valid(bsn)
    validate_bsn(bsn)


@pytest.mark.parametrize(
    ("bsn", "message"),
    [
        ("123456789", "elfproef"),
        ("111222334", "elfproef"),
        ("000000000", "elfproef"),
        ("12345678", "precies 9 cijfers"),
        ("12345678a", "precies 9 cijfers"),
    ],
)
def test_malformed_bsns_get_a_clear_message(bsn, message):
    with pytest.raises(ValidationError, match=message):
        validate_bsn(bsn)
