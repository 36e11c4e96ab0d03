from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.contrib.auth.models import User

from tidings.comments import tasks
from tidings.comments.models import Profile, Report
from tidings.comments.posting import MAX_BODY
from tidings.comments.reporting import MAX_REASON


class SignupForm(UserCreationForm):
    """Username, display name, e-mail and a password Django's validators accept."""

    display_name = forms.CharField(
        max_length=60, help_text="Shown beside your comments. You can use spaces."
    )
    email = forms.EmailField(help_text="Only used to reset your password.")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "email")

    def clean_username(self) -> str:
        """The username as typed, with no word on whether an account has it: sign-up tells
        only the address's holder (see ``signups``)."""
        return self.cleaned_data["username"]

    def validate_unique(self) -> None:
        """Nothing here: uniqueness is for ``signups`` and ``accounts.create_account``, so
        that the page never tells which usernames or addresses exist."""

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("A display name needs some letters.")
        # Display names are shown beside comments, so saying one is taken reveals nothing.
        if Profile.objects.filter(display_name__iexact=name).exists():
            raise forms.ValidationError("That display name is taken; choose another.")
        return name


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with its mails sent by the worker: the request only queues
    account ids, so it takes as long for a known address as for an unknown one."""

    def save(self, **_request_details) -> None:
        # The link is built from BASE_URL in the worker, not from this request's Host.
        for user in self.get_users(self.cleaned_data["email"]):
            tasks.send_password_reset(user.pk)


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Markdown: *emphasis*, **strong**, [links](https://…), > quotes, lists, `code`.",
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EditCommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment", max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 6})
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label="Your password", widget=forms.PasswordInput, strip=False)

    def __init__(self, user: User, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        required=False,
        help_text="What it is for, such as “phone” or “backup script”.",
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with it?",
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose why you report this comment.",
            "invalid_choice": "Choose one of the reasons given.",
        },
    )
    details = forms.CharField(
        label="Anything a moderator should know (optional)",
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommentActionForm(forms.Form):
    """A moderator's step on a comment; moderator_steps says which need a reason."""

    action = forms.ChoiceField(
        choices=[
            ("approve", "Approve"),
            ("hide", "Hide"),
            ("delete", "Delete"),
            ("lock", "Lock"),
            ("unlock", "Unlock"),
            ("dismiss", "Dismiss reports"),
        ]
    )
    reason = forms.CharField(required=False, max_length=MAX_REASON)
    next = forms.CharField(required=False)


# The suspensions a moderator can choose, in days.
SUSPENSION_DAYS = [(1, "1 day"), (7, "7 days"), (30, "30 days")]


class AccountActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("suspend", "Suspend"), ("ban", "Ban"), ("reinstate", "Reinstate")]
    )
    days = forms.TypedChoiceField(
        choices=SUSPENSION_DAYS, coerce=int, required=False, empty_value=None
    )
    reason = forms.CharField(required=False, max_length=MAX_REASON)
    next = forms.CharField(required=False)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("action") == "suspend" and not cleaned.get("days"):
            raise forms.ValidationError("Choose how long the suspension lasts.")
        return cleaned
