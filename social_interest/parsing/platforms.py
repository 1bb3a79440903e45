"""Which platform sent a notification, and how its links, ids and avatars are shaped.

A platform is told by who sends its e-mails (the sender's domain, and for Google the sender
itself) and by the headers it sets, never by wording. What a per-platform reader needs of a
platform is its web addresses: which link is a person's profile, which is an item (a post,
a comment, a video, a review, a conversation), where the item's id is, and which image host
serves people's pictures. These shapes come from the platforms' public URL formats.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit


@dataclass(frozen=True)
class Platform:
    """What the general reader knows of one platform's notifications."""

    key: str  # reader key (google_alerts and google_business are both Google)
    platform: str  # the card's platform code
    label: str
    sender_domains: tuple = ()  # the sender's domain is one of these or a subdomain
    senders: tuple = ()  # or the sender is exactly one of these addresses / local parts
    headers: tuple = ()  # (header name, value regex or "") set only by this platform
    hosts: tuple = ()  # web hosts of the platform's links
    item: str = ""  # regex on "host/path?query" of a link to an item
    profile: str = ""  # regex on "host/path?query" of a link to a person (group 1: handle)
    not_item: str = ""  # links of the platform that are never the item nor a person
    avatar_hosts: tuple = ()  # hosts of people's pictures
    handles: bool = False  # people are shown by @username
    name_is_handle: bool = False  # only the username is shown: it is the name too
    default_action: str = ""  # when no word says (a review site's mail is a review)
    digest: bool = False  # one e-mail lists several items of other sites
    extra: dict = field(default_factory=dict)

    def matches_host(self, host):
        host = (host or "").lower()
        return any(host == h or host.endswith("." + h) for h in self.hosts)


_BOILERPLATE = (
    r"(?:/help\b|/settings|/privacy|/policies|/policy|/legal|/terms|/about\b|/unsubscribe|"
    r"/notifications?/settings|/preferences|/login|/signup|/download|/ads\b|/business/help|"
    r"/o\.php|/security|/careers|/emails?/|/e/settings|/mypreferences|/psettings|/account)"
)

PLATFORMS = (
    Platform(
        key="facebook",
        platform="facebook",
        label="Facebook",
        sender_domains=("facebookmail.com", "facebook.com", "fb.com", "business.facebook.com"),
        headers=(("x-facebook-notify", ""), ("x-facebook", "")),
        hosts=("facebook.com", "fb.com", "fb.me", "fb.watch", "messenger.com"),
        item=(
            r"(?:[?&]comment_id=|/posts/|/permalink\.php|/story\.php|story_fbid=|/photos?/|"
            r"/photo\.php|/videos?/|/reviews?\b|/reel/|/watch|/groups/[^/]+/(?:posts|permalink)/|"
            r"/messages/|/latest/inbox|/inbox\b|/t/|fb\.watch/)"
        ),
        profile=r"^(?:[\w.-]+\.)?facebook\.com/(?:profile\.php\?id=(\d+)|(?!pages?/|groups/|events/)([\w.-]{3,}))/?(?:\?|$)",
        avatar_hosts=("fbcdn.net", "fbsbx.com"),
    ),
    Platform(
        key="instagram",
        platform="instagram",
        label="Instagram",
        sender_domains=("instagram.com", "mail.instagram.com"),
        hosts=("instagram.com", "instagr.am"),
        item=r"/(?:p|reel|reels|tv|stories)/[\w-]+|/direct/",
        profile=r"^(?:[\w.-]+\.)?instagram\.com/(?!p/|reel|tv/|stories/|direct/|explore/|accounts/|_u/)@?([\w.]{1,30})/?(?:\?|$)",
        avatar_hosts=("cdninstagram.com", "fbcdn.net"),
        handles=True,
        name_is_handle=True,
    ),
    Platform(
        key="x",
        platform="x",
        label="X",
        sender_domains=("x.com", "twitter.com", "twittermail.com"),
        headers=(
            ("x-twitterimpressionid", ""),
            ("x-twitteremailtype", ""),
            ("x-twitterrecipientscreenname", ""),
        ),
        hosts=("x.com", "twitter.com", "t.co"),
        item=r"/status(?:es)?/\d+|/messages\b|/i/web/status/",
        profile=r"^(?:[\w.-]+\.)?(?:x|twitter)\.com/(?!i/|intent/|settings|messages|home|hashtag/|search|notifications|account|tos|privacy)@?(\w{1,15})/?(?:\?|$)",
        avatar_hosts=("pbs.twimg.com",),
        handles=True,
    ),
    Platform(
        key="linkedin",
        platform="linkedin",
        label="LinkedIn",
        sender_domains=("linkedin.com", "e.linkedin.com", "bounce.linkedin.com"),
        headers=(("x-linkedin-class", ""), ("x-linkedin-template", ""), ("x-linkedin-fbl", "")),
        hosts=("linkedin.com", "lnkd.in"),
        item=r"/feed/update/|/posts/|commenturn|/messaging/|/pulse/|urn:li:(?:activity|share|ugcpost|comment)",
        profile=r"^(?:[\w.-]+\.)?linkedin\.com/(?:comm/)?in/([\w%.-]+)/?(?:\?|$)",
        not_item=r"/comm/(?:psettings|mynetwork)|/e/v2|trk=eml-email_footer",
        avatar_hosts=("media.licdn.com", "licdn.com"),
    ),
    Platform(
        key="youtube",
        platform="youtube",
        label="YouTube",
        sender_domains=("youtube.com",),
        hosts=("youtube.com", "youtu.be"),
        item=r"/watch\?|/shorts/|youtu\.be/|/post/|[?&]lb=|/live/",
        profile=r"^(?:[\w.-]+\.)?youtube\.com/(?:@([\w.-]+)|channel/(UC[\w-]{22})|user/([\w.-]+)|c/([\w.-]+))/?(?:\?|$)",
        avatar_hosts=("yt3.ggpht.com", "yt3.googleusercontent.com", "yt4.ggpht.com"),
        handles=True,
    ),
    Platform(
        key="vk",
        platform="vk",
        label="VK",
        sender_domains=("vk.com", "vk.ru", "vkontakte.ru", "notify.vk.com", "vk.me"),
        hosts=("vk.com", "vk.ru", "m.vk.com", "vk.me"),
        item=(
            r"/wall-?\d+_\d+|/photo-?\d+_\d+|/video-?\d+_\d+|/topic-?\d+_\d+|/im\b|/im\?|"
            r"[?&]w=wall|/market-?\d+|/gim\d+|/write-?\d+|[?&]sel=-?\d+"
        ),
        profile=r"^(?:[\w.-]+\.)?vk\.(?:com|ru)/(?!wall|photo|video|im\b|topic|away|feed|settings|market|club|public|groups)(id\d+|[a-z][\w.]{2,31})/?(?:\?|$)",
        avatar_hosts=("userapi.com", "vk.me", "vkuser.net", "vk-cdn.net"),
    ),
    Platform(
        key="tiktok",
        platform="tiktok",
        label="TikTok",
        sender_domains=(
            "tiktok.com",
            "account.tiktok.com",
            "mail.tiktok.com",
            "tiktokv.com",
            "tiktokglobalshop.com",
        ),
        hosts=("tiktok.com", "vm.tiktok.com"),
        item=r"/video/\d+|/photo/\d+|vm\.tiktok\.com/",
        profile=r"^(?:[\w.-]+\.)?tiktok\.com/@([\w.]{2,24})/?(?:\?|$)",
        avatar_hosts=("tiktokcdn.com", "tiktokcdn-us.com", "ibyteimg.com"),
        handles=True,
        name_is_handle=True,
    ),
    Platform(
        key="google_alerts",
        platform="rss",
        label="Google Alerts",
        senders=("googlealerts-noreply@google.com",),
        headers=(("x-alerts-id", ""),),
        hosts=("google.com",),
        default_action="mention",
        digest=True,
    ),
    Platform(
        key="google_business",
        platform="review_site",
        label="Google Business Profile",
        senders=(
            "businessprofile-noreply@google.com",
            "business-noreply@google.com",
            "noreply-local-guides@google.com",
            "google-my-business-noreply@google.com",
            "noreply-business@google.com",
        ),
        hosts=("business.google.com", "google.com", "g.page", "maps.app.goo.gl", "goo.gl"),
        item=r"/reviews?\b|review|/local/|g\.page/|/maps/|maps\.app\.goo\.gl",
        avatar_hosts=("googleusercontent.com", "ggpht.com"),
        default_action="review",
    ),
    Platform(
        key="trustpilot",
        platform="review_site",
        label="Trustpilot",
        sender_domains=("trustpilot.com", "trustpilotmail.com", "mail.trustpilot.com"),
        hosts=("trustpilot.com",),
        item=r"/reviews/[\w-]+|/review/",
        profile=r"^(?:[\w.-]+\.)?trustpilot\.com/users/([\w-]+)/?(?:\?|$)",
        avatar_hosts=("user-images.trustpilot.com",),
        default_action="review",
    ),
    Platform(
        key="reddit",
        platform="reddit",
        label="Reddit",
        sender_domains=("redditmail.com", "reddit.com"),
        hosts=("reddit.com", "redd.it"),
        item=r"/comments/\w+|/message/",
        profile=r"^(?:[\w.-]+\.)?reddit\.com/u(?:ser)?/([\w-]{3,20})/?(?:\?|$)",
        avatar_hosts=("redditmedia.com", "redditstatic.com"),
        handles=True,
        name_is_handle=True,
    ),
    Platform(
        key="yelp",
        platform="review_site",
        label="Yelp",
        sender_domains=("yelp.com",),
        hosts=("yelp.com", "biz.yelp.com"),
        item=r"/biz/|review",
        default_action="review",
    ),
    Platform(
        key="tripadvisor",
        platform="review_site",
        label="Tripadvisor",
        sender_domains=("tripadvisor.com", "e.tripadvisor.com", "tamgrt.com"),
        hosts=("tripadvisor.com",),
        item=r"/ShowUserReviews|review",
        default_action="review",
    ),
)

_BY_KEY = {spec.key: spec for spec in PLATFORMS}
_NOT_ITEM = re.compile(_BOILERPLATE, re.IGNORECASE)
_COMPILED = {}


def platform_by_key(key):
    return _BY_KEY.get(key)


def recognise(sender_email, headers=None):
    """The platform that sent an e-mail, and how it was told; ``(None, "")`` when none.

    :param sender_email: the sender's address (lower-cased)
    :param headers: lower-cased header names -> values
    """
    sender = (sender_email or "").strip().lower()
    domain = sender.rpartition("@")[2]
    for spec in PLATFORMS:
        if sender and any(sender == s or sender.partition("@")[0] == s for s in spec.senders):
            return spec, f"sender {sender}"
    for spec in PLATFORMS:
        if domain and _on_domains(domain, spec.sender_domains):
            return spec, f"sender domain {domain}"
    headers = headers or {}
    for spec in PLATFORMS:
        for name, value in spec.headers:
            if name in headers and (not value or re.search(value, headers[name], re.I)):
                return spec, f"header {name}"
    list_id = (headers.get("list-id") or "").lower()
    for spec in PLATFORMS:
        if list_id and any(h.split(".")[0] in list_id for h in spec.hosts if "." in h):
            if spec.key not in ("google_alerts", "google_business"):
                return spec, "header list-id"
    return None, ""


def sent_from_platform_domain(sender_email):
    """True when the sender's domain is one a platform sends its notifications from."""
    domain = (sender_email or "").strip().lower().rpartition("@")[2]
    return bool(domain) and any(_on_domains(domain, spec.sender_domains) for spec in PLATFORMS)


def _on_domains(domain, domains):
    return any(domain == d or domain.endswith("." + d) for d in domains)


def _rx(spec, name):
    key = (spec.key, name)
    if key not in _COMPILED:
        pattern = getattr(spec, name)
        _COMPILED[key] = re.compile(pattern, re.IGNORECASE) if pattern else None
    return _COMPILED[key]


def _where(url):
    """``host/path?query`` of a URL (host without ``www.``/``m.``), lower-cased host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "", ""
    host = (parts.hostname or "").lower()
    if host.startswith(("www.", "m.", "web.", "mobile.")):
        host = host.split(".", 1)[1]
    rest = parts.path + (f"?{parts.query}" if parts.query else "")
    return host, f"{host}{rest}"


def link_kind(spec, url):
    """``"profile"``, ``"item"``, ``"platform"`` (another link of the platform), or ``""``."""
    host, where = _where(url)
    if not host or not spec.matches_host(host):
        return ""
    path = where[len(host) :]
    if _NOT_ITEM.search(path) or (spec.not_item and _rx(spec, "not_item").search(where)):
        return "platform"
    item = _rx(spec, "item")
    if item is not None and item.search(where):
        return "item"
    profile = _rx(spec, "profile")
    if profile is not None and profile.search(where):
        return "profile"
    return "platform"


def handle_of(spec, url):
    """The username a profile link names, or ""."""
    profile = _rx(spec, "profile")
    if profile is None:
        return ""
    _host, where = _where(url)
    match = profile.search(where)
    if not match:
        return ""
    handle = next((g for g in match.groups() if g), "")
    return unquote(handle)


def is_avatar_host(spec, url):
    host, _where_ = _where(url)
    return any(host == h or host.endswith("." + h) for h in spec.avatar_hosts)


_DIGITS = re.compile(r"\d{5,}")


def external_id(spec, url):
    """The platform's id of the item a link points at (a comment's before its post's)."""
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    query = {k.lower(): v[0] for k, v in parse_qs(parts.query).items() if v}
    path = unquote(parts.path)
    key = spec.key
    # a comment's own id before its post's, wherever a platform puts it in the query
    found = query.get("comment_id") or query.get("reply_comment_id") or query.get("cid") or ""
    if found and key not in ("linkedin",):
        return found.strip()
    if key == "facebook":
        found = query.get("comment_id") or query.get("reply_comment_id") or ""
        if not found:
            match = re.search(r"/(?:posts|videos|reel|photos?)/(?:[^/?]+/)?([\w.-]+)/?$", path)
            found = (
                query.get("story_fbid")
                or query.get("fbid")
                or query.get("v")
                or (match.group(1) if match else "")
            )
    elif key == "instagram":
        match = re.search(r"/(?:p|reel|reels|tv)/[\w-]+/c/(\d+)", path) or re.search(
            r"/(?:p|reel|reels|tv)/([\w-]+)", path
        )
        found = match.group(1) if match else ""
    elif key == "x":
        match = re.search(r"/status(?:es)?/(\d+)", path)
        found = match.group(1) if match else ""
    elif key == "linkedin":
        text = unquote(url)
        match = re.search(r"urn:li:comment:\(?[^,)]*[,:](\d+)\)?", text) or re.search(
            r"commentUrn=[^&]*?(\d{6,})", text
        )
        if not match:
            match = re.search(r"urn:li:(?:activity|share|ugcPost):(\d+)", text, re.I)
        found = match.group(1) if match else ""
    elif key == "youtube":
        found = query.get("lc") or query.get("v") or query.get("lb") or ""
        if not found:
            match = re.search(r"/(?:shorts|live|post)/([\w-]+)", path) or (
                re.search(r"^/([\w-]{6,})$", path) if "youtu.be" in (parts.hostname or "") else None
            )
            found = match.group(1) if match else ""
    elif key == "vk":
        found = query.get("reply") or ""
        if not found:
            match = re.search(r"(?:wall|photo|video|topic)(-?\d+_\d+)", url)
            found = match.group(1) if match else ""
    elif key == "tiktok":
        match = re.search(r"/(?:video|photo)/(\d+)", path)
        found = match.group(1) if match else ""
    elif key == "trustpilot":
        match = re.search(r"/reviews/([\w-]+)", path)
        found = match.group(1) if match else ""
    elif key == "google_business":
        match = re.search(r"/r/([\w-]{8,})", path)
        found = query.get("reviewid") or (match.group(1) if match else "")
    elif key == "reddit":
        match = re.search(r"/comments/\w+/[^/]*/(\w+)", path) or re.search(r"/comments/(\w+)", path)
        found = match.group(1) if match else ""
    return (found or "").strip()
