"""Comment Markdown renders its subset and nothing executable, whatever the payload."""

import re

import lxml.html
import pytest

from tidings.comments.markdown import count_links, render_comment

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "blockquote", "ul", "ol", "li", "code", "pre"}
SAFE_HREF = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)

# The known payload classes, in raw HTML and through Markdown's own syntax.
XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">x</a>',
    "<body onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>*{background:url(javascript:alert(1))}</style>",
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    "<!--<script>alert(1)//-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](<javascript:alert(1)>)",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](DATA:text/html,<script>alert(1)</script>)",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    "[x][evil]\n\n[evil]: <data:text/html,<script>alert(1)</script>>",
    "![x](javascript:alert(1))",
    '![x](https://example.org/a.png "onerror=alert(1)")',
    '[x](https://example.org/" onmouseover="alert(1))',
    "[<img src=x onerror=alert(1)>](https://example.org/)",
    "**<script>alert(1)</script>**",
    "> <script>alert(1)</script>",
    "- <img src=x onerror=alert(1)>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<<script>script>alert(1)<</script>/script>",
    "[x](https://example.org/)<script>alert(1)</script>",
]


def executable_parts(html: str) -> list[str]:
    """Everything in ``html`` a browser could run: tags outside the subset, attributes
    that are not href/rel/title/start, and links that are not http(s) or mailto."""
    found = []
    root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    for element in root.iter():
        if element is root or not isinstance(element.tag, str):
            continue
        if element.tag not in ALLOWED_TAGS:
            found.append(f"tag {element.tag}")
        for name, value in element.attrib.items():
            if name not in {"href", "rel", "title", "start"}:
                found.append(f"attribute {name}")
            if name == "href" and not SAFE_HREF.match(value):
                found.append(f"href {value}")
    return found


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_no_payload_survives_as_anything_executable(payload):
    html = render_comment(payload)
    assert executable_parts(html) == []
    assert "<script" not in html.lower()


@pytest.mark.parametrize("payload", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"])
def test_html_in_a_comment_is_shown_as_text(payload):
    text = lxml.html.fragment_fromstring(render_comment(payload), create_parent="div")
    assert text.text_content().strip() == payload


def test_markdown_subset_renders_emphasis_links_quotes_lists_and_code():
    html = render_comment(
        "*soft* **loud** [tidings](https://example.org/a?b=1)\n\n> quoted\n\n"
        "- one\n- two\n\n1. first\n\n`inline`\n\n```\nblock\n```"
    )
    assert "<em>soft</em>" in html
    assert "<strong>loud</strong>" in html
    assert '<a href="https://example.org/a?b=1" rel="nofollow ugc noopener">tidings</a>' in html
    assert "<blockquote>" in html
    assert "<ul>" in html and "<ol>" in html
    assert "<code>inline</code>" in html
    assert "<pre><code>block" in html


def test_headings_and_images_are_not_part_of_the_subset():
    html = render_comment("# Big\n\n![alt](https://example.org/a.png)")
    assert "<h1" not in html and "<img" not in html
    assert "# Big" in html


def test_every_link_gets_nofollow_ugc_noopener_and_only_safe_schemes():
    html = render_comment(
        "[a](https://example.org/) [b](http://example.org/) [c](mailto:me@example.org) "
        "[d](/relative) [e](ftp://example.org/)"
    )
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    hrefs = [link.get("href") for link in root.iter("a") if link.get("href")]
    assert hrefs == ["https://example.org/", "http://example.org/", "mailto:me@example.org"]
    assert html.count('rel="nofollow ugc noopener"') == html.count("<a ")


def test_links_are_counted_in_the_rendered_html():
    assert count_links(render_comment("[a](https://a.example/) and <https://b.example/>")) == 2
    assert count_links(render_comment("[a](javascript:alert(1))")) == 0
