from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User

from tidings.comments.services import MAX_BODY


class SignupForm(UserCreationForm):
    """Username, display name, e-mail and a password Django's validators accept."""

    display_name = forms.CharField(
        max_length=60, help_text="Shown beside your comments. You can use spaces."
    )
    email = forms.EmailField(help_text="Only used to reset your password.")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "email")

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("A display name needs some letters.")
        return name


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
