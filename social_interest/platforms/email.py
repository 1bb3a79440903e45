"""E-mail: a person who wrote to us. Private by nature."""

from . import register
from .base import Platform


@register
class Email(Platform):
    code = "email"
    label = "E-mail"
    icon = "fa-envelope"
    sequence = 140
    utm_medium = "Email"
    private = True
