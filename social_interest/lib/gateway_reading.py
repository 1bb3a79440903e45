"""What the mail gateway read in one e-mail, handed from routing to ``message_new``."""

from dataclasses import dataclass

from ..parsing.extract import ParseResult

ORIGINAL_NAME = "original_email.eml"  # the name Odoo's fetchmail gives a kept original


@dataclass(frozen=True)
class GatewayReading:
    """What the gateway read in one e-mail, before any card is made."""

    message_id: str = ""
    result: ParseResult | None = None  # None when the e-mail could not be read
    refusal: str | bool = False  # why no card must be made (bounce, auto-reply...), else False
    error: str = ""  # why the e-mail could not be read
    original: bytes | None = None  # the e-mail as received, kept on the card
    spam: str = ""  # why the receiving server judged it spam: the card is put aside
    authenticity: str = ""  # "verified" / "unverified" for mail claiming a platform's domain
    authenticity_note: str = ""  # how that was decided


class RouteValues(dict):
    """The values of a mail route to a new card (the alias's defaults), with the gateway's
    :class:`GatewayReading` of the e-mail as ``reading``.

    Odoo hands a route's values to ``message_new`` of that one route of that one e-mail, as
    they are: the reading travels there as data, neither as a key among the card's values
    nor in the context (which would carry it into everything ``message_new`` calls)."""

    def __init__(self, values=None, reading=None):
        super().__init__(values or {})
        self.reading = reading
