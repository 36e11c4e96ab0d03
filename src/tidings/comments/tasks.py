"""Mail about accounts, sent by the worker: thin Huey tasks that take ids and addresses."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from tidings.comments import account_mail


@db_task()
def send_signup_link(pending_id: int) -> None:
    account_mail.mail_signup_link(pending_id)


@db_task()
def send_address_taken(email: str) -> None:
    account_mail.mail_address_taken(email)


@db_task()
def send_username_taken(email: str, username: str) -> None:
    account_mail.mail_username_taken(email, username)


@db_task()
def send_password_reset(user_id: int) -> None:
    account_mail.mail_password_reset(user_id)
