"""The general reader: any wording of a known platform's notification, by its structure.

Layers, each with its own fallback, each writing what it recognised in the reading's trace:

1. the platform, from the sender and the platform's headers (``platforms.recognise``);
2. the action, from the words of the subject or the body's headline, in every language we
   ship (``vocabulary.find_action``), else the platform's default, else "other";
3. the author, the person's words, the item's link and id, the picture and the rating, from
   the e-mail's structure: the person named before the action's verb and the link to their
   profile, the quoted text, the first link to an item of the platform, the picture beside
   the person's name. Digests (Google Alerts) give one card per result.

Nothing here depends on one wording of one notification: the admin-editable rules refine or
override a reading (see ``extract.parse_notification``), none is needed for a new wording.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise

from ..lib.html import html_to_text, node_text
from ..lib.identity import normalize_handle, normalize_profile_url
from ..lib.interest_data import InterestData
from ..lib.lang import detect_lang
from ..lib.redirects import unwrap_redirect
from .platforms import external_id, handle_of, is_avatar_host, link_kind, recognise
from .text import clean_body, parse_rating
from .vocabulary import find_action

MAX_LINES = 400  # lines of a body looked at
# cards made of one e-mail (results of a digest, comments of a summary, people): no platform
# lists more; a mail that does is read that far, the rest noted in the trace (people counted)
MAX_ITEMS = 25


@dataclass
class Link:
    url: str
    text: str
    element: object = None
    kind: str = ""


@dataclass
class Reading:
    """What the general reader made of one e-mail."""

    cards: list = field(default_factory=list)
    platform: object = None  # the recognised ``platforms.Platform``
    trace: list = field(default_factory=list)  # "what: how" lines


# lines that end the part of a notification that speaks of the item: the footer
FOOTER = re.compile(
    r"unsubscribe|opt[ -]out|notification settings|email settings|manage (?:your )?(?:email|"
    r"notification)|"
    r"this (?:e-?mail|message) was sent|you(?:'re| are) receiving|you received this|privacy policy|"
    r"©|\(c\) \d{4}|all rights reserved|abbestellen|abmelden|benachrichtigungseinstellungen|"
    r"diese e-mail wurde|désabonner|se désinscrire|cet e-mail a été envoyé|darse de baja|"
    r"cancelar (?:la )?suscripci|este (?:correo|mensaje) (?:se envió|fue enviado)|"
    r"cancelar inscrição|"
    r"descadastrar|este e-mail foi enviado|отписаться|отказаться от рассылки|"
    r"это письмо (?:было )?отправлено|"
    r"配信停止|登録解除|メール設定|このメールは|通知設定|"
    r"수신 거부|수신거부|이 이메일은|退订|取消订阅|"
    r"此邮件|此電子郵件|退訂",
    re.IGNORECASE,
)
# "2 hours ago", "vor 2 Stunden", "2時間前"... and bare dates: never the person's words
TIME_LINE = re.compile(
    r"^(?:\d+\s*(?:s|m|h|d|w|min|mins|minutes?|hours?|hrs?|days?|weeks?)\s*(?:ago)?|"
    r"(?:vor|il y a|hace|há|há cerca de)\s+\d+\s+\w+|\d+\s+\w+\s+(?:ago|назад)|"
    r"\d+\s*(?:分|時間|日|週間|秒|분|시간|일|주|小时|分钟|天|秒)\s*(?:前|전)|"
    r"(?:just now|à l'instant|gerade eben|justo ahora|agora mesmo|только что|たった今|방금|刚刚)|"
    r"[\d\s/.,:年月日-]{6,}(?:am|pm|[ap]\.m\.)?(?:\s*[A-Z]{2,5})?)$",
    re.IGNORECASE,
)
_QUOTED = re.compile(r'^\s*["“”„«「『‘\'](.+?)["“”»」』’\']\s*$', re.DOTALL)
_OPEN_QUOTE = '"“„«「『‘'
# "Tom wrote: "…"", "Tom a écrit : « … »", "Том написал: «…»": who said it, before the quote
_SAID_PREFIX = re.compile(r"^[^\W\d][^:：\n\"“„«「『]{0,38}[:：]\s*(?=[\"“„«「『])")
# a notification's own sentence names the action within its first words
_HEADLINE_VERB_AT = 60
_CLOSE_QUOTE = '"”“»」』’'
_OTHERS = re.compile(
    r"\s{0,4}(?:,\s{0,4})?(?:and|und|et|y|e|и|и ещё|и еще)\s{1,4}(?:\d{1,9}|one|two|three|\w{1,30})"
    r"\s{1,4}(?:others?|more|people|weitere|autres|personas|otras|outras|pessoas|других|человек)"
    r"\b.*$|"
    r"\s{0,4}(?:他|ほか)\s{0,4}\d{1,9}\s{0,4}人.*$|\s{0,4}외\s{0,4}\d{1,9}\s{0,4}명.*$|"
    r"\s{0,4}(?:等|和其他)\s{0,4}\d{1,9}\s{0,4}人.*$",
    re.IGNORECASE,
)
# how many others a headline groups with the person: "and 12 others", "他3人", "외 3명"
_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "another": 1,
}
_OTHERS_COUNT = re.compile(
    r"(?:\band|\bund|\bet|\by|\be|\bи(?: ещё| еще)?)\s{1,4}"
    r"(?P<n>\d[\d,.\s]{0,10}|one|two|three|four|five|six|seven|eight|nine|ten|another)\s{1,4}"
    r"(?:others?|more|people|other people|weitere|autres|autres personnes|personas|otras|outras|"
    r"pessoas|других|человек)\b|"
    r"(?:他|ほか|その他|외|等|和其他)\s{0,4}(?P<m>\d[\d,]{0,10})\s{0,4}(?:人|名|명)",
    re.IGNORECASE,
)
# the person's audience shown beside the name: "1,204 followers", "12K subscribers",
# "フォロワー 1,204人", "チャンネル登録者数 1.2万人"
_AUDIENCE = re.compile(
    r"(?P<n>\d[\d,.\s]{0,12})\s{0,2}(?P<unit>[KkMm]|万|千)?\s{0,2}"
    r"(?:followers?|subscribers?|abonnés|abonnenten|seguidores|suscriptores|inscritos|"
    r"подписчик\w{0,3}|follower|人のフォロワー|フォロワー)\b|"
    r"(?:フォロワー|チャンネル登録者|登録者)(?:数)?\s{0,2}[:：]?\s{0,2}(?P<n2>\d[\d,.]{0,12})"
    r"\s{0,2}(?P<unit2>万|千|[KkMm])?\s{0,2}(?:人|名)?",
    re.IGNORECASE,
)
_UNITS = {"k": 1_000, "m": 1_000_000, "千": 1_000, "万": 10_000}
# a notification of several people's likes, shares or follows: "3 new followers", "5人が"
_PEOPLE_SEVERAL = re.compile(
    r"(?<![\d:])(?:[2-9]|\d{2,})(?![\d:])\s{0,2}(?:new\s+)?(?:followers|subscribers|people|"
    r"likes|reactions|connections|人|名|件)|\bnew followers\b|\bnew subscribers\b|"
    r"新しいフォロワー|新しいチャンネル登録者",
    re.IGNORECASE,
)
_PEOPLE_ACTIONS = ("like", "share", "follow")


def others_in(text):
    """The number of people a headline groups with the one it names (0 when none)."""
    match = _OTHERS_COUNT.search(text or "")
    if not match:
        return 0
    raw = (match.group("n") or match.group("m") or "").strip().lower()
    if raw in _WORD_NUMBERS:
        return _WORD_NUMBERS[raw]
    digits = re.sub(r"\D", "", raw)
    return int(digits) if digits and len(digits) <= 9 else 0


def audience_in(text):
    """The followers or subscribers a line shows for a person, or 0."""
    match = _AUDIENCE.search(text or "")
    if not match:
        return 0
    raw = (match.group("n") or match.group("n2") or "").strip()
    unit = (match.group("unit") or match.group("unit2") or "").lower()
    if unit:
        # "1.2K", "1,2万": a decimal separator before a unit
        raw = raw.replace(",", ".").replace(" ", "")
        try:
            return int(float(raw) * _UNITS[unit])
        except ValueError:
            return 0
    digits = re.sub(r"[\s,.]", "", raw)
    return int(digits) if digits.isdigit() and len(digits) <= 10 else 0


# what stands between a person's name and the verb in each language
_CONNECTOR_TAIL = re.compile(
    r"(?:\s{1,4}(?:has|have|hat|haben|a|ont|vous a|t'a|vous|te|le|les|ha|han|lhe|você|вам|вас|"
    r"has just|just|"
    r"also|too)){1,4}\s{0,4}$|"
    r"\s{0,4}(?:さんが|さんから|様が|様から|が|から|님이|님께서|님의|이|가|在|对|對|给|給|向)\s{0,4}$",
    re.IGNORECASE,
)
# "佐藤 花子さんから新しいレビュー", "김민수님이 …": the honorific closes the name
_HONORIFIC_ACTOR = re.compile(r"^\s*(.{1,40}?)(?:さん|様|님)(?:が|から|이|께서|으로부터)")
_JA_ACTOR = re.compile(r"^(.{1,40}?)(?:さん|様)?(?:が|から)")
_KO_ACTOR = re.compile(r"^(.{1,40}?)(?:님)?(?:이|가|께서)\s")
_FROM_ACTOR = re.compile(
    r"(?:\bfrom|\bby|\bvon|\bde|\bpar|\bот|\bpor|\bda|来自|來自)\s+(?P<name>[^:,.!?\n]{2,60}?)\s*"
    r"(?:\s(?:on|in|to|zu|auf|sur|en|на|в|к|em|no|na)\b|[:.!?,]|$)",
    re.IGNORECASE,
)
_COMMENT_LEVEL = re.compile(
    r"[?&](?:comment_id|reply_comment_id|lc|reply|commenturn|cid)=|/c/\d+|urn(?::|%3a)li(?::|%3a)comment",
    re.IGNORECASE,
)
# a subject that speaks of several items: a number, a plural, a summary
_SEVERAL = re.compile(
    r"(?<![\d:])(?:[2-9]|\d{2,})(?![\d:])|\b(?:comments|notifications|updates|activity|summary|"
    r"digest|kommentare|benachrichtigungen|commentaires|comentarios|comentários|"
    r"комментари(?:ев|я|и)|уведомлени)\b|件の|개의|条新",
    re.IGNORECASE,
)
_STARS_ONLY = re.compile(r"^[\s★☆⭐✩✪]+$")
_HANDLES = re.compile(r"@[A-Za-z0-9_.]{1,30}")
_BYLINE_HANDLE = re.compile(r"^@([A-Za-z0-9_.]{1,30})\s{0,3}(?:$|[·•|]\s)")
_HANDLE_NEAR = re.compile(r"(?:^|[\s(（])@([A-Za-z0-9_.]{1,30})\b")
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"')\]]+")
_RATING_TEXT = re.compile(
    r"(★+|⭐+)|(\d(?:[.,]\d)?)\s*(?:/\s*5|out of 5|of 5|sur 5|de 5|von 5|из 5|"
    r"중|점|つ星|星|颗星|顆星|"
    r"stars?|sterne?n?|étoiles?|estrellas?|estrelas?|звезд[аы]?|звёзд[аы]?)|"
    r"(?:rating|rated|note|calificación|bewertung|оценка|評価|평점|评分|評分|avaliação)\s*[:：]?\s*(\d)\b|"
    r"星\s*(\d)",
    re.IGNORECASE,
)
_PIXEL = re.compile(
    r"(?:pixel|track|open\?|/o/|beacon|spacer|blank\.gif|logo|icon|emoji|/rsrc\.php|static\.)", re.I
)
_SMALL = re.compile(r"^\d{1,2}(?:px)?$")


def read_notification(notification):
    """The general reading of a notification, or None when no platform is recognised."""
    spec, how = recognise(notification.sender_email, notification.headers)
    if spec is None:
        return None
    reading = Reading(platform=spec, trace=[f"platform {spec.label}: {how}"])
    # the links are read once (unwrapped, each of a kind) for every reader below
    links = links_of(notification)
    for link in links:
        link.kind = link_kind(spec, link.url)
    if spec.digest:
        reading.cards = _read_digest(notification, spec, reading.trace, links)
        if reading.cards:
            return reading
    items = _read_summary(notification, spec, reading.trace, links) or _read_people(
        notification, spec, reading.trace, links
    )
    reading.cards = items or [_read_single(notification, spec, reading.trace, links)]
    return reading


# ---------------------------------------------------------------------------------- parts


def links_of(notification):
    """Every http(s) link of the e-mail, unwrapped from redirectors, in document order."""
    links = []
    tree = notification.tree
    if tree is not None:
        for element in tree.iter("a"):
            href = (element.get("href") or "").strip()
            if href.lower().startswith(("http://", "https://")):
                links.append(Link(unwrap_redirect(href), node_text(element), element))
    # bare addresses of the text (a plain-text e-mail, or HTML made from one) count too
    known = {link.url for link in links}
    for match in _URL_IN_TEXT.finditer(notification.body_text or ""):
        url = unwrap_redirect(match.group().rstrip(".,;"))
        if url not in known:
            known.add(url)
            links.append(Link(url, ""))
    return links


def _lines(notification):
    lines = []
    for line in (notification.body_text or "").splitlines()[:MAX_LINES]:
        line = line.strip()
        if line:
            lines.append(line)
    return lines


def _footer_index(lines, notification):
    recipients = {a.lower() for a in re.findall(r"[\w.+-]+@[\w.-]+", notification.to or "")}
    for index, line in enumerate(lines):
        low = line.lower()
        if FOOTER.search(line) or any(address in low for address in recipients):
            return index
    return len(lines)


def _headline(notification, lines):
    """(text, line index or -1 for the subject, ActionMatch) of the sentence naming the action."""
    subject_match = find_action(notification.subject)
    if subject_match is not None and subject_match.strong:
        return notification.subject, -1, subject_match
    for index, line in enumerate(lines[:40]):
        match = find_action(line[:300])
        if match is not None and match.strong:
            return line, index, match
    if subject_match is not None:
        return notification.subject, -1, subject_match
    for index, line in enumerate(lines[:15]):
        match = find_action(line[:300])
        if match is not None:
            return line, index, match
    return notification.subject or "", -1, None


_ACTOR_HANDLE = re.compile(r"\s{0,4}[（(]?\s{0,4}@([A-Za-z0-9_.]{1,30})\s{0,4}[)）]?")


def _clean_actor(text):
    text = _OTHERS.sub("", text or "").strip()
    if not text.lstrip().startswith("@"):
        text = _ACTOR_HANDLE.sub(" ", text).strip()
    previous = None
    while previous != text:
        previous = text
        text = _CONNECTOR_TAIL.sub("", text).strip()
    text = text.strip(" \t,:;-–—|>\"'“”«»「」()")
    text = re.sub(r"(?:さん|様|님|氏)$", "", text).strip()
    # a leading label ("New comment", "Notification:") is not the person
    if ":" in text:
        text = text.rsplit(":", 1)[1].strip()
    words = text.split()
    if not text or len(text) > 80 or len(words) > 8 or _URL_IN_TEXT.search(text):
        return ""
    if find_action(text) is not None and len(words) > 3:
        return ""
    return text


def _actor_of(headline, match, subject=""):
    """The person a headline names: before its verb, or after "from"/"by"."""
    if not headline:
        return ""
    if match is not None and match.strong:
        before = headline[: match.start]
        if match.lang == "ja":
            found = _JA_ACTOR.match(before.strip())
            before = found.group(1) if found else before
        elif match.lang == "ko":
            found = _KO_ACTOR.match(before.strip() + " ")
            before = found.group(1) if found else before
        # an auxiliary before the object: "Lukas hat deinen Beitrag kommentiert"
        before = re.split(r"\s(?:hat|haben|hatte)\s", before, maxsplit=1)[0]
        # "A María le gusta…": the person is the indirect object
        before = re.sub(r"^(?:a|à)\s+(.+?)\s+les?\s*$", r"\1", before.strip(), flags=re.I)
        actor = _clean_actor(before)
        if actor:
            return actor
    for text in (headline, subject):
        honorific = _HONORIFIC_ACTOR.search(text or "")
        if honorific:
            actor = _clean_actor(honorific.group(1))
            if actor:
                return actor
        found = _FROM_ACTOR.search(text or "")
        if found:
            actor = _clean_actor(found.group("name"))
            if actor:
                return actor
    return ""


def _name_key(text):
    """A name as names are compared: case-folded, spaces collapsed, no leading "@"."""
    return re.sub(r"\s+", " ", (text or "").casefold().lstrip("@")).strip()


def _same_name(a, b):
    a, b = _name_key(a), _name_key(b)
    return bool(a and b) and (a == b or (len(a) > 2 and len(b) > 2 and (a in b or b in a)))


# a line that only repeats a name is that name give or take this many characters ("Jane Roe ·")
_NAME_MARGIN = 3
# a name that loses more characters than this to its key (runs of spaces, "@"s) is "loose":
# compared one by one, the first _MAX_LOOSE of them (no real notification has one)
_LOOSE = 8
_MAX_LOOSE = 32
# a line's substrings looked up as names: at most this many characters shorter than its key
_WINDOW = 16


class _Names:
    """The names a line of the body may only repeat (the subject, the person, every link's
    text), read once per e-mail.

    ``named(line)`` tells what ``any(_same_name(line, n) and len(line) <= len(n) + 3 for n in
    names)`` tells, without comparing the line with each name, so that a mail of 20,000 links
    costs its lines no more than a mail of 20: a key equal to the line's by one dict lookup; a
    name that holds the line by one search of the keys joined (longest names first, so that
    only those long enough are searched); a name inside the line by looking up the line's few
    substrings of a name's length. ``probes`` counts the lookups and comparisons made.

    It tells otherwise only where no notification goes: beyond ``_MAX_LOOSE`` names that
    lose more than ``_LOOSE`` characters to their key, and on a line that case-folding makes
    much longer ("ß" -> "ss" a dozen times) holding a name almost as long as itself.
    """

    def __init__(self, names):
        self.raw = {name for name in names if name}
        longest = {}  # key -> the length of the longest name with that key
        for name in self.raw:
            key = _name_key(name)
            if key:
                longest[key] = max(longest.get(key, 0), len(name))
        self.longest = longest
        ordered = sorted((k for k in longest if len(k) > 2), key=lambda k: (-longest[k], k))
        self.joined = "\n".join(ordered)  # keys hold no newline: a match is inside one key
        self.sizes = [-longest[k] for k in ordered]  # ascending, for bisect
        self.ends = []  # where each key of ``joined`` ends
        end = -1
        for key in ordered:
            end += len(key) + 1
            self.ends.append(end)
        self.tight = {k: longest[k] for k in ordered if longest[k] - len(k) <= _LOOSE}
        self.loose = [(k, longest[k]) for k in ordered if k not in self.tight][:_MAX_LOOSE]
        self.slack = max((size - len(k) for k, size in self.tight.items()), default=0)
        self.widest = max(map(len, self.tight), default=0)
        self.probes = 0

    def __contains__(self, text):
        return text in self.raw

    def named(self, line):
        """True when ``line`` is one of the names, give or take ``_NAME_MARGIN`` characters."""
        key = _name_key(line)
        if not key:
            return False
        least = len(line) - _NAME_MARGIN  # the shortest name the line may repeat
        self.probes += 1
        if key in self.longest and self.longest[key] >= least:
            return True
        return len(key) > 2 and (self._in_a_name(key, least) or self._holds_a_name(key, least))

    def _in_a_name(self, key, least):
        count = bisect_right(self.sizes, -least)  # the names at least ``least`` long
        self.probes += 1
        return count > 0 and self.joined.find(key, 0, self.ends[count - 1]) >= 0

    def _holds_a_name(self, key, least):
        # a name's key is at most ``slack`` shorter than the name: a name long enough is a
        # substring of the line's key of at least this size
        shortest = max(3, least - self.slack, len(key) - _WINDOW)
        for size in range(min(len(key), self.widest), shortest - 1, -1):
            for start in range(len(key) - size + 1):
                self.probes += 1
                size_of_name = self.tight.get(key[start : start + size])
                if size_of_name is not None and size_of_name >= least:
                    return True
        for name_key, size in self.loose:
            self.probes += 1
            if size >= least and name_key in key:
                return True
        return False


def _images(notification):
    tree = notification.tree
    if tree is None:
        return []
    images = []
    for img in tree.iter("img"):
        src = (img.get("src") or "").strip()
        if not src.lower().startswith(("http://", "https://")) or _PIXEL.search(src):
            continue
        width, height = (img.get("width") or "").strip(), (img.get("height") or "").strip()
        if (width in ("0", "1") or height in ("0", "1")) or (
            _SMALL.match(width) and int(re.sub(r"\D", "", width)) < 20
        ):
            continue
        images.append(img)
    return images


def _photo(notification, spec, author, author_url):
    images = _images(notification)
    for img in images:
        link = next((a for a in img.iterancestors("a")), None)
        href = unwrap_redirect((link.get("href") or "").strip()) if link is not None else ""
        if (
            author_url
            and href
            and href.split("?")[0].rstrip("/") == author_url.split("?")[0].rstrip("/")
        ):
            return img.get("src").strip(), "the picture linked to the person's profile"
    for img in images:
        if author and _same_name(img.get("alt") or img.get("title") or "", author):
            return img.get("src").strip(), "the picture named after the person"
    for img in images:
        if is_avatar_host(spec, img.get("src")):
            return img.get("src").strip(), "the first picture of the platform's people"
    return "", ""


def _rating(texts, notification):
    alts = []
    if notification.tree is not None:
        alts = [img.get("alt") or "" for img in notification.tree.iter("img")]
        filled = [
            a for a in alts if re.fullmatch(r"\s*(?:★|⭐|full star|filled star|star)\s*", a, re.I)
        ]
        if filled:
            return min(len(filled), 5)
    for text in [*texts, " ".join(alts)]:
        for match in _RATING_TEXT.finditer(text or ""):
            value = parse_rating(next(g for g in match.groups() if g))
            if value:
                return value
    return 0


def _quoted(line):
    match = _QUOTED.match(line)
    if match and line.strip()[0] in _OPEN_QUOTE and line.strip()[-1] in _CLOSE_QUOTE:
        return match.group(1).strip()
    return ""


def _body(notification, lines, start, end, noise, headline, action):
    """The person's words between the headline and the footer."""
    if action in ("like", "follow"):
        return "", ""
    # the headline says it: "Jane replied: Great table!"
    said = find_action(headline) if headline and ":" in headline else None
    between = headline[said.end : headline.find(":", said.end)] if said is not None else ""
    second = find_action(between) if ":" in headline[said.end if said else 0 :] else None
    if said is not None and headline.find(":", said.end) < 0:
        said = None
    if said is not None and not (second is not None and second.strong):
        # the words follow the verb's colon ("Jane replied: …"), not another verb's
        # ("… on a post that ACME shared: …" quotes the post)
        after = headline[headline.find(":", said.end) + 1 :].strip()
        quoted = _quoted(after) or after
        if len(quoted) > 1 and not TIME_LINE.match(quoted) and not _URL_IN_TEXT.match(quoted):
            if find_action(quoted) is None or _quoted(after):
                return quoted, "the words after the headline's colon"
    region = [_SAID_PREFIX.sub("", line, count=1) for line in lines[start:end]]
    # quoted words (possibly over several lines)
    buffer = None
    for line in region:
        if buffer is None and line[0] in _OPEN_QUOTE:
            buffer = [line]
        elif buffer is not None:
            buffer.append(line)
        if buffer is not None and buffer[-1][-1] in _CLOSE_QUOTE:
            text = _quoted("\n".join(buffer))
            buffer = None
            if text and text.casefold() not in (notification.subject or "").casefold():
                return text, "the quoted words"
        if buffer is not None and len(buffer) > 30:
            buffer = None
    if notification.tree is not None:
        for quote in notification.tree.iter("blockquote"):
            text = html_to_text(quote)
            if text and not FOOTER.search(text):
                return text, "the quoted block"
    if action == "share":
        # the sharer's own words stand right under the headline; the shared post (ours)
        # comes after its author's name: a share without words of its own has none
        repeats = {(notification.subject or "").casefold().strip(), (headline or "").casefold()}
        while region and region[0].casefold().strip() in repeats:
            region = region[1:]  # the headline again (a preheader)
        if not region or _is_noise(region[0], noise):
            return "", ""
    paragraph = []
    for line in region:
        if _is_noise(line, noise):
            if paragraph:
                break
            continue
        paragraph.append(line)
    if action == "review" and len(paragraph) > 1 and _is_title(paragraph[0]):
        paragraph = paragraph[1:]  # a review's title above its text
    while len(paragraph) > 1 and _is_label(paragraph[-1]):
        paragraph.pop()  # "View comment:" above the link it announces
    if action == "share" and len(paragraph) > 1:
        paragraph = paragraph[:1]  # one paragraph of words, not the post that follows
    text = "\n".join(paragraph)
    return (text, "the first paragraph after the headline") if text else ("", "")


def _is_label(line):
    line = line.strip()
    return len(line) <= 40 and line[-1:] in ":：" and len(line.split()) <= 4


def _is_title(line):
    return len(line) <= 60 and len(line.split()) <= 7 and line.rstrip()[-1:] not in ".!?。！？"


def _is_noise(line, noise):
    """True when ``line`` is not the person's words: a time, a link, stars, a thread's
    handles, one of the ``noise`` names (a ``_Names``) or another headline."""
    low = line.casefold().strip()
    if (
        low in noise
        or TIME_LINE.match(line)
        or _URL_IN_TEXT.search(line)
        or _STARS_ONLY.match(line)
    ):
        return True
    # "Replying to @acme", "返信先: @acme", "В ответ @acme": the thread, not the words
    if "@" in line and len(_HANDLES.sub("", line).strip(" :：")) <= 14:
        return True
    if noise.named(line):
        return True
    if len(line) >= 200:
        return False  # no headline is that long: its verbs are not looked for
    match = find_action(line)
    return match is not None and match.strong and match.start <= _HEADLINE_VERB_AT


def _read_single(notification, spec, trace, links):
    """One card: the action, the person, the item, the person's words and picture."""
    lines = _lines(notification)
    end = _footer_index(lines, notification)
    lines_before_footer = lines[:end]
    headline, head_index, match = _headline(notification, lines_before_footer)
    action = _action(spec, match, head_index, trace)
    author, author_url, handle = _person(
        notification, spec, (headline, head_index, match), lines_before_footer, links, trace
    )
    source = _source(spec, links, action, author_url, trace)
    noise = _noise(notification, author, handle, links)
    body, how_body = _words(notification, lines, end, (headline, head_index), author, noise, action)
    if body:
        trace.append(f"words: {how_body}")
    photo, how_photo = _photo(notification, spec, author, author_url)
    if photo:
        trace.append(f"picture: {how_photo}")
    rating = 0
    if action == "review" or spec.default_action == "review":
        rating = _rating([notification.subject, headline, *lines_before_footer[:40]], notification)
    lang = detect_lang(body, default="") if body else ""
    if not lang:
        lang = (match.lang if match is not None else "") or detect_lang(notification.subject, "en")
    others = others_in(headline) or others_in(notification.subject)
    if others:
        trace.append(f"others: {others} more people in the same notification")
    followers = _audience_near(lines_before_footer, author, handle)
    if followers:
        trace.append("followers: the count shown beside the person")
    return InterestData(
        platform=spec.platform,
        action_type=action,
        author_name=author,
        author_handle=normalize_handle(handle, spec.platform),
        author_url=author_url,
        author_image_url=photo,
        author_followers=followers,
        body=body,
        source_url=source,
        external_id=external_id(spec, source),
        rating=rating,
        lang=lang,
        interest_date=notification.date,
        title=notification.subject or "",
        others_count=others,
        read_by="reader",
    )


def _action(spec, match, head_index, trace):
    """The action the headline names, else the platform's default, else "other"."""
    if match is not None:
        where = "subject" if head_index < 0 else "body"
        trace.append(
            f"action {match.action}: the words “{match.words}” ({match.lang}) in the {where}"
        )
        return match.action
    if spec.default_action:
        trace.append(f"action {spec.default_action}: every {spec.label} notification")
        return spec.default_action
    trace.append("action other: no word names it")
    return "other"


def _person(notification, spec, head, lines, links, trace):
    """(name, profile URL, handle) of the person the notification is about.

    ``head`` is what ``_headline`` gave: (text, line index or -1, ActionMatch).
    """
    headline, head_index, match = head
    profiles = [link for link in links if link.kind == "profile"]
    author = _actor_of(headline, match, notification.subject)
    if not author and head_index < 0:
        # the subject names no one ("New comment on your video"): the body's headline may
        author = _actor_of_body(lines)
    how_author = "the headline" if author else ""
    author_url = _profile_of(spec, author, profiles) if author else ""
    if not author:
        for link in profiles:
            if link.text and len(link.text) <= 60 and not find_action(link.text):
                author, author_url, how_author = link.text, link.url, "the link to a profile"
                break
    handle = _handle(spec, author, author_url, headline, match, lines)
    if spec.key == "youtube" and handle and not re.match(r"^[\w.-]+$", handle):
        handle = ""
    if spec.name_is_handle and (not author or author.startswith("@")) and handle:
        author = handle
    author = author.lstrip("@") if spec.handles and author.startswith("@") else author
    if author:
        trace.append(f"author: {how_author}")
    return author, author_url, handle


def _actor_of_body(lines):
    """The person named by the first headline of the body that names one."""
    for line in lines[:30]:
        line_match = find_action(line[:300])
        if line_match is not None and line_match.strong:
            author = _actor_of(line, line_match)
            if author:
                return author
    return ""


def _profile_of(spec, author, profiles):
    """The link to the profile of the person named ``author``, or ""."""
    for link in profiles:
        if link.text and _same_name(link.text, author):
            return link.url
    for link in profiles:
        # the picture beside the name links to the person (a page's own logo is not)
        if link.element is not None and next(link.element.iter("img"), None) is not None:
            if not link.text:
                return link.url
    # a bare link in a plain-text e-mail: the profile whose username is the name shown
    wanted = normalize_handle(author, spec.platform)
    for link in profiles:
        if wanted and normalize_handle(handle_of(spec, link.url), spec.platform) == wanted:
            return link.url
    return ""


def _handle(spec, author, author_url, headline, match, lines):
    """The person's @username: the name itself, written beside it, or their profile's."""
    handle = author[1:] if author.startswith("@") else ""
    if handle or not spec.handles:
        return handle
    # the handle written beside the person's name (not the @mentions of the words)
    near = _HANDLE_NEAR.search((headline or "")[: match.start] if match is not None else "")
    near = near or _handle_beside(author, lines)
    if near:
        return near.group(1)
    return handle_of(spec, author_url) if author_url else ""


def _handle_beside(author, lines):
    """The match of a handle right after the person's name, or on the byline under it."""
    if not author:
        return None
    for index, line in enumerate(lines[:40]):
        at = line.casefold().find(author.casefold())
        if at < 0:
            continue
        # right after the name: "Jane Roe @janeroe", "田中（@yuki）"
        window = line[at + len(author) : at + len(author) + 40]
        line_match = find_action(window)
        near = _HANDLE_NEAR.match(window[: line_match.start] if line_match else window)
        near = near or _HANDLE_NEAR.match(" " + window.lstrip(" ")[:32])
        if not near and index + 1 < len(lines):
            # a byline under the name: "@janeroe", "@janeroe · 1,204 followers"
            near = _BYLINE_HANDLE.match(lines[index + 1][:80])
        if near:
            return near
    return None


def _source(spec, links, action, author_url, trace):
    """The link to the item: the platform's item, else another page of it, else the follower."""
    items = [link for link in links if link.kind == "item"]
    if items:
        trace.append("link: the first link to an item of the platform")
        return _first_item(spec, items).url
    others = [
        link for link in links if link.kind == "platform" and link.url.rstrip("/").count("/") > 2
    ]
    if others and action not in ("follow",):
        trace.append("link: the first link to the platform")
        return others[0].url
    if action == "follow" and author_url:
        trace.append("link: the follower's profile")
        return author_url  # a follow has no item: the place to go is the person
    return ""


def _first_item(spec, items):
    """The comment itself before the post it is on, whichever the e-mail links first, then a
    link that names one item (an id) before a page of several ("…/reviews"); in the e-mail's
    order among equals. The ids are read only as far as the first comment with one."""
    best, best_rank = None, None
    for link in items:
        rank = (not _COMMENT_LEVEL.search(link.url), not external_id(spec, link.url))
        if best_rank is None or rank < best_rank:
            best, best_rank = link, rank
        if not any(rank):
            break
    return best


def _noise(notification, author, handle, links):
    """The names a line of the body may only repeat: the subject, the person, the links'."""
    names = [
        (notification.subject or "").casefold().strip(),
        author.casefold(),
        handle.casefold(),
        f"@{handle}".casefold() if handle else "",
    ]
    names += [link.text.casefold().strip() for link in links if link.text and link.kind != ""]
    return _Names(names)


def _words(notification, lines, end, head, author, noise, action):
    """(the person's words, how they were found) between the headline and the footer.

    ``head`` is the headline's text and line index (-1: the subject).
    """
    headline, head_index = head
    lines_before_footer = lines[:end]
    if head_index >= 0:
        start = head_index + 1
    else:
        start = _start_after_headline(lines_before_footer, author)
    said = headline if head_index >= 0 or ":" in (headline or "") else ""
    if not said:
        # the subject said what happened; the body's own headline may carry the words
        for line in lines_before_footer[:40]:
            line_match = find_action(line[:300])
            if line_match is not None and line_match.strong:
                said = line
                break
    body, how_body = _body(notification, lines, start, end, noise, said, action)
    body = clean_body(body)
    return (body, how_body) if body else ("", "")


def _audience_near(lines, author, handle):
    """Followers shown on the person's line or the line after it ("Jane Roe · 1,204 followers")."""
    names = [n.casefold() for n in (author, handle, f"@{handle}" if handle else "") if n]
    if not names:
        return 0
    for index, line in enumerate(lines[:40]):
        if any(name in line.casefold() for name in names):
            # the name, then the handle or a short bio, then the counts
            for near in lines[index : index + 3]:
                count = audience_in(near)
                if count:
                    return count
    return 0


def _start_after_headline(lines, author):
    """Where the item's part of the body begins when the subject was the headline."""
    for index, line in enumerate(lines[:40]):
        match = find_action(line[:300])
        if match is not None and match.strong:
            return index + 1
    if author:
        for index, line in enumerate(lines[:40]):
            if _same_name(line, author) or line.casefold().startswith(author.casefold()):
                return index + 1
    return 0


# ---------------------------------------------------------------------------------- digests


def _blocks(elements):
    """For each of ``elements``, the largest block (itself or an ancestor) holding no other.

    One climb from each element, counting how many of them each ancestor holds (up to two)
    and stopping where two meet: linear in the tree, where listing the links under every
    ancestor of every element grew with the square of the links.
    """
    held = {}
    for element in elements:
        node = element
        while node is not None and held.get(node, 0) < 2:
            held[node] = held.get(node, 0) + 1
            node = node.getparent()
    blocks = {}
    for element in elements:
        block = element
        parent = block.getparent()
        while parent is not None and held.get(parent, 0) < 2:
            block, parent = parent, parent.getparent()
        blocks[element] = block
    return blocks


def _read_digest(notification, spec, trace, links):
    """One card per result of a digest of other sites' pages (Google Alerts)."""
    tree = notification.tree
    cards = []
    if tree is None:
        return _read_text_digest(notification, spec, trace)
    results = []
    seen = set()
    for link in links:
        host = _host(link.url)
        if not host or spec.matches_host(host) or host.endswith(("google.com", "gstatic.com")):
            continue
        if link.url in seen or not link.text:
            continue
        seen.add(link.url)
        results.append(link)
    blocks = _blocks([link.element for link in results])
    for link in results[:MAX_ITEMS]:
        block = blocks[link.element]
        lines = [line.strip() for line in html_to_text(block).splitlines() if line.strip()]
        title = link.text.casefold()
        heads = [
            i
            for i, line in enumerate(lines)
            if line.casefold() == title or title in line.casefold()
        ]
        if heads:
            lines = lines[heads[0] :]  # what precedes a result's title is the digest's header
        link_texts = {node_text(a).casefold() for a in block.iter("a") if a is not link.element}
        lines = [
            line
            for line in lines
            if line.casefold() != link.text.casefold()
            and line.casefold() not in link_texts
            and not FOOTER.search(line)
        ]
        site = ""
        if (
            lines
            and len(lines[0]) <= 60
            and len(lines[0].split()) <= 6
            and not lines[0].endswith(".")
        ):
            if len(lines) > 1:
                site = lines.pop(0)
        body = clean_body(" ".join(lines))
        cards.append(_digest_card(notification, spec, link, site, body))
    if cards:
        trace.append(f"items: {len(cards)} results, one card each{_unread(len(results))}")
    return cards


def _unread(found):
    """What a trace says of the items of an e-mail beyond ``MAX_ITEMS``."""
    return f" (the first {MAX_ITEMS} of {found}: the rest not read)" if found > MAX_ITEMS else ""


def _read_summary(notification, spec, trace, links):
    """A platform's summary of several comments (one block each): one card per comment.

    Told by two comments or more, each with its own link (comment ids differ), each in a
    block of its own that names a person (a profile link). Anything else is one item.
    """
    if notification.tree is None or not _SEVERAL.search(notification.subject or ""):
        return []
    comments = {}
    for link in links:
        if link.element is None or not _COMMENT_LEVEL.search(link.url) or link.kind != "item":
            continue
        comments.setdefault(external_id(spec, link.url) or link.url, link)
    if len(comments) < 2:
        return []
    # each comment's block is told by all the comments, even those beyond MAX_ITEMS
    blocks = _blocks([link.element for link in comments.values()])
    cards = []
    for link in list(comments.values())[:MAX_ITEMS]:
        card = _summary_card(notification, spec, link, blocks[link.element])
        if card is None:
            return []  # not one person per block: not a summary
        cards.append(card)
    trace.append(
        f"items: a summary of {len(cards)} comments, one card each{_unread(len(comments))}"
    )
    return cards


def _summary_card(notification, spec, link, block):
    """The card of one comment of a summary, read in its ``block``; None if no one is named."""
    people = [
        a
        for a in block.iter("a")
        if link_kind(spec, unwrap_redirect(a.get("href") or "")) == "profile"
    ]
    named = [a for a in people if node_text(a)]
    if not named:
        return None
    author = node_text(named[0])
    author_url = unwrap_redirect(named[0].get("href") or "")
    lines = [x.strip() for x in html_to_text(block).splitlines() if x.strip()]
    body = _block_words(block, lines, author)
    handle = handle_of(spec, author_url) if spec.handles else ""
    match = find_action(" ".join(lines[:3]))
    return InterestData(
        platform=spec.platform,
        action_type=match.action if match is not None else "comment",
        author_name=handle if spec.name_is_handle and not author else author,
        author_handle=normalize_handle(handle, spec.platform),
        author_url=author_url,
        author_image_url=_block_photo(spec, block, people),
        body=body,
        source_url=link.url,
        external_id=external_id(spec, link.url),
        lang=detect_lang(body, default="") or detect_lang(notification.subject, "en"),
        interest_date=notification.date,
        title=notification.subject or "",
        read_by="reader",
    )


def _block_words(block, lines, author):
    """The first paragraph of a summary's block that is neither a link nor noise."""
    texts = {node_text(a).casefold() for a in block.iter("a")}
    noise = _Names([author.casefold()])
    words = []
    for line in lines:
        if line.casefold() in texts or _is_noise(line, noise):
            if words:
                break
            continue
        words.append(_quoted(line) or line)
    return clean_body("\n".join(words))


def _block_photo(spec, block, people):
    """The picture of a summary's block linked to a person, or served by the platform's
    people's picture host."""
    people = set(people)
    for img in block.iter("img"):
        src = (img.get("src") or "").strip()
        if src.startswith(("http://", "https://")) and not _PIXEL.search(src):
            if any(a in people for a in img.iterancestors("a")) or is_avatar_host(spec, src):
                return src
    return ""


def _read_people(notification, spec, trace, links):
    """Several people's likes, shares or follows in one e-mail: one card per person named.

    Told by a headline of one of those actions that speaks of several people ("3 new
    followers", "Jane Roe and Tom Lee liked your post") and by two profiles or more, each
    linked with a name. People the e-mail counts but does not name stay a number on the
    first card (``others_count``), so that every like counts once.
    """
    lines = _lines(notification)
    end = _footer_index(lines, notification)
    headline, _index, match = _headline(notification, lines[:end])
    if match is None or match.action not in _PEOPLE_ACTIONS:
        return []
    several = _PEOPLE_SEVERAL.search(notification.subject or "") or _PEOPLE_SEVERAL.search(
        headline or ""
    )
    if not several and not re.search(r"\s(?:and|und|et|y|e|и)\s|、|と", headline or ""):
        return []
    named = _people_named(links, {line.casefold() for line in lines[end:]})
    if several is None:
        # "Jane Roe and Tom Lee liked", "田中さんと佐藤さんが": names joined in the headline
        named = _joined_names(headline, named)
    if len(named) < 2:
        return []
    items = [link for link in links if link.kind == "item"]
    first = next((link for link in items if external_id(spec, link.url)), None)
    first = first or (items[0] if items else None)
    item = first.url if first is not None and match.action != "follow" else ""
    total = others_in(headline) + len(named)
    stated = re.search(r"(?<![\d:])(\d{1,6})(?![\d:])", several.group() if several else "")
    if stated:
        total = max(total, int(stated.group(1)))
    photos = _photos_by_profile(notification)
    blocks = {}  # the lines of each person's block, read once when several share one
    cards = []
    for person in named[:MAX_ITEMS]:  # the others are counted on the first card
        block = person["link"].element.getparent()
        if block not in blocks:
            blocks[block] = [x.strip() for x in html_to_text(block).splitlines() if x.strip()]
        cards.append(_person_card(notification, spec, match, person, item, photos, blocks[block]))
    cards[0].others_count = max(total - len(cards), 0)
    trace.append(f"items: {len(cards)} people who {match.action}, one card each")
    return cards


def _people_named(links, footer_texts):
    """One dict (link, name, handle) per profile linked with a name, in the e-mail's order."""
    people = {}
    for link in links:
        if link.element is None or link.kind != "profile":
            continue
        text = re.sub(r"\s+", " ", "".join(link.element.itertext())).strip()
        if not text or len(text) > 60 or find_action(text) or text.casefold() in footer_texts:
            continue
        key = normalize_profile_url(link.url)
        person = people.setdefault(key, {"link": link, "name": "", "handle": ""})
        if text.startswith("@"):
            person["handle"] = person["handle"] or text[1:]
        else:
            person["name"] = person["name"] or text
    return [p for p in people.values() if p["name"] or p["handle"]]


def _photos_by_profile(notification):
    """The first picture linked to each profile (by normalised profile URL)."""
    photos = {}
    for img in _images(notification):
        owner = next((a for a in img.iterancestors("a")), None)
        href = unwrap_redirect((owner.get("href") or "").strip()) if owner is not None else ""
        if href:
            photos.setdefault(normalize_profile_url(href), img.get("src").strip())
    return photos


def _person_card(notification, spec, match, person, item, photos, block_lines):
    """The card of one person of a grouped like, share or follow."""
    link = person["link"]
    handle = person["handle"] or (handle_of(spec, link.url) if spec.handles else "")
    name = person["name"] or handle
    return InterestData(
        platform=spec.platform,
        action_type=match.action,
        author_name=name,
        author_handle=normalize_handle(handle, spec.platform),
        author_url=link.url,
        author_image_url=photos.get(normalize_profile_url(link.url), ""),
        author_followers=_audience_near(block_lines, name, handle),
        source_url=item or link.url,
        external_id=external_id(spec, item) if item else "",
        lang=match.lang or detect_lang(notification.subject, "en"),
        interest_date=notification.date,
        title=notification.subject or "",
        read_by="reader",
    )


_JOINED = re.compile(
    r"^\s{0,3}(?:さん|様|님)?\s{0,3}(?:,|、|&|と|および|及び|and|und|et|y|e|и)?\s{0,3}$", re.I
)


def _joined_names(headline, people):
    """The people the headline names one after the other, joined by "and", "、", "と"..."""
    text = (headline or "").casefold()
    found = []
    for person in people:
        for value in (person["name"], f"@{person['handle']}" if person["handle"] else ""):
            at = text.find(value.casefold()) if value else -1
            if at >= 0:
                found.append((at, at + len(value), person))
                break
    found.sort(key=lambda item: item[0])
    joined = found[:1]
    for previous, current in pairwise(found):
        if not _JOINED.match(text[previous[1] : current[0]]):
            break
        joined.append(current)
    return [person for _start, _end, person in joined]


def _read_text_digest(notification, spec, trace):
    """One card per link to another site of a plain-text digest, with the lines beside it."""
    lines = _lines(notification)
    cards = []
    found = 0
    for index, line in enumerate(lines):
        for url in _URL_IN_TEXT.findall(line):
            target = unwrap_redirect(url.rstrip(".,;>"))
            host = _host(target)
            if not host or spec.matches_host(host) or host.endswith("google.com"):
                continue
            found += 1
            if found > MAX_ITEMS:
                continue  # counted, not read
            title = line.replace(url, "").strip(" <>:-") or (lines[index - 1] if index else "")
            after = [x for x in lines[index + 1 : index + 4] if not _URL_IN_TEXT.search(x)]
            site = after.pop(0) if len(after) > 1 and len(after[0]) <= 60 else ""
            body = clean_body(" ".join(after[:2]))
            cards.append(_digest_card(notification, spec, Link(target, title), site, body))
    if cards:
        trace.append(f"items: {len(cards)} results, one card each{_unread(found)}")
    return cards


def _digest_card(notification, spec, link, site, body):
    return InterestData(
        platform=spec.platform,
        action_type=spec.default_action or "mention",
        author_name=site or _host(link.url).removeprefix("www."),
        body=body,
        source_url=link.url,
        lang=detect_lang(body or link.text, default="") or detect_lang(notification.subject, "en"),
        interest_date=notification.date,
        title=link.text,
        read_by="reader",
    )


def _host(url):
    match = re.match(r"https?://([^/:?#]+)", url or "", re.I)
    return match.group(1).lower() if match else ""
