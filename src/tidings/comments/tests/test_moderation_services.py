"""Reports, locks, suspensions, bans and the moderators' steps, through the service modules."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tidings.comments import (
    accounts,
    moderation_lists,
    moderator_steps,
    posting,
    reporting,
    threads,
)
from tidings.comments.models import Comment, ModerationAction, Report
from tidings.comments.refusals import CommentError, NotAllowed


@pytest.fixture
def article(make_article):
    return make_article(title="The harbour wall will be rebuilt")


def comment_by(reader, article, body="The old wall held for ninety years.", parent=None):
    return posting.post_comment(author=reader, target=article, body=body, parent=parent)


def logged(action):
    return list(ModerationAction.objects.filter(action=action))


# Moderators' steps -----------------------------------------------------------------------


def test_each_step_on_a_comment_is_logged_with_who_when_and_why(article, make_reader, moderator):
    author = make_reader()
    comment = comment_by(author, article)
    Report.objects.create(comment=comment, reporter=make_reader(), reason="spam")
    before = timezone.now()
    steps = [
        (moderator_steps.lock, "lock", "Going in circles"),
        (moderator_steps.unlock, "unlock", "Calmer now"),
        (moderator_steps.dismiss_reports, "dismiss", "Not spam"),
        (moderator_steps.hide, "hide", "Personal attack"),
        (moderator_steps.approve, "approve", "On a second look, fair"),
        (moderator_steps.delete_as_moderator, "delete", "Contains a home address"),
    ]
    for step, action, reason in steps:
        step(comment, moderator=moderator, reason=reason)
        entry = ModerationAction.objects.filter(action=action).get()
        assert (entry.comment, entry.user, entry.moderator) == (comment, author, moderator)
        assert entry.reason == reason
        assert entry.at >= before
    assert ModerationAction.objects.count() == len(steps)


def test_each_step_on_an_account_is_logged_with_who_when_and_why(make_reader, moderator):
    reader = make_reader()
    week = timezone.now() + timedelta(days=7)
    moderator_steps.suspend(reader, until=week, moderator=moderator, reason="Flooding threads")
    moderator_steps.reinstate(reader, moderator=moderator, reason="Appeal accepted")
    moderator_steps.ban(reader, moderator=moderator, reason="Threats")
    rows = list(ModerationAction.objects.order_by("id").values_list("action", "user", "reason"))
    assert rows == [
        ("suspend", reader.pk, "Flooding threads"),
        ("reinstate", reader.pk, "Appeal accepted"),
        ("ban", reader.pk, "Threats"),
    ]
    assert {row.moderator for row in ModerationAction.objects.all()} == {moderator}


@pytest.mark.parametrize(
    "step", ["approve", "hide", "delete_as_moderator", "lock", "unlock", "dismiss_reports"]
)
def test_readers_cannot_take_a_moderators_step_on_a_comment(step, article, make_reader):
    reader = make_reader()
    comment = comment_by(make_reader(), article)
    with pytest.raises(NotAllowed):
        getattr(moderator_steps, step)(comment, moderator=reader, reason="Because I can")
    comment.refresh_from_db()
    assert (comment.status, comment.locked_at) == (Comment.Status.VISIBLE, None)
    assert not ModerationAction.objects.exists()


def test_readers_cannot_suspend_ban_or_reinstate(make_reader):
    reader, target = make_reader(), make_reader()
    with pytest.raises(NotAllowed):
        moderator_steps.suspend(
            target, until=timezone.now() + timedelta(days=1), moderator=reader, reason="x"
        )
    with pytest.raises(NotAllowed):
        moderator_steps.ban(target, moderator=reader, reason="x")
    with pytest.raises(NotAllowed):
        moderator_steps.reinstate(target, moderator=reader, reason="x")
    assert accounts.posting_block(target) == ""
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize("step", ["hide", "delete_as_moderator"])
def test_hiding_and_deleting_need_a_reason(step, article, make_reader, moderator):
    comment = comment_by(make_reader(), article)
    with pytest.raises(CommentError, match="Give a reason"):
        getattr(moderator_steps, step)(comment, moderator=moderator, reason="   ")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    assert not ModerationAction.objects.exists()


def test_suspending_and_banning_need_a_reason(make_reader, moderator):
    reader = make_reader()
    with pytest.raises(CommentError, match="Give a reason"):
        moderator_steps.suspend(
            reader, until=timezone.now() + timedelta(days=1), moderator=moderator, reason=""
        )
    with pytest.raises(CommentError, match="Give a reason"):
        moderator_steps.ban(reader, moderator=moderator, reason="")
    assert accounts.posting_block(reader) == ""


def test_hiding_closes_the_open_reports_and_names_who_closed_them(article, make_reader, moderator):
    comment = comment_by(make_reader(), article)
    for reporter in (make_reader(), make_reader()):
        reporting.report_comment(comment, reporter=reporter, reason="abuse")
    moderator_steps.hide(comment, moderator=moderator, reason="Insult")
    assert comment.status == Comment.Status.HIDDEN
    assert {(r.resolved_by, r.resolved_at is not None) for r in comment.reports.all()} == {
        (moderator, True)
    }


def test_approving_a_held_comment_shows_it_to_readers(article, make_reader, moderator, settings):
    settings.TIDINGS = {**settings.TIDINGS, "HOLD_SPAM": 0.0}
    comment = comment_by(make_reader(), article)
    assert comment.status == Comment.Status.HELD
    reader = make_reader()
    assert threads.comment_count(article, reader) == 0
    moderator_steps.approve(comment, moderator=moderator)
    assert threads.comment_count(article, reader) == 1


def test_a_moderators_delete_erases_the_text_and_keeps_the_replies(article, make_reader, moderator):
    comment = comment_by(make_reader(), article, body="My neighbour lives at 12 Elm Road")
    reply = comment_by(make_reader(), article, body="Please don't post that.", parent=comment)
    moderator_steps.delete_as_moderator(comment, moderator=moderator, reason="Personal address")
    comment.refresh_from_db()
    assert (comment.status, comment.body, comment.body_html) == ("deleted", "", "")
    thread = threads.comment_thread(article, make_reader())
    assert [node.comment for node in thread] == [comment]
    assert [node.comment for node in thread[0].replies] == [reply]


def test_steps_with_nothing_to_do_are_refused_and_not_logged(article, make_reader, moderator):
    comment = comment_by(make_reader(), article)
    with pytest.raises(CommentError, match="already visible"):
        moderator_steps.approve(comment, moderator=moderator)
    with pytest.raises(CommentError, match="no open reports"):
        moderator_steps.dismiss_reports(comment, moderator=moderator)
    with pytest.raises(CommentError, match="not locked"):
        moderator_steps.unlock(comment, moderator=moderator)
    moderator_steps.lock(comment, moderator=moderator)
    with pytest.raises(CommentError, match="already locked"):
        moderator_steps.lock(comment, moderator=moderator)
    assert [row.action for row in ModerationAction.objects.all()] == ["lock"]


# Suspensions, bans, locks -------------------------------------------------------------------


def test_a_suspended_reader_cannot_post_edit_or_report_until_it_ends(
    article, make_reader, moderator
):
    reader = make_reader()
    own = comment_by(reader, article)
    other = comment_by(make_reader(), article)
    moderator_steps.suspend(
        reader, until=timezone.now() + timedelta(days=1), moderator=moderator, reason="Spamming"
    )
    assert accounts.is_suspended(reader)
    with pytest.raises(NotAllowed, match="suspended until"):
        comment_by(reader, article, body="One more")
    with pytest.raises(NotAllowed):
        posting.edit_comment(own, editor=reader, body="Changed")
    with pytest.raises(NotAllowed):
        reporting.report_comment(other, reporter=reader, reason="spam")
    assert Comment.objects.filter(author=reader).count() == 1

    reader.profile.suspended_until = timezone.now() - timedelta(seconds=1)
    reader.profile.save()
    assert not accounts.is_suspended(reader)
    assert comment_by(reader, article, body="Back again").status == Comment.Status.VISIBLE


def test_the_block_says_until_when_and_the_moderators_reason(make_reader, moderator):
    reader = make_reader()
    until = timezone.now() + timedelta(days=7)
    moderator_steps.suspend(reader, until=until, moderator=moderator, reason="Repeated insults")
    block = accounts.posting_block(reader)
    assert f"suspended until {accounts.human_time(until)}" in block
    assert block.endswith("The moderators' reason: Repeated insults")


def test_a_banned_reader_cannot_post_until_reinstated(article, make_reader, moderator):
    reader = make_reader()
    moderator_steps.ban(reader, moderator=moderator, reason="Threats")
    assert accounts.is_banned(reader)
    with pytest.raises(NotAllowed, match="banned"):
        comment_by(reader, article)
    moderator_steps.reinstate(reader, moderator=moderator, reason="Apologised")
    assert accounts.posting_block(reader) == ""
    assert comment_by(reader, article).status == Comment.Status.VISIBLE


def test_staff_accounts_cannot_be_suspended_or_banned(make_reader, moderator):
    other_moderator = make_reader(is_staff=True)
    with pytest.raises(NotAllowed, match="Staff accounts"):
        moderator_steps.ban(other_moderator, moderator=moderator, reason="Disagreement")
    with pytest.raises(NotAllowed, match="Staff accounts"):
        moderator_steps.suspend(
            moderator, until=timezone.now() + timedelta(days=1), moderator=moderator, reason="x"
        )
    assert not accounts.is_banned(other_moderator)


def test_an_account_without_a_profile_can_be_suspended(django_user_model, moderator):
    """Accounts made with createsuperuser or in the admin have no profile yet."""
    bare = django_user_model.objects.create_user("bare", password="a-long-enough-secret-9")
    moderator_steps.suspend(
        bare, until=timezone.now() + timedelta(days=1), moderator=moderator, reason="Spam"
    )
    bare.refresh_from_db()
    assert bare.profile.display_name == "bare"
    assert accounts.is_suspended(bare)


def test_a_suspension_must_end_in_the_future_and_reinstating_needs_a_block(make_reader, moderator):
    reader = make_reader()
    with pytest.raises(CommentError, match="future"):
        moderator_steps.suspend(reader, until=timezone.now(), moderator=moderator, reason="Spam")
    with pytest.raises(CommentError, match="neither suspended nor banned"):
        moderator_steps.reinstate(reader, moderator=moderator)


def test_no_reply_is_taken_anywhere_below_a_locked_comment(article, make_reader, moderator):
    reader = make_reader()
    root = comment_by(reader, article, body="Root")
    child = comment_by(reader, article, body="Child", parent=root)
    grandchild = comment_by(reader, article, body="Grandchild", parent=child)
    moderator_steps.lock(child, moderator=moderator, reason="Heated")

    for parent in (child, grandchild):
        with pytest.raises(NotAllowed, match="locked"):
            comment_by(reader, article, body="More", parent=parent)
    assert comment_by(reader, article, body="Beside it", parent=root).parent == root
    thread = threads.comment_thread(article, reader)
    assert thread[0].locked is False
    locked_child, beside = thread[0].replies
    assert (locked_child.locked, locked_child.replies[0].locked, beside.locked) == (
        True,
        True,
        False,
    )

    moderator_steps.unlock(child, moderator=moderator)
    assert comment_by(reader, article, body="Again", parent=grandchild).parent == grandchild


def test_a_comment_in_a_locked_thread_cannot_be_edited(article, make_reader, moderator):
    reader = make_reader()
    root = comment_by(reader, article, body="Root")
    reply = comment_by(reader, article, body="Reply", parent=root)
    moderator_steps.lock(root, moderator=moderator)
    with pytest.raises(NotAllowed, match="locked"):
        posting.edit_comment(reply, editor=reader, body="Rewritten")
    reply.refresh_from_db()
    assert reply.body == "Reply"


# Reports ----------------------------------------------------------------------------------


def test_a_second_report_by_the_same_reader_answers_with_the_first(article, make_reader):
    comment = comment_by(make_reader(), article)
    reporter = make_reader()
    first = reporting.report_comment(comment, reporter=reporter, reason="spam", details="Ads")
    again = reporting.report_comment(comment, reporter=reporter, reason="abuse")
    assert again == first
    assert list(Report.objects.values_list("reason", "details")) == [("spam", "Ads")]


def test_what_cannot_be_reported(article, make_reader, moderator):
    author, reporter = make_reader(), make_reader()
    comment = comment_by(author, article)
    with pytest.raises(CommentError, match="your own"):
        reporting.report_comment(comment, reporter=author, reason="spam")
    with pytest.raises(CommentError, match="why you report"):
        reporting.report_comment(comment, reporter=reporter, reason="boring")
    with pytest.raises(CommentError, match="at most"):
        reporting.report_comment(comment, reporter=reporter, reason="other", details="x" * 1001)
    hidden = comment_by(author, article, body="Something rude")
    moderator_steps.hide(hidden, moderator=moderator, reason="Rude")
    with pytest.raises(CommentError, match="cannot be reported"):
        reporting.report_comment(hidden, reporter=reporter, reason="abuse")
    posting.delete_comment(comment, by=author)
    with pytest.raises(CommentError, match="deleted"):
        reporting.report_comment(comment, reporter=reporter, reason="spam")
    assert not Report.objects.exists()


def test_reports_from_three_readers_hold_the_comment_and_log_why(article, make_reader):
    author = make_reader()
    comment = comment_by(author, article)
    reporters = [make_reader() for _ in range(reporting.REPORTS_TO_HOLD)]
    for reporter, reason in zip(reporters[:-1], ["spam", "abuse"], strict=True):
        reporting.report_comment(comment, reporter=reporter, reason=reason)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    reporting.report_comment(comment, reporter=reporters[-1], reason="spam")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD
    hold = ModerationAction.objects.get(action="hold")
    assert (hold.comment, hold.user, hold.moderator) == (comment, author, None)
    assert hold.reason == "Reported by 3 readers: Spam or advertising (2), Harassment or hate"
    assert threads.comment_count(article, make_reader()) == 0


def test_reports_dismissed_before_do_not_count_towards_a_hold(article, make_reader, moderator):
    comment = comment_by(make_reader(), article)
    for _ in range(2):
        reporting.report_comment(comment, reporter=make_reader(), reason="off_topic")
    moderator_steps.dismiss_reports(comment, moderator=moderator, reason="On topic")
    reporting.report_comment(comment, reporter=make_reader(), reason="off_topic")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE


# The queue --------------------------------------------------------------------------------


def test_the_queue_holds_held_and_reported_comments_longest_waiting_first(
    article, make_reader, moderator, settings
):
    reader = make_reader()
    quiet = comment_by(reader, article, body="Nothing wrong here")
    reported_late = comment_by(reader, article, body="Reported later")
    reported_early = comment_by(reader, article, body="Reported first")
    resolved = comment_by(reader, article, body="Reported and dealt with")
    settings.TIDINGS = {**settings.TIDINGS, "HOLD_SPAM": 0.0}
    held = comment_by(reader, article, body="Held by the scorer")

    now = timezone.now()
    ModerationAction.objects.filter(comment=held).update(at=now - timedelta(hours=3))
    for comment, hours_ago in [(reported_early, 5), (reported_late, 1), (resolved, 9)]:
        report = reporting.report_comment(comment, reporter=make_reader(), reason="spam")
        Report.objects.filter(pk=report.pk).update(created_at=now - timedelta(hours=hours_ago))
    reporting.report_comment(reported_early, reporter=make_reader(), reason="abuse", details="Rude")
    moderator_steps.dismiss_reports(resolved, moderator=moderator)

    queue = list(moderation_lists.moderation_queue())
    assert [c.body for c in queue] == ["Reported first", "Held by the scorer", "Reported later"]
    first = queue[0]
    assert first.open_report_count == 2
    assert [(r.reason, r.details) for r in first.open_reports] == [("spam", ""), ("abuse", "Rude")]
    assert queue[1].open_report_count == 0 and queue[1].moderation_reasons
    assert quiet not in queue

    moderator_steps.hide(queue[0], moderator=moderator, reason="Rude")
    moderator_steps.approve(queue[1], moderator=moderator)
    assert [c.body for c in moderation_lists.moderation_queue()] == ["Reported later"]
