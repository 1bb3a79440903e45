from . import test_link_safety, test_reply_links
