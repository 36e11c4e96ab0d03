"""The article page's "Also published by" and its partial."""

from django.template.loader import render_to_string

from tidings.articles.models import Article
from tidings.dedupe.also_published import copies_for_page
from tidings.dedupe.linking import process
from tidings.dedupe.tests.stories import STORY, at


def test_page_lists_the_other_outlets_with_what_they_changed(three_outlets):
    wire, trimmed, edited, own = three_outlets
    process([wire, trimmed, edited, own])
    copies = copies_for_page(Article.objects.get(pk=edited.pk))
    assert [copy.article.source.name for copy in copies] == ["Wire Daily", "Hill Courier"]
    assert copies[0].is_first and not copies[1].is_first
    html = render_to_string("web/_copies.html", {"copies": copies})
    assert "Also published by" in html
    # Headlines this different are shown replaced as a whole.
    assert "<del>Old paper mill burns in Valdoro</del> <ins>Fire at Valdoro mill</ins>" in html
    assert "<del>Monday</del> <ins>Tuesday</ins>" in html
    assert "Left out:" in html  # the trimmed copy has no lead paragraph
    assert f'href="{wire.get_absolute_url()}"' in html
    assert copies_for_page(Article.objects.get(pk=own.pk)) == []


def test_page_partial_escapes_the_articles_text(make_source, make_article):
    hostile = STORY + "\n\n<script>alert('copied')</script> & <b>bold</b> claims"
    first = make_article(source=make_source(name="A <i>Outlet</i>"), text=STORY, published_at=at(0))
    copy = make_article(text=hostile, title="<img src=x onerror=boom>", published_at=at(1))
    process([first, copy])
    html = render_to_string("web/_copies.html", {"copies": copies_for_page(first)})
    assert "<script>" not in html and "<img src=x" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(&#x27;copied&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold" in html
    assert "&lt;img src=x onerror=boom&gt;" in html
    html = render_to_string("web/_copies.html", {"copies": copies_for_page(copy)})
    assert "A &lt;i&gt;Outlet&lt;/i&gt;" in html


def test_page_partial_renders_nothing_without_copies():
    assert render_to_string("web/_copies.html", {"copies": []}).strip() == ""
