"""RSS 2.0 and Atom feeds."""

from odoo.addons.social_interest.lib.http import FetchError
from odoo.addons.social_interest.parsing.redirects import unwrap_redirect

from ..feeds import html_to_text, parse_date, parse_xml
from .base import Connector, iso_key
from .registry import polls

ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"
YT = "{http://www.youtube.com/xml/schemas/2015}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"


@polls(
    "rss",
    "RSS / Atom feed",
    "rss",
    sequence=10,
    platform_choice=True,
    other_platforms=("review_site", "forum"),
)
class RssConnector(Connector):
    """RSS 2.0 and Atom feeds: blogs, forums, review sites, Google Alerts, YouTube channel
    feeds, Reddit ``.rss``. A feed has no paging: each run reads it whole."""

    # A feed is read whole each time; an item dated in the past can be new to us.
    filter_by_cursor = False

    def fetch_page(self, high, token):
        response = self.adapter.get_bytes(self.endpoint)
        charset = None
        content_type = response.headers.get("Content-Type", "")
        if "charset=" in content_type:
            charset = content_type.split("charset=")[-1].split(";")[0].strip().strip('"')
        return parse_xml(response.content, charset)

    def split_page(self, root):
        if root.tag == f"{ATOM}feed":
            return root.findall(f"{ATOM}entry"), None
        channel = root.find("channel")
        if root.tag not in ("rss", "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"):
            raise FetchError(f"Not an RSS or Atom feed (root element {root.tag})")
        items = channel.findall("item") if channel is not None else []
        return items or root.findall("{http://purl.org/rss/1.0/}item"), None

    def map_item(self, entry, root):
        if entry.tag == f"{ATOM}entry":
            return self._map_atom(entry)
        return self._map_rss(entry)

    def _map_atom(self, entry):
        link = ""
        for element in entry.findall(f"{ATOM}link"):
            if element.get("rel") in (None, "alternate"):
                link = element.get("href") or ""
                break
        link = unwrap_redirect(link)
        title = html_to_text(entry.findtext(f"{ATOM}title") or "")
        content = entry.findtext(f"{ATOM}content") or entry.findtext(f"{ATOM}summary") or ""
        description = entry.findtext(f"{MEDIA}group/{MEDIA}description") or ""
        date = entry.findtext(f"{ATOM}published") or entry.findtext(f"{ATOM}updated")
        external_id = entry.findtext(f"{ATOM}id") or entry.findtext(f"{YT}videoId") or link
        return self._feed_item(
            external_id,
            date,
            link,
            title,
            html_to_text(content) or description,
            author_name=entry.findtext(f"{ATOM}author/{ATOM}name"),
            author_url=entry.findtext(f"{ATOM}author/{ATOM}uri"),
        )

    def _map_rss(self, item):
        link = unwrap_redirect((item.findtext("link") or "").strip())
        title = html_to_text(item.findtext("title") or "")
        content = item.findtext(f"{CONTENT}encoded") or item.findtext("description") or ""
        date = item.findtext("pubDate") or item.findtext(f"{DC}date")
        external_id = (item.findtext("guid") or "").strip() or link
        author = item.findtext(f"{DC}creator") or item.findtext("author") or ""
        return self._feed_item(
            external_id, date, link, title, html_to_text(content), author_name=author
        )

    def _feed_item(self, external_id, date, link, title, text, author_name="", author_url=""):
        """One entry of either format: the title and the text make the body."""
        return self._item(
            external_id,
            iso_key(date),
            source_url=link,
            title=title,
            body="\n".join(part for part in (title, text) if part),
            author_name=(author_name or "").strip(),
            author_url=(author_url or "").strip(),
            interest_date=parse_date(date),
        )
