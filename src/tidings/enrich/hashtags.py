"""Hashtags of an article: the feed's own categories, and what the tagger found in the text.

Both kinds go through ``hashtags_for``, the one place a Hashtag row is found or made, so a
category "Ukraine" and the place Ukraine found in a text are the same hashtag.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from django.db import transaction
from django.db.models import Count, Q

from tidings.articles.models import Article
from tidings.enrich.aliases import slug_for, variant_key
from tidings.enrich.models import ArticleHashtag, Hashtag
from tidings.enrich.tagging_data import Tag
from tidings.enrich.tagging_gazetteer import is_not_hashtag
from tidings.enrich.tagging_story import full_names

MAX_HASHTAGS = 8
# A lone name's hashtag merges into a person's only when the person has this many times
# its articles.
MERGE_LEAD = 2


def normalise_label(category: str) -> str:
    """A feed category as a readable label: "world/europe" and "  Europe " both give "Europe"."""
    leaf = category.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return " ".join(leaf.replace("_", " ").split())[:200]


def hashtags_for(named: Sequence[tuple[str, str]], *, learn: bool = False) -> dict[str, Hashtag]:
    """The rows for these (label, kind) pairs, by slug, made where missing.

    1. A slug of a merged variant gives the row it was merged into; a new label that is a
       variant of an existing hashtag ("Pot Taxes" beside "Pot Tax") gives that hashtag,
       so that one concept has one row.
    2. A row first made from a feed category has kind "topic" because a category does not
       say what it names; when the text tagger knows better ("place"), the row learns it.
       With ``learn`` (the text tagger's finding) a row takes the kind and the case of the
       label it is given now, "topic" too ("China" for "china", "underwear" is no place):
       re-tagging repairs them.
    """
    wanted: dict[str, tuple[str, str]] = {}
    for label, kind in named:
        slug = slug_for(label)
        if slug:
            wanted.setdefault(slug, (label, kind))
    if not wanted:
        return {}
    found = {
        hashtag.slug: hashtag.merged_into or hashtag
        for hashtag in Hashtag.objects.filter(slug__in=wanted).select_related("merged_into")
    }
    keys = {slug: variant_key(wanted[slug][0]) for slug in wanted if slug not in found}
    survivors = {
        hashtag.key: hashtag
        for hashtag in Hashtag.objects.filter(key__in=set(keys.values()), merged_into=None)
    }
    found.update({slug: survivors[key] for slug, key in keys.items() if key in survivors})
    missing = [
        Hashtag(slug=slug, label=label, kind=kind, key=variant_key(label))
        for slug, (label, kind) in wanted.items()
        if slug not in found
    ]
    if missing:
        # Another worker may make the same hashtag meanwhile; its row is as good as ours.
        Hashtag.objects.bulk_create(missing, ignore_conflicts=True)
        made = Hashtag.objects.filter(slug__in=[hashtag.slug for hashtag in missing])
        found.update({hashtag.slug: hashtag for hashtag in made})
    learnt = {}
    for slug, hashtag in found.items():
        label, kind = wanted[slug]
        if hashtag.kind != kind and (
            learn or (kind != Hashtag.Kind.TOPIC and hashtag.kind == Hashtag.Kind.TOPIC)
        ):
            hashtag.kind = kind
            learnt[hashtag.pk] = hashtag
        if learn and hashtag.slug == slug and hashtag.label != label:
            hashtag.label = label
            learnt[hashtag.pk] = hashtag
    if learnt:
        Hashtag.objects.bulk_update(list(learnt.values()), ["kind", "label"])
    return found


def merge_variants() -> int:
    """Merge the hashtags that are one concept (one ``key``) into the one with the most
    articles, moving their articles to it. Returns how many rows were merged."""
    merged = 0
    duplicated = (
        Hashtag.objects.filter(merged_into=None)
        .exclude(key="")
        .values("key")
        .annotate(rows=Count("pk"))
        .filter(rows__gt=1)
        .values_list("key", flat=True)
    )
    for key in list(duplicated):
        rows = list(
            Hashtag.objects.filter(key=key, merged_into=None).annotate(
                articles=Count("article_hashtags")
            )
        )
        survivor = max(
            rows, key=lambda row: (row.articles, row.label != row.label.lower(), -row.pk)
        )
        with transaction.atomic():
            for row in rows:
                if row is not survivor:
                    _merge(row, survivor)
                    merged += 1
    return merged


def _survivor_order(row: Hashtag) -> tuple:
    """Most articles first, then a label with capitals, then the oldest row."""
    return (row.articles, row.label != row.label.lower(), -row.pk)


def _merge(variant: Hashtag, survivor: Hashtag) -> None:
    taken = ArticleHashtag.objects.filter(hashtag=survivor).values("article_id")
    ArticleHashtag.objects.filter(hashtag=variant).exclude(article_id__in=taken).update(
        hashtag=survivor
    )
    ArticleHashtag.objects.filter(hashtag=variant).delete()  # the article had both
    Hashtag.objects.filter(merged_into=variant).update(merged_into=survivor)
    variant.merged_into = survivor
    variant.save(update_fields=["merged_into"])


def tag_from_categories(article: Article, categories: list[str]) -> list[Hashtag]:
    """Replace the article's feed-given hashtags with these categories, best first."""
    labels: dict[str, str] = {}  # slug -> the first label with that slug
    for label in map(normalise_label, categories):
        if all(is_not_hashtag(word) for word in label.split()):
            continue  # "News", "Top stories": the feed's sections, not what it is about
        if len(labels) < MAX_HASHTAGS and slug_for(label):
            labels.setdefault(slug_for(label), label)
    rows = hashtags_for([(label, Hashtag.Kind.TOPIC) for label in labels.values()])
    hashtags = [rows[slug] for slug in labels if slug in rows]
    with transaction.atomic():
        ArticleHashtag.objects.filter(article=article, origin=ArticleHashtag.Origin.FEED).exclude(
            hashtag__in=hashtags
        ).delete()
        for rank, hashtag in enumerate(hashtags):
            ArticleHashtag.objects.update_or_create(
                article=article,
                hashtag=hashtag,
                defaults={"score": 1.0 - rank / (2 * MAX_HASHTAGS), "origin": "feed"},
            )
    return hashtags


def store_text_hashtags(tags_by_article: Mapping[int, Sequence[Tag]]) -> None:
    """Make each article's text hashtags exactly these (by article id), leaving its feed
    hashtags alone; a tag the feed already gave stays the feed's. Rows that do not change
    are not touched, so storing the same tags again changes nothing."""
    tags_by_article = _with_stored_full_names(tags_by_article)
    rows = hashtags_for(
        [(tag.label, tag.kind) for tags in tags_by_article.values() for tag in tags], learn=True
    )
    links = ArticleHashtag.objects.filter(article_id__in=list(tags_by_article))
    existing = {(link.article_id, link.hashtag_id): link for link in links}
    wanted: dict[tuple[int, int], float] = {}
    for article_id, tags in tags_by_article.items():
        for tag in tags:
            hashtag = rows.get(slug_for(tag.label))
            if hashtag is not None:
                wanted.setdefault((article_id, hashtag.pk), tag.score)
    text = ArticleHashtag.Origin.TEXT
    stale = [
        link.pk for pair, link in existing.items() if link.origin == text and pair not in wanted
    ]
    changed = []
    for pair, score in wanted.items():
        link = existing.get(pair)
        if link is not None and link.origin == text and link.score != score:
            link.score = score
            changed.append(link)
    new = [
        ArticleHashtag(article_id=article_id, hashtag_id=hashtag_id, score=score, origin=text)
        for (article_id, hashtag_id), score in wanted.items()
        if (article_id, hashtag_id) not in existing
    ]
    with transaction.atomic():
        ArticleHashtag.objects.filter(pk__in=stale).delete()
        ArticleHashtag.objects.bulk_update(changed, ["score"])
        ArticleHashtag.objects.bulk_create(new, ignore_conflicts=True)


def _with_stored_full_names(tags_by_article: Mapping[int, Sequence[Tag]]) -> dict[int, list[Tag]]:
    """The tags, where a lone first name or surname that is the name of exactly one person
    the site has a hashtag for becomes that person ("Lohan" when only Lindsay Lohan is
    known), when that person is on at least as many articles as the lone name (here and
    on its own hashtag); ``tagging_story.full_names`` decides, as it does within a batch."""
    lone = Counter(
        tag.label for tags in tags_by_article.values() for tag in tags if " " not in tag.label
    )
    if not lone:
        return {article_id: list(tags) for article_id, tags in tags_by_article.items()}
    matching = Q()
    for word in lone:
        matching |= Q(label__iendswith=f" {word}") | Q(label__istartswith=f"{word} ")
    people = {
        row.label: row
        for row in Hashtag.objects.filter(
            matching, kind=Hashtag.Kind.PERSON, merged_into=None
        ).annotate(articles=Count("article_hashtags"))
    }
    # A lone word weighs its articles here and those its own hashtag has already.
    stored = {
        row.key: row
        for row in Hashtag.objects.filter(
            key__in={variant_key(label) for label in lone}, merged_into=None
        ).annotate(articles=Count("article_hashtags"))
    }

    def stored_articles(label: str) -> int:
        row = stored.get(variant_key(label))
        return row.articles if row is not None else 0

    named = [
        (label, Hashtag.Kind.TOPIC, float(count + stored_articles(label)))
        for label, count in lone.items()
    ]
    named += [(label, Hashtag.Kind.PERSON, float(row.articles)) for label, row in people.items()]
    folded = full_names(named)
    # The lone word's own hashtag, from articles tagged before the person was known, joins
    # the person too (its page redirects there), as variants of one concept do.
    for label, person in folded.items():
        row = stored.get(variant_key(label))
        # Merging is for good, so it waits for the person to lead clearly.
        clearly = people[person].articles >= MERGE_LEAD * (lone[label] + stored_articles(label))
        if row is not None and row.pk != people[person].pk and clearly:
            with transaction.atomic():
                _merge(row, people[person])
    return {
        article_id: _unique(
            Tag(folded[tag.label], Hashtag.Kind.PERSON, tag.score) if tag.label in folded else tag
            for tag in tags
        )
        for article_id, tags in tags_by_article.items()
    }


def _unique(tags: Iterable[Tag]) -> list[Tag]:
    """The first tag of each label, in order."""
    first: dict[str, Tag] = {}
    for tag in tags:
        first.setdefault(tag.label, tag)
    return list(first.values())
