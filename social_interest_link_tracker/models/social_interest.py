from markupsafe import Markup

from odoo import api, models


class SocialInterest(models.Model):
    _inherit = "social.interest"

    def _social_track_links(self, text):
        """Links of a reply go through Odoo's link tracker, credited to the card's channel
        (its source's UTM source and medium) and tied to the card: clicks are counted per
        channel, and per person when the reply went to that person alone."""
        self.ensure_one()
        if not text:
            return text
        vals = {
            "source_id": self.source_id.utm_source_id.id,
            "medium_id": self.source_id.utm_medium_id.id,
            # the label keeps one tracker per card (trackers are unique per URL, UTM and
            # label), so that a click is known to come from this card's reply
            "label": f"social-interest-{self.id}",
            "social_interest_id": self.id,
        }
        self.check_access("write")
        # sudo: a rep answering a card they may write makes the short links of their own
        # reply; only Odoo's link tracker users may create trackers otherwise
        render = self.env["mail.render.mixin"].sudo()
        if isinstance(text, Markup):
            return Markup(render._shorten_links(text, vals))
        return render._shorten_links_text(text, vals)

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        """An e-mail answer from the staff to the card's author: its links are tracked."""
        body = kwargs.get("body")
        if (
            len(self) == 1
            and body
            and kwargs.get("message_type", "notification") == "comment"
            and kwargs.get("partner_ids")
            and not self.env.user.share
            and not self.env.context.get("social_no_link_tracking")
        ):
            kwargs["body"] = self._social_track_links(body)
        return super().message_post(**kwargs)
