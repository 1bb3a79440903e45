"""Forums (their feeds are read by the ``rss`` connector kind)."""

from . import register
from .base import Platform


@register
class Forum(Platform):
    code = "forum"
    label = "Forum"
    icon = "fa-comments-o"
    sequence = 160
    utm_medium = "Forum"
    connector_kinds = ("rss",)
