"""The scorer on comments written for these tests: clear cases, reasons, rules, thresholds."""

import math
import socket
import time

import pytest

from tidings.comments.moderation import ModerationScore, Thresholds, score_comment
from tidings.comments.moderation.features import comment_features
from tidings.comments.moderation.model import SHIPPED
from tidings.comments.moderation.scorer import shipped_models

SPAM = (
    "Check out my new music video http://bit.ly/3xAbc and subscribe to my channel!!!! "
    "http://youtube.com/c/bestbeats"
)
HAM = (
    "The council's budget leaves the transit deficit where it was; I'd like to see what "
    "next year's numbers look like before judging it."
)
TOXIC = "You are a pathetic idiot and a liar, shut up."
CIVIL = "I disagree with the author, but the point about housing costs is well made."
PROMOTION = "Come and read what I wrote about this election on my blog today, friends"


def test_obvious_spam_is_spam_and_held():
    score = score_comment(SPAM)
    assert score.spam > 0.95
    assert score.hold


@pytest.mark.parametrize("text", [HAM, CIVIL, "Thank you!", "I agree with you."])
def test_ordinary_comments_are_neither_spam_nor_toxic(text):
    score = score_comment(text)
    assert score.spam < 0.5 and score.toxic < 0.5
    assert not score.hold
    assert score.reasons == []


def test_an_insult_is_toxic_and_held_with_its_words_named():
    score = score_comment(TOXIC)
    assert score.toxic > 0.95 and score.spam < 0.5
    assert score.hold
    assert "pattern: uses abusive words ('idiot, liar, pathetic')" in score.reasons
    assert "pattern: aims an insult at someone ('pathetic')" in score.reasons
    assert "pattern: tells someone to shut up or go away ('shut up')" in score.reasons
    assert any(r.startswith("toxic score driven by: [abusive words]") for r in score.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "gay people deserve equal rights",
        "I am a proud black woman and a muslim",
        "Jews and Christians live side by side in my street",
    ],
)
def test_naming_a_group_of_people_is_not_toxic(text):
    assert score_comment(text).toxic < 0.6


def test_reasons_give_the_link_count_and_the_matched_patterns():
    reasons = score_comment(SPAM).reasons
    assert "links: 2" in reasons
    assert "pattern: asks readers to subscribe ('subscribe')" in reasons
    assert "pattern: asks readers to look at something ('check out')" in reasons
    assert "pattern: stretches a character ('!!!!')" in reasons
    driven = next(r for r in reasons if r.startswith("spam score driven by: "))
    assert "[subscribe]" in driven and "[links]" in driven


def test_links_counted_by_the_caller_replace_the_count_from_the_text():
    plain = score_comment(HAM)
    linked = score_comment(HAM, links=3)
    assert "links: 3" in linked.reasons and not any("links" in r for r in plain.reasons)
    assert linked.spam > plain.spam


def test_posting_the_same_text_again_raises_spam():
    alone = score_comment(PROMOTION)
    once = score_comment(PROMOTION, history=["Nice photo", PROMOTION])
    twice = score_comment(PROMOTION, history=[PROMOTION, PROMOTION.upper() + "!"])
    assert alone.spam < once.spam < twice.spam
    assert "repetition: the same text was posted once before" in once.reasons
    assert "repetition: the same text was posted 2 times before" in twice.reasons
    assert twice.hold


def test_short_replies_said_again_are_not_repetition():
    assert score_comment("Thanks!", history=["Thanks!", "Thanks!"]) == score_comment("Thanks!")


def test_a_new_account_raises_spam_and_says_so():
    old = score_comment(PROMOTION, account_age_days=400)
    new = score_comment(PROMOTION, account_age_days=0.25)
    assert new.spam > old.spam == score_comment(PROMOTION).spam
    assert "new account: 0.2 days old" in new.reasons


def test_thresholds_decide_what_is_held():
    score = score_comment(PROMOTION)
    assert 0.05 < score.spam < 0.95 and score.toxic < 0.5
    at_score = Thresholds(spam=score.spam, toxic=1.0)
    just_above = Thresholds(spam=math.nextafter(score.spam, 1.0), toxic=1.0)
    assert score_comment(PROMOTION, thresholds=at_score).hold
    assert not score_comment(PROMOTION, thresholds=just_above).hold
    assert score_comment(CIVIL, thresholds=Thresholds(spam=1.0, toxic=0.0)).hold


@pytest.mark.parametrize("text", [SPAM, HAM, TOXIC, "", "   ", "🙂🙂🙂", "a" * 20_000])
def test_scores_are_probabilities_and_the_same_every_time(text):
    first, second = score_comment(text), score_comment(text)
    assert isinstance(first, ModerationScore)
    assert first == second
    assert 0.0 <= first.spam <= 1.0 and 0.0 <= first.toxic <= 1.0


def test_weights_load_from_the_package_without_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the scorer tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    shipped_models.cache_clear()
    models = shipped_models()
    assert SHIPPED.parent.name == "data" and SHIPPED.parent.parent.name == "moderation"
    assert SHIPPED.stat().st_size < 2_000_000
    assert set(models) == {"spam", "toxic"}
    assert all(len(model.terms) > 1000 for model in models.values())
    assert score_comment(SPAM).spam > 0.95


def test_disguised_and_stretched_abusive_words_are_found():
    found = next(
        m
        for m in comment_features("ur such a stuuupid a$$hole, f*ck off").matches
        if m.name == "abusive_words"
    )
    assert found.excerpt == "asshole, fuck, stupid"


def test_words_naming_a_group_are_not_read_by_the_models():
    assert comment_features("Muslims and gay people").tokens == ("people",)


@pytest.mark.parametrize(
    "text", ["a." * 5000, "a-" * 5000, "1" * 10_000, "!" * 10_000, "a@a." * 2500, "+1" * 5000]
)
def test_long_hostile_comments_are_scored_quickly(text):
    started = time.perf_counter()
    score_comment(text)
    assert time.perf_counter() - started < 1.0


SHOUTED_ADVERT = "HUGE SALE ON GARDEN FURNITURE THIS WEEKEND ONLY, ORDER NOW AT WWW.PATIO-DEALS.NET"
POLITE_WITH_LINK = (
    "Good summary. The council published the full budget here if anyone wants the detail: "
    "https://example.org/budget-2024.pdf"
)


def test_an_all_caps_advertisement_is_spam_not_toxic():
    score = score_comment(SHOUTED_ADVERT)
    assert score.spam >= Thresholds().spam > score.toxic  # held, as spam only
    assert score.toxic == score_comment(SHOUTED_ADVERT.lower()).toxic  # case is no insult
    assert score.spam > score_comment(SHOUTED_ADVERT.lower()).spam  # shouting is a spam signal


def test_links_leave_the_toxic_score_alone():
    score = score_comment(POLITE_WITH_LINK)
    without_link = score_comment(POLITE_WITH_LINK.rsplit(": ", 1)[0] + ".")
    assert score.toxic < 0.5 and "links: 1" in score.reasons
    assert score.toxic == pytest.approx(without_link.toxic)
    assert score_comment(POLITE_WITH_LINK, links=5).toxic == score.toxic


def test_an_attack_on_who_people_are_is_toxic_and_says_so():
    score = score_comment("Refugees? Those immigrants are filthy vermin, every one of them")
    assert score.toxic > 0.9 and score.hold
    assert "pattern: aims an insult at a group of people ('filthy')" in score.reasons
