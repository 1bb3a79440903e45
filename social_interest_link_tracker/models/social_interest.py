import re
from html import unescape
from urllib.parse import urlsplit

import lxml.html
from markupsafe import Markup

from odoo import api, models
from odoo.tools.mail import TEXT_URL_REGEX, URL_SKIP_PROTOCOL_REGEX, is_html_empty

from odoo.addons.link_tracker.tools.html import find_links_with_urls_and_labels
from odoo.addons.social_interest.lib.http import (
    FetchError,
    check_url,
    configured_resolver,
    system_resolver,
)


class SocialInterest(models.Model):
    _inherit = "social.interest"

    def _social_track_links(self, text):
        """Links of a reply go through Odoo's link tracker, credited to the card's channel
        (its source's UTM source and medium) and tied to the card: clicks are counted per
        channel, and per person when the reply went to that person alone.

        Only links to public http(s) hosts (the suite's HTTP guard) are shortened; the
        others stay as they are, untracked. Each tracker is the card's own and gets its
        title here: Odoo never fetches the page (it would, for a tracker without one)."""
        self.ensure_one()
        # the right to post on the card before anything else: whoever calls this
        self.check_access("write")
        if not text or (isinstance(text, Markup) and is_html_empty(text)):
            return text
        base_url = self.get_base_url()
        short_prefix = f"{base_url}/r/"
        if isinstance(text, Markup):
            root = lxml.html.fromstring(text)
            nodes, urls_and_labels = find_links_with_urls_and_labels(
                root, base_url, skip_regex=rf"^{URL_SKIP_PROTOCOL_REGEX}", skip_prefix=short_prefix
            )
            trackers = self._social_link_trackers([item["url"] for item in urls_and_labels])
            if not trackers:
                return text
            for node, item in zip(nodes, urls_and_labels, strict=True):
                if item["url"] in trackers:
                    node.set("href", trackers[item["url"]].short_url)
            return Markup(lxml.html.tostring(root, encoding="unicode", method="xml"))
        found = {
            original: unescape(original)
            for original in re.findall(TEXT_URL_REGEX, text)
            if not original.startswith(short_prefix)
        }
        trackers = self._social_link_trackers(list(found.values()))
        for original, url in found.items():
            if url in trackers:
                # the whole link only, not the start of a longer one
                pattern = re.escape(original) + r"(?![\w@:%.+&~#=/-])"
                text = re.sub(pattern, trackers[url].short_url, text)
        return text

    def _social_link_trackers(self, urls):
        """``{url: link.tracker}`` of this card for those of ``urls`` to public hosts."""
        public = self._social_public_urls(urls)
        if not public:
            return {}
        vals_list = [
            {
                "url": url,
                # given here, so that Odoo does not fetch the page for its title
                "title": url,
                "campaign_id": False,
                "source_id": self.source_id.utm_source_id.id,
                "medium_id": self.source_id.utm_medium_id.id,
                # the card's own label (Odoo keeps one tracker per URL, UTM and label, and
                # its own shortening labels a link with its anchor text, shared by cards):
                # a click on this tracker is known to come from this card's reply
                "label": f"social-interest-{self.id}",
                "social_interest_id": self.id,
            }
            for url in public
        ]
        # sudo: a rep who may write this card (checked by the caller) gets short links of
        # their own reply, titled here (no fetch) and only to public http(s) hosts; Odoo
        # lets only its link tracker users create trackers otherwise
        trackers = self.env["link.tracker"].sudo().search_or_create(vals_list)
        return dict(zip(public, trackers, strict=True))

    def _social_public_urls(self, urls):
        """Those of ``urls`` (once each) that are http(s) to hosts whose every address is
        public, by the suite's HTTP guard: the name is resolved, nothing is fetched."""
        # sudo: one setting (the DNS server the suite asks), read only
        resolve = configured_resolver(self.env) or system_resolver
        verdicts, public = {}, []
        for url in dict.fromkeys(urls):
            try:
                parts = urlsplit(url)
                key = (parts.scheme, parts.hostname, parts.port)
            except ValueError:
                continue
            if key not in verdicts:
                try:
                    check_url(url, resolve=resolve)
                    verdicts[key] = True
                except FetchError:
                    verdicts[key] = False
            if verdicts[key]:
                public.append(url)
        return public

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        """An e-mail answer from the staff to the card's author: its links are tracked
        (when the author may write the card, the right Odoo asks to post on it)."""
        body = kwargs.get("body")
        if (
            len(self) == 1
            and body
            and kwargs.get("message_type", "notification") == "comment"
            and kwargs.get("partner_ids")
            and not self.env.user.share
            and self.has_access("write")
        ):
            kwargs["body"] = self._social_track_links(body)
        return super().message_post(**kwargs)
