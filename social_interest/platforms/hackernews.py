"""Hacker News.

User ids are case-sensitive (``user?id=`` finds only the exact spelling): kept as they are.
"""

from . import register
from .base import Platform


@register
class HackerNews(Platform):
    code = "hackernews"
    label = "Hacker News"
    icon = "fa-hacker-news"
    sequence = 100
    connector_kinds = ("hackernews",)

    def normalize_handle(self, handle):
        return self.bare_handle(handle)
