import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tidings.readers.app_passwords import (
    app_password_for_token,
    create_app_password,
    revoke_app_password,
    sign_in,
    sign_in_fever,
    token_for,
)


def test_an_app_password_signs_in_and_the_login_password_does_not(make_reader):
    reader = make_reader(username="ada", password="login-secret-123456")
    password = create_app_password(reader, "newsboat")
    assert sign_in("ada", password).reader == reader
    assert sign_in(reader.email.upper(), password).reader == reader
    assert sign_in("ada", "login-secret-123456") is None
    assert sign_in("ada", "") is None
    assert sign_in("nobody", password) is None


def test_a_token_ends_with_its_app_password(make_reader):
    reader = make_reader()
    create_app_password(reader, "phone")
    app_password = reader.app_passwords.get()
    token = token_for(app_password)
    assert app_password_for_token(token) == app_password
    assert app_password_for_token(token[:-1] + ("0" if token[-1] != "0" else "1")) is None
    assert app_password_for_token("garbage") is None
    assert revoke_app_password(reader, app_password.id)
    assert app_password_for_token(token) is None


def test_an_inactive_account_cannot_sign_in(make_reader):
    reader = make_reader(username="gone")
    password = create_app_password(reader, "phone")
    reader.is_active = False
    reader.save()
    assert sign_in("gone", password) is None
    assert sign_in_fever(hashlib.md5(f"gone:{password}".encode()).hexdigest()) is None


def test_fever_key_is_md5_of_username_and_password(make_reader):
    reader = make_reader(username="kim")
    password = create_app_password(reader, "reeder")
    key = hashlib.md5(f"kim:{password}".encode()).hexdigest()
    assert sign_in_fever(key.upper()).reader == reader
    assert sign_in_fever("0" * 32) is None
    assert reader.app_passwords.get().last_used is not None


@pytest.mark.parametrize("label", ["", "   ", "x" * 101])
def test_a_bad_label_is_refused(make_reader, label):
    with pytest.raises(ValueError):
        create_app_password(make_reader(), label)


def test_the_command_prints_the_password_once(make_reader):
    reader = make_reader(username="lee")
    out, err = io.StringIO(), io.StringIO()
    call_command("app-password", "LEE", "--label", "newsboat", stdout=out, stderr=err)
    password = out.getvalue().strip()
    assert sign_in("lee", password).reader == reader
    assert "shown only now" in err.getvalue()
    assert password not in err.getvalue()
    with pytest.raises(CommandError, match="No account"):
        call_command("app-password", "nobody", stdout=out, stderr=err)


def test_each_of_several_app_passwords_signs_in_as_itself(make_reader):
    reader = make_reader(username="Ada")
    phone, laptop = create_app_password(reader, "phone"), create_app_password(reader, "laptop")
    assert sign_in("ada", phone).label == "phone"
    assert sign_in("ADA", laptop).label == "laptop"
    assert sign_in("ada", phone + "x") is None
