"""Anything else (a signed webhook of the company's own tools, for instance)."""

from . import register
from .base import Platform


@register
class Other(Platform):
    code = "other"
    label = "Other"
    icon = "fa-question-circle-o"
    sequence = 180
    connector_kinds = ("generic_webhook",)
