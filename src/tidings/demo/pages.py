"""The demo publishers' HTML pages: one realistic article page per story with a page,
each outlet's list of stories, and the index of outlets."""

from __future__ import annotations

import html
import json

from tidings.demo.outlets import Credit, Figure, Outlet, Story, teaser

_LICENCES = {
    "CC BY 2.5": "https://creativecommons.org/licenses/by/2.5/",
    "CC BY 3.0": "https://creativecommons.org/licenses/by/3.0/",
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "Public domain": "https://creativecommons.org/publicdomain/mark/1.0/",
}
_UCI_DATASET_URL = "https://archive.ics.uci.edu/dataset/359/news+aggregator"


def article_path(outlet: Outlet, story: Story) -> str:
    return f"/articles/{outlet.slug}/{story.key}.html"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _human_date(story: Story) -> str:
    if "T" not in story.published_iso:
        return f"{story.published.day} {story.published:%B %Y}"
    return f"{story.published.day} {story.published:%B %Y, %H:%M} UTC"


def _site_header(outlet: Outlet | None) -> str:
    brand = outlet.name if outlet else "tidings demo publishers"
    home = f"/outlets/{outlet.slug}/" if outlet else "/"
    feed = f'<li><a href="/feeds/{outlet.slug}.xml">RSS feed</a></li>' if outlet else ""
    return (
        '<header class="site-header">\n'
        f'<a class="brand" href="{home}">{_e(brand)}</a>\n'
        '<nav aria-label="Site"><ul>'
        '<li><a href="/">All demo outlets</a></li>'
        f'<li><a href="{home}">Latest stories</a></li>{feed}'
        '<li><a href="/attribution.txt">Sources and licences</a></li>'
        "</ul></nav>\n</header>\n"
    )


_FOOTER_NOTE = (
    '<p class="site-note">This site is served from the bundled demo data of tidings, '
    "on this computer only. Nothing here is fetched from the internet.</p>"
)


def _page(title: str, head_extra: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n{head_extra}</head>\n<body>\n{body}</body>\n</html>\n"
    )


def article_page(outlet: Outlet, story: Story, base_url: str) -> str:
    page_url = base_url + article_path(outlet, story)
    feed_url = f"{base_url}/feeds/{outlet.slug}.xml"
    credit = story.credit or Credit("")
    licence_url = _LICENCES.get(credit.licence, "")

    structured: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "datePublished": story.published_iso,
        "inLanguage": outlet.language,
        "mainEntityOfPage": page_url,
        "publisher": {"@type": "Organization", "name": outlet.name},
    }
    if story.author:
        structured["author"] = {"@type": "Person", "name": story.author}
    if licence_url:
        structured["license"] = licence_url
    if credit.original_url:
        structured["isBasedOn"] = credit.original_url
    json_ld = json.dumps(structured, ensure_ascii=False).replace("</", "<\\/")

    head = [
        f'<meta name="description" content="{_e(teaser(story.paragraphs))}">',
        f'<link rel="canonical" href="{_e(page_url)}">',
        f'<link rel="alternate" type="application/rss+xml" title="{_e(outlet.name)}" '
        f'href="{_e(feed_url)}">',
        f'<meta property="og:title" content="{_e(story.title)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:url" content="{_e(page_url)}">',
        f'<meta property="og:site_name" content="{_e(outlet.name)}">',
        f'<meta property="article:published_time" content="{_e(story.published_iso)}">',
        *(f'<meta property="article:tag" content="{_e(tag)}">' for tag in story.tags),
    ]
    if story.author:
        head.append(f'<meta name="author" content="{_e(story.author)}">')
    head.append(f'<script type="application/ld+json">{json_ld}</script>')

    byline = f'By <span class="author">{_e(story.author)}</span> · ' if story.author else ""
    article = [
        "<article>",
        f"<h1>{_e(story.title)}</h1>",
        f'<p class="byline">{byline}<time datetime="{_e(story.published_iso)}">'
        f"{_human_date(story)}</time></p>",
    ]
    for number, paragraph in enumerate(story.paragraphs, start=1):
        article.append(f"<p>{_e(paragraph)}</p>")
        if story.figure and number == story.figure.after_paragraph:
            article.append(_figure(story.figure))
    article.append("</article>")

    others = [other for other in outlet.stories if other is not story and other.has_page][:5]
    aside = ""
    if others:
        links = "".join(
            f'<li><a href="{article_path(outlet, other)}">{_e(other.title)}</a></li>'
            for other in others
        )
        aside = f'<aside class="more-stories">\n<h2>More from {_e(outlet.name)}</h2>\n'
        aside += f"<ul>{links}</ul>\n</aside>\n"

    body = (
        _site_header(outlet)
        + "<main>\n"
        + "\n".join(article)
        + "\n"
        + aside
        + "</main>\n"
        + '<footer class="site-footer">\n'
        + _credit_html(credit, licence_url)
        + _FOOTER_NOTE
        + "\n</footer>\n"
    )
    return _page(f"{story.title} | {outlet.name}", "\n".join(head) + "\n", body)


def _figure(figure: Figure) -> str:
    """A figure with its caption and credit only: the data has no image file, and a
    made-up <img> would be worse than none."""
    credit = f' <span class="credit">{_e(figure.credit)}</span>' if figure.credit else ""
    return f"<figure>\n<figcaption>{_e(figure.caption)}{credit}</figcaption>\n</figure>"


def _credit_html(credit: Credit, licence_url: str) -> str:
    parts = [_e(credit.text)]
    if credit.original_url:
        parts.append(
            f'Original: <a href="{_e(credit.original_url)}">{_e(credit.original_url)}</a>.'
        )
    if licence_url:
        parts.append(f'Licence: <a rel="license" href="{licence_url}">{_e(credit.licence)}</a>.')
    return f'<p class="licence">{" ".join(parts)}</p>\n'


def outlet_page(outlet: Outlet) -> str:
    feed = f"/feeds/{outlet.slug}.xml"
    head = (
        f'<link rel="alternate" type="application/rss+xml" title="{_e(outlet.name)}" '
        f'href="{feed}">\n'
    )
    items = []
    for story in outlet.stories:
        href = story.external_url or article_path(outlet, story)
        when = f'<time datetime="{_e(story.published_iso)}">{_human_date(story)}</time>'
        items.append(f'<li><a href="{_e(href)}">{_e(story.title)}</a> {when}</li>')
    body = (
        _site_header(outlet)
        + f"<main>\n<h1>{_e(outlet.name)}</h1>\n<p>{_e(outlet.description)}</p>\n"
        + f'<p><a href="{feed}">Subscribe to the RSS feed</a></p>\n'
        + "<ul>\n"
        + "\n".join(items)
        + "\n</ul>\n</main>\n"
        + f'<footer class="site-footer">\n{_FOOTER_NOTE}\n</footer>\n'
    )
    return _page(outlet.name, head, body)


def index_page(outlets: list[Outlet]) -> str:
    rows = "\n".join(
        f'<li><a href="/outlets/{outlet.slug}/">{_e(outlet.name)}</a> '
        f'(<a href="/feeds/{outlet.slug}.xml">feed</a>, {len(outlet.stories)} stories)</li>'
        for outlet in outlets
    )
    body = (
        _site_header(None)
        + "<main>\n<h1>Demo publishers</h1>\n"
        + "<p>Openly licensed news from Wikinews (CC BY 2.5) and Global Voices (CC BY 3.0), "
        + f'and headlines from the <a href="{_UCI_DATASET_URL}">UCI News Aggregator</a> '
        + 'data set (CC BY 4.0). See <a href="/attribution.txt">sources and licences</a>.</p>\n'
        + f"<ul>\n{rows}\n</ul>\n</main>\n"
        + f'<footer class="site-footer">\n{_FOOTER_NOTE}\n</footer>\n'
    )
    return _page("tidings demo publishers", "", body)
