from . import test_reply_links
