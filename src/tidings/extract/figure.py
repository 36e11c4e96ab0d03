"""The lead image of an article, with its caption and the photographer's credit apart.

Captions carry credits in many house styles ("... on Monday. | AFP-JIJI", "(Photo:
Reuters)", "Credit: Jane Doe/AP", a <span class=credit> inside the <figcaption>). We show
the credit in its own place, so ``split_credit`` separates it, and it is a pure function
so that every style it knows is in a table-driven test.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html

from tidings.extract.metadata import PageMetadata

# Words that introduce a credit: "Photo: X", "Image by X", "Credit: X", "Courtesy of X".
_CREDIT_LEAD = (
    r"(?:(?:photo(?:graph)?|picture|pic|image|illustration|video|graphic|file photo)s?"
    r"(?:\s+credit)?\s*(?::|by\b)|credits?\s*:|source\s*:|courtesy(?:\s+of)?\b|©|\(c\)"
    r"|copyright\b)"
)
# News agencies and picture libraries whose names alone mark a credit.
_AGENCIES = (
    r"(?:AFP|AP|Reuters|Getty(?:\s+Images)?|EPA(?:-EFE)?|EFE|PA(?:\s+(?:Wire|Images|Media))?"
    r"|Shutterstock|Alamy|iStock(?:photo)?|JIJI|Jiji(?:\s+Press)?|Kyodo|Xinhua|Bloomberg"
    r"|ANSA|dpa|Anadolu(?:\s+Agency)?|SIPA|Sipa\s+USA|Rex\s+Features|REX|NurPhoto|Zuma(?:\s+Press)?"
    r"|Yonhap|Corbis|Press\s+Association|Associated\s+Press|NASA|Wikimedia(?:\s+Commons)?"
    r"|Handout|Supplied|Facebook|Twitter|Instagram|YouTube|Unsplash|Pixabay)"
)
_LEAD_ANYWHERE = re.compile(rf"(?:^|(?<=[\s.(\[]))(?P<lead>{_CREDIT_LEAD})\s*", re.IGNORECASE)
_PARENTHESISED_END = re.compile(r"\s*[(\[](?P<inner>[^()\[\]]{2,80})[)\]]\s*$")
_PIPE_END = re.compile(r"\s+[|｜]\s*(?P<credit>[^|｜]{2,80})$")
_AGENCY_ONLY = re.compile(
    rf"^(?:[\w.'’ -]{{1,40}}\s*/\s*)?{_AGENCIES}(?:\s*/\s*[\w.'’ -]{{1,40}})?"
    rf"(?:\s+(?:photo|file|via\s+[\w ]+))?$",
    re.IGNORECASE,
)
_AGENCY_PHOTO = re.compile(rf"^{_AGENCIES}\s+photo\b", re.IGNORECASE)
# "Jane Doe, example.com" or "Jane Doe/example.com": a photographer and their paper's site.
_NAME_AND_SITE = re.compile(
    r"^[\w.'’ -]{2,40}[,/]\s*(?:www\.)?[a-z0-9-]+\.(?:com|org|net|co\.uk|com\.au|news)$",
    re.IGNORECASE,
)
_CREDIT_CLASS = re.compile(
    r"credit|copyright|byline|source|photographer|attribution|author", re.IGNORECASE
)
_CAPTION_CLASS = re.compile(r"caption", re.IGNORECASE)
# Text for screen readers only ("Image:", "Media caption"): not part of what is shown.
SCREEN_READER_ONLY = re.compile(
    r"visually-?hidden|sr-only|screen-?reader|off-?screen|a11y-hidden", re.IGNORECASE
)
# Credits are names: "Jane Doe/AP", "Photo by John Smith for The Times". Longer is prose.
_CREDIT_MAX_WORDS = 8
_SIZE_SUFFIX = re.compile(r"(?:[-_]\d{2,4}x\d{2,4}|[-_](?:\d{2,4}w|large|medium|small|thumb))$")


@dataclass(frozen=True)
class LeadImage:
    url: str = ""
    caption: str = ""
    credit: str = ""


def split_credit(caption: str) -> tuple[str, str]:
    """(caption, credit) from a caption that may end with, or be, a photo credit.

    1. "Caption | AFP-JIJI": a short last part after a vertical bar is a credit.
    2. "Caption (Photo: Reuters)", "Caption (AP)": a parenthesised end that starts with a
       credit word or names an agency.
    3. "Caption Credit: Jane Doe/AP", "Caption Photo by X", "Image: X": a credit word
       introduces everything after it.
    4. "Caption. Jane Doe/Getty Images": a last sentence that is only an agency credit.
    """
    text = re.sub(r"\s+", " ", caption or "").strip()
    if not text:
        return "", ""
    pipe = _PIPE_END.search(text)
    if pipe and len(pipe.group("credit").split()) <= _CREDIT_MAX_WORDS:
        return _tidy_caption(text[: pipe.start()]), _tidy_credit(pipe.group("credit"))
    parenthesised = _PARENTHESISED_END.search(text)
    if parenthesised:
        inner = parenthesised.group("inner").strip()
        if re.match(_CREDIT_LEAD, inner, re.IGNORECASE) or _looks_like_agency(inner):
            return _tidy_caption(text[: parenthesised.start()]), _tidy_credit(inner)
    lead = _credit_lead(text)
    if lead is not None:
        return _tidy_caption(text[: lead.start()]), _tidy_credit(text[lead.end() :])
    sentences = re.split(r"(?<=[.!?])\s+", text)
    if len(sentences) > 1 and _looks_like_agency(sentences[-1].rstrip(".")):
        return _tidy_caption(" ".join(sentences[:-1])), _tidy_credit(sentences[-1])
    if _looks_like_agency(text.rstrip(".")):
        return "", _tidy_credit(text)
    return text, ""


def find_lead_image(
    tree: lxml.html.HtmlElement, metadata: PageMetadata, base_url: str | None
) -> LeadImage:
    """The page's lead image (its own statement first), and the caption of the figure
    that shows it, or of the first figure of the article when none matches by name."""
    figure = _matching_figure(tree, metadata.image_url)
    if figure is None:
        figure = _first_article_figure(tree)
    url = metadata.image_url
    caption, credit = "", ""
    if figure is not None:
        if not url:
            url = _figure_image_url(figure, base_url)
        caption, credit = _figure_caption(figure)
    if not caption and not credit:
        caption, credit = split_credit(metadata.image_caption)
    return LeadImage(url=url, caption=caption, credit=credit or metadata.image_credit)


def caption_elements(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Elements that hold image captions, so the body can be extracted without them."""
    found = list(tree.iter("figcaption"))
    for element in tree.xpath("//figure//*[@class]"):
        if _CAPTION_CLASS.search(element.get("class", "")) and element not in found:
            found.append(element)
    return found


def _looks_like_agency(text: str) -> bool:
    text = text.strip()
    return bool(text) and bool(
        _AGENCY_ONLY.match(text) or _AGENCY_PHOTO.match(text) or _NAME_AND_SITE.match(text)
    )


def _credit_lead(text: str) -> re.Match[str] | None:
    """The first credit word followed by a credit-length rest ("... Photo by Jo Ames");
    one followed by a whole sentence is part of the caption."""
    for match in _LEAD_ANYWHERE.finditer(text):
        rest = text[match.end() :].strip()
        if rest and len(rest.split()) <= _CREDIT_MAX_WORDS:
            return match
    return None


def _tidy_caption(text: str) -> str:
    return text.strip().rstrip("|｜-–—:(").strip()


def _tidy_credit(text: str) -> str:
    text = text.strip().strip("()[]").strip()
    text = re.sub(rf"^{_CREDIT_LEAD}\s*", "", text, flags=re.IGNORECASE).strip()
    return text.rstrip(".;,").strip()


def _image_key(url: str) -> str:
    """A file name without extension or size suffix, to match one photo in two sizes."""
    path = urlsplit(url).path.rstrip("/")
    name = path.rsplit("/", 1)[-1].lower()
    name = re.sub(r"\.(?:jpe?g|png|gif|webp|avif)$", "", name)
    return _SIZE_SUFFIX.sub("", name)


def _figure_sources(figure: lxml.html.HtmlElement) -> list[str]:
    """Image URLs in a figure, real ones first: lazy-loading pages keep the photo in
    data-src and a placeholder (often a data: URL) in src."""
    sources: list[str] = []
    for image in figure.xpath(".//img|.//source"):
        for attribute in ("data-src", "data-original", "data-lazy-src", "src"):
            value = (image.get(attribute) or "").strip()
            if value:
                sources.append(value)
        for attribute in ("srcset", "data-srcset"):
            # "a.jpg 640w, b.jpg 1280w": URLs, each before its size. A data: URL's own
            # comma would split it, so a srcset holding one is a placeholder, skipped.
            srcset = image.get(attribute) or ""
            if "data:" in srcset.lower():
                continue
            for candidate in srcset.split(","):
                if candidate.strip():
                    sources.append(candidate.split()[0])
    return [source for source in sources if not source.lower().startswith("data:")]


def _matching_figure(tree: lxml.html.HtmlElement, image_url: str) -> lxml.html.HtmlElement | None:
    wanted = _image_key(image_url) if image_url else ""
    if len(wanted) < 4:
        return None
    for figure in tree.iter("figure"):
        if any(_image_key(source) == wanted for source in _figure_sources(figure)):
            return figure
    return None


def _first_article_figure(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The first captioned picture inside <article> or <main>, outside asides and footers.

    A figure whose image the page loads some other way (script, CSS, or an image we were
    not given) still captions the lead picture, so a captioned figure without an image
    counts too, after those with one, unless it frames a quotation, code or a table.
    """
    scopes = tree.xpath("//article") or tree.xpath("//main") or [tree]
    captioned = [
        figure
        for figure in scopes[0].iter("figure")
        if figure.find(".//figcaption") is not None
        and not figure.xpath("ancestor::aside|ancestor::footer|ancestor::nav")
    ]
    with_image = [figure for figure in captioned if _figure_sources(figure)]
    pictures = [figure for figure in captioned if not figure.xpath(".//blockquote|.//pre|.//table")]
    return (with_image or pictures or [None])[0]


def _figure_image_url(figure: lxml.html.HtmlElement, base_url: str | None) -> str:
    for source in _figure_sources(figure):
        absolute = urljoin(base_url, source) if base_url else source
        if urlsplit(absolute).scheme in {"http", "https"}:
            return absolute
    return ""


def _figure_caption(figure: lxml.html.HtmlElement) -> tuple[str, str]:
    """Caption and credit of a figure, using the markup's own credit element if it has one."""
    holder = figure.find(".//figcaption")
    if holder is None:
        holders = [
            element
            for element in figure.xpath(".//*[@class]")
            if _CAPTION_CLASS.search(element.get("class", ""))
        ]
        holder = holders[0] if holders else None
    if holder is None:
        return "", ""
    holder = copy.deepcopy(holder)  # credits are cut out of a copy, not the page
    for element in holder.xpath(".//*[@class]"):
        if SCREEN_READER_ONLY.search(element.get("class", "")) and element.getparent() is not None:
            element.drop_tree()
    credits: list[str] = []
    for element in list(holder.iter()):
        if element is holder or not isinstance(element.tag, str):
            continue
        marked = _CREDIT_CLASS.search(element.get("class", "")) or element.tag in {"cite", "small"}
        if marked and element.getparent() is not None:
            text = _squash(element.text_content())
            if text:
                credits.append(text)
            element.drop_tree()
    caption = _squash(holder.text_content())
    if credits:
        return _tidy_caption(caption), _tidy_credit(" ".join(credits))
    return split_credit(caption)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()
