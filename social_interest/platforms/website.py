"""The company's own website (forms, visits, comments on its pages)."""

from . import register
from .base import Platform


@register
class Website(Platform):
    code = "website"
    label = "Website"
    icon = "fa-globe"
    sequence = 120
    utm_medium = "Website"
