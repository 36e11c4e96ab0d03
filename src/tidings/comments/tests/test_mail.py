"""Where mail goes: files under TIDINGS_HOME by default, the console, or an SMTP server."""

import pytest

from tidings.config import ConfigError
from tidings.locations import email_from_url, email_sender

FILES = "django.core.mail.backends.filebased.EmailBackend"


def test_without_a_setting_mail_is_written_to_files_under_home(tmp_path):
    assert email_from_url("", tmp_path) == {
        "EMAIL_BACKEND": FILES,
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }


def test_file_and_console_urls(tmp_path):
    assert email_from_url("file:///var/mail/tidings", tmp_path) == {
        "EMAIL_BACKEND": FILES,
        "EMAIL_FILE_PATH": "/var/mail/tidings",
    }
    assert email_from_url("console:", tmp_path) == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
    }


def test_smtp_url_gives_server_account_and_encryption(tmp_path):
    assert email_from_url("smtp://news:s%40cret@mail.example:2525?tls=1&timeout=5", tmp_path) == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example",
        "EMAIL_PORT": 2525,
        "EMAIL_HOST_USER": "news",
        "EMAIL_HOST_PASSWORD": "s@cret",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 5,
    }
    ssl = email_from_url("smtp://mail.example?ssl=1", tmp_path)
    assert (ssl["EMAIL_PORT"], ssl["EMAIL_USE_SSL"], ssl["EMAIL_HOST_USER"]) == (465, True, "")
    assert email_from_url("smtp://mail.example?tls=1", tmp_path)["EMAIL_PORT"] == 587
    assert email_from_url("smtp://localhost", tmp_path)["EMAIL_PORT"] == 25


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("imap://mail.example", "scheme 'imap' is not supported"),
        ("smtp://", "needs a host"),
        ("smtp://mail.example?tls=1&ssl=1", "not both"),
        ("smtp://mail.example?tls=yes", "tls='yes' must be 1 or 0"),
        ("smtp://mail.example?starttls=1", "option starttls is not known"),
        ("smtp://mail.example?timeout=soon", "timeout='soon' is not whole seconds"),
        ("smtp://mail.example:port", "port that is not a number"),
        ("file://relative/mail", "file:///path"),
    ],
)
def test_bad_mail_urls_are_refused_in_words(tmp_path, url, words):
    with pytest.raises(ConfigError, match=words):
        email_from_url(url, tmp_path)


def test_the_sender_may_carry_a_name_but_must_be_an_address():
    assert email_sender("News desk <news@example.org>") == "News desk <news@example.org>"
    with pytest.raises(ConfigError, match="is not an e-mail address"):
        email_sender("the newsroom")


@pytest.fixture
def mail_to_files(settings, tmp_path):
    """The default mail settings of a fresh install, with TIDINGS_HOME in tmp_path (tests
    otherwise keep mail in memory)."""
    for name, value in email_from_url("", tmp_path).items():
        setattr(settings, name, value)
    return tmp_path / "mail"


def test_a_password_reset_writes_a_mail_file_with_the_link(client, make_reader, mail_to_files):
    reader = make_reader()

    response = client.post("/accounts/password_reset/", {"email": reader.email})

    assert response.status_code == 302
    [mail] = list(mail_to_files.iterdir())
    text = mail.read_text()
    assert f"To: {reader.email}" in text
    assert "From: tidings@localhost" in text
    assert "/accounts/reset/" in text


def test_a_reset_for_an_unknown_address_answers_the_same_and_sends_nothing(
    client, make_reader, mail_to_files
):
    make_reader()
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.org"})
    assert (response.status_code, response["Location"]) == (302, "/accounts/password_reset/done/")
    assert not mail_to_files.exists() or not list(mail_to_files.iterdir())
