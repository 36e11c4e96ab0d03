from django import template
from django.contrib.auth.models import User

from tidings.comments import accounts, posting, threads
from tidings.comments.models import Comment

register = template.Library()


@register.filter
def author_name(user: User | None) -> str:
    return accounts.display_name(user)


@register.filter
def editable_by(comment: Comment, user: threads.Viewer) -> bool:
    return posting.can_edit(comment, user)


@register.filter
def account_standing(user: User) -> str:
    return accounts.standing(user)
