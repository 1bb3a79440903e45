"""Chat (live chat, messaging apps): private by nature."""

from . import register
from .base import Platform


@register
class Chat(Platform):
    code = "chat"
    label = "Chat"
    icon = "fa-comment"
    sequence = 150
    utm_medium = "Chat"
    private = True
