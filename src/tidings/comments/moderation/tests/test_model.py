"""Training and storing the linear models, on a few comments made up for the purpose."""

import pytest

from tidings.comments.moderation.features import comment_features
from tidings.comments.moderation.model import fit, load, save

SPAMMY = [
    "subscribe to my channel for free beats",
    "check out my channel and subscribe",
    "free gift cards, visit my page",
    "subscribe subscribe my channel",
]
CHATTY = [
    "what a lovely song this is",
    "the chorus reminds me of summer",
    "this song never gets old",
    "lovely voice and a great chorus",
]
EXAMPLES = [comment_features(text) for text in SPAMMY + CHATTY]
LABELS = [True] * len(SPAMMY) + [False] * len(CHATTY)


def trained(**options):
    return fit(EXAMPLES, LABELS, **{"l2": 1e-3, "keep": 50, **options})


def test_a_fitted_model_separates_what_it_learned():
    model = trained()
    spam = model.probability(comment_features("please subscribe to my channel"))
    chat = model.probability(comment_features("such a lovely chorus"))
    assert spam > 0.5 > chat


def test_training_is_deterministic_and_keeps_only_the_strongest_terms():
    first, second = trained(), trained()
    assert first == second
    assert len(first.terms) == 50


def test_signals_a_model_may_not_use_keep_a_weight_of_zero():
    model = trained(signals=("links",))
    assert [w for w in model.signals if w] == []  # no links in these comments
    assert trained().signals != model.signals


def test_saved_models_load_back_the_same(tmp_path):
    model = trained()
    path = tmp_path / "weights.npz"
    save({"spam": model}, path, about={"sets": ["made up"]})
    loaded, about = load(path)
    assert about == {"sets": ["made up"]}
    assert loaded["spam"] == model


def test_word_contributions_add_up_to_the_ngram_part_of_the_logit():
    model = trained()
    features = comment_features("check out my lovely channel")
    ngram_logit = model.logit(features) - model.bias
    ngram_logit -= sum(w * x for w, x in zip(model.signals, features.signals, strict=True))
    assert sum(model.word_contributions(features).values()) == pytest.approx(ngram_logit)


def test_training_needs_both_classes():
    with pytest.raises(ValueError, match="both classes"):
        fit(EXAMPLES[:4], LABELS[:4], l2=1e-3, keep=10)
