"""What every page must be: private (nothing loaded from other hosts) and accessible."""

from tidings.web.tests.html import parse


def test_no_page_loads_or_links_anything_from_other_hosts(client, seed_like_article, make_article):
    article = seed_like_article
    article.content_html = "<p>Inline body.</p>"
    article.save()
    headline_only = make_article(source=article.source, url="https://www.japantimes.co.jp/x/")
    publisher = "www.japantimes.co.jp"
    pages = {
        "/": set(),
        "/?page=1": set(),
        "/sources/": set(),
        f"/sources/{article.source_id}/": {publisher},
        f"/articles/{article.id}/": {publisher},
        f"/articles/{headline_only.id}/": {publisher},
        "/hashtags/prisoners-of-war/": set(),
        "/no-such-page/": set(),
        "/api/v1/docs": set(),
    }
    for url, allowed in pages.items():
        response = client.get(url)
        page = parse(response)
        assert page.external_hosts() <= allowed, url
        for script in page.find_all("script"):
            assert not script.attrs.get("src", "").startswith(("http", "//")), url
        if response.status_code == 200 and "/api/" not in url:
            assert "default-src 'self'" in response["Content-Security-Policy"]


def test_every_page_has_landmarks_skip_link_and_language(client, seed_like_article):
    for url in ["/", "/sources/", f"/articles/{seed_like_article.id}/"]:
        page = parse(client.get(url))
        assert page.find("html").attrs["lang"] == "en"
        assert page.find("a", class_="skip-link").attrs["href"] == "#main"
        assert page.find("main").attrs["id"] == "main"
        assert page.find("header") and page.find("footer")
        nav = page.find("nav", class_="site-nav")
        assert "Latest" in nav.plain and "Sources" in nav.plain
        levels = [level for level, _ in page.headings()]
        assert levels[0] == 1
        assert all(
            after - before <= 1 for before, after in zip(levels, levels[1:], strict=False)
        ), url
