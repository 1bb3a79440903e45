"""Untrusted HTML read safely with lxml: no network, no entities, no huge trees."""

import re

from lxml import etree, html

MAX_HTML = 2_000_000  # characters; beyond this the rest of a body is not read

_BLOCK_TAGS = {
    "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "blockquote", "pre", "section", "article", "header", "footer", "td",
}  # fmt: skip
_DROP_TAGS = ("script", "style", "head", "title", "noscript", "template")


def _parser():
    # no_network: never fetch a DTD; resolve_entities off (XXE); huge_tree off (billion laughs)
    return html.HTMLParser(
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
        recover=True,
    )


def parse_html(text):
    """Parse an HTML body into an lxml tree; None if there is nothing to parse."""
    if not text or not text.strip():
        return None
    text = text[:MAX_HTML]
    # lxml refuses str input that declares its own encoding
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = html.document_fromstring(text, parser=_parser())
    except (etree.ParserError, ValueError):
        return None
    for bad in root.iter(*_DROP_TAGS):
        bad.drop_tree()
    return root


def html_to_text(root):
    """The visible text of a tree, one line per block, whitespace collapsed."""
    if root is None:
        return ""
    chunks = []

    def walk(node):
        if not isinstance(node.tag, str):
            if node.tail:
                chunks.append(node.tail)
            return
        tag = node.tag.lower()
        if tag in _BLOCK_TAGS:
            chunks.append("\n")
        if node.text:
            chunks.append(node.text)
        for child in node:
            walk(child)
        if tag in _BLOCK_TAGS:
            chunks.append("\n")
        if node.tail:
            chunks.append(node.tail)

    walk(root)
    lines = (re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in "".join(chunks).split("\n"))
    return "\n".join(line for line in lines if line)


def node_text(node):
    """Text of one element (or the string an XPath returned)."""
    if isinstance(node, str):
        return node.strip()
    return html_to_text(node).strip()
