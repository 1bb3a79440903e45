from . import test_livechat_cards, test_livechat_tour
