"""Downloading an author's photo: the suite's one guarded fetcher (see ``lib/http.py``)."""

from ..lib.http import FetchError, check_url, fetch_image  # noqa: F401
