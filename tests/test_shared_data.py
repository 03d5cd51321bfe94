"""The tests' access to the shared seeds and corpora (tests/conftest.py shared_data)."""

import pytest

from tests.conftest import shared_data


def test_shared_data_returns_a_path_that_is_there(tmp_path):
    assert shared_data(tmp_path) == tmp_path


def test_shared_data_skips_with_the_path_when_it_is_missing(tmp_path, monkeypatch):
    monkeypatch.delenv("PRESSROOM_REQUIRE_SHARED", raising=False)
    missing = tmp_path / "corpora" / "xss" / "payloads.txt"
    with pytest.raises(pytest.skip.Exception, match="payloads.txt is not there"):
        shared_data(missing)


def test_shared_data_fails_when_ci_requires_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSROOM_REQUIRE_SHARED", "1")
    with pytest.raises(pytest.fail.Exception, match="PRESSROOM_REQUIRE_SHARED=1 needs it"):
        shared_data(tmp_path / "seeds" / "000.txt")
