from . import test_livechat_cards
