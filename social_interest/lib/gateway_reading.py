"""What the mail gateway read in one e-mail, handed from routing to ``message_new``."""

from dataclasses import dataclass

from ..parsing.extract import ParseResult

ORIGINAL_NAME = "original_email.eml"  # the name Odoo's fetchmail gives a kept original

# The routing hook hands the reading of an e-mail to message_new in the route's
# custom_values, under this private key: custom_values are given to message_new of this one
# route of this one e-mail and to nothing else, whereas msg_dict is also posted as the
# message (Odoo passes its unknown keys on to the notification code) and env.context would
# carry the reading into everything message_new calls.
READING_KEY = "_social_interest_reading"


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
