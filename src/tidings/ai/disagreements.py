"""Where outlets disagree on a figure: the story's stored facts side by side
(``stories.coverage.facts_side_by_side``) whose values differ, each value with the
outlets that give it, cited at the sentence that states it."""

from __future__ import annotations

from collections.abc import Sequence

from tidings.ai.cited import CitedArticle, checked, statement
from tidings.articles.models import Article
from tidings.enrich.facts import facts_for_page
from tidings.stories.coverage import StatedFact, facts_side_by_side


def figures_in_dispute(articles: Sequence[CitedArticle]) -> list[dict]:
    """``{"what", "unit", "values": [statement with its figure as text]}`` per figure
    the outlets give different values for."""
    by_id = {article.id: article for article in articles}
    rows = (
        Article.objects.filter(pk__in=by_id)
        .select_related("analysis")
        .only("id", "text", "source_id", "analysis__facts")
        .order_by("published_at", "id")
    )
    stated = []
    numbers: dict[tuple[int, str], int] = {}  # each fact's sentence number, for its citation
    for row in rows:
        article = by_id[row.pk]
        for fact in facts_for_page(row):
            number = article.sentence_at(fact["start"])
            if number is None:
                continue
            numbers[row.pk, fact["sentence"]] = number
            stated.append(
                StatedFact(
                    article_id=row.pk,
                    source_id=row.source_id,
                    outlet=article.outlet,
                    link=article.cite_sentence(number)["page_url"],
                    value=fact["value"],
                    unit=fact["unit"],
                    what=fact["what"],
                    figure=fact["figure"],
                    sentence=fact["sentence"],
                )
            )
    disputed = []
    for group in facts_side_by_side(stated):
        if not group.disagree:
            continue
        values = [
            statement(
                value.figure,
                (
                    by_id[fact.article_id].cite_sentence(numbers[fact.article_id, fact.sentence])
                    for fact in value.per_outlet
                ),
            )
            for value in group.values
        ]
        values = checked(values, "coverage figures")
        if len(values) > 1:
            disputed.append({"what": group.what, "unit": group.unit, "values": values})
    return disputed
