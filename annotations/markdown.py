"""Markdown for notes and summaries, rendered to HTML that is safe to put in a page."""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
    "h3", "h4", "h5", "h6",
}  # fmt: skip


def render_markdown(text: str) -> SafeString:
    """Render Markdown and sanitise the result: scripts, handlers and unsafe URLs are removed."""
    html = markdown_lib.markdown(text, extensions=["sane_lists"])
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
