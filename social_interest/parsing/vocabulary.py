"""What happened, from the words of a notification, in every language the suite ships.

Platforms word the same event many ways ("Jane commented on your post", "New comment on your
video", "Jane hat deinen Beitrag kommentiert", "田中さんがコメントしました") and reword them
often. The action is told by the words that name it, not by a whole sentence: each action has
*verbs* (strong: "commented", "a commenté", "コメントしました") and *nouns* (weak: "comment",
"Kommentar", "コメント"). A headline's first verb names the action ("Jane commented on a post
you shared" is a comment); a headline with nouns only ("New comment on your video") takes the
first action of ``ACTIONS`` whose noun it holds.

Replies are comments (a reply is a comment in a thread: the card's action list has no separate
reply). Languages: en, ja, ru, es, fr, de, pt, ko, zh (simplified and traditional).
"""

import re
from dataclasses import dataclass

# (action, language, strong verbs, weak nouns); patterns are regex fragments, case-insensitive.
# The order of actions is the order weak nouns are tried in: the narrower action first.
_TERMS = {
    "mention": {
        "en": (
            r"mentioned|mentions you|tagged|@mentioned|you were mentioned",
            r"mentions?|tags?\b",
        ),
        "ja": (
            r"メンションしました|メンションされました|タグ付けしました|タグ付けされました|言及しました",
            r"メンション|タグ付け|言及",
        ),
        "ru": (
            r"упомянул[аи]?|упомянуты|отметил[аи]? вас|отметили вас",
            r"упоминани|отметк[аи] на",
        ),
        "es": (
            r"te mencionó|mencionó|te ha mencionado|te etiquetó|etiquetó",
            r"menci[oó]n|menciones|etiqueta",
        ),
        "fr": (
            r"vous a mentionnée?|t'a mentionnée?|a mentionné|vous a identifiée?|t'a identifiée?",
            r"mentions?\b|identification",
        ),
        "de": (r"erwähnt|markiert", r"erwähnung|markierung"),
        "pt": (r"mencionou|te marcou|marcou você", r"menç(?:ão|ões)|marcaç(?:ão|ões)"),
        "ko": (r"언급했습니다|태그했습니다|멘션했습니다", r"언급|태그|멘션"),
        "zh": (r"提到了|提及了|提到你|@了你|标记了你|標註了你|標記了你", r"提及|提到|标记|標註"),
    },
    "review": {
        "en": (
            r"reviewed|rated|recommend(?:ed|s)|(?:left|wrote|posted|gave|added) (?:a |an |you a )?"
            r"(?:new )?(?:\d[- ]star )?(?:review|rating)",
            r"reviews?\b|ratings?\b|recommendations?\b",
        ),
        "ja": (
            r"レビューしました|レビューを投稿|クチコミを投稿|口コミを投稿|評価しました|おすすめしました",
            r"レビュー|クチコミ|口コミ|評価",
        ),
        "ru": (
            r"оставил[аи]? отзыв|написал[аи]? отзыв|рекомендует|поставил[аи]? оценку",
            r"отзыв|оценк[аи]\b|рейтинг",
        ),
        "es": (
            r"dejó una reseña|escribió una reseña|publicó una reseña|calificó|valoró|recomienda",
            r"reseñas?|opini[oó]n|valoraci[oó]n|calificaci[oó]n",
        ),
        "fr": (
            r"a laissé un avis|a publié un avis|a rédigé un avis|a donné un avis|a évalué|a noté|recommande",
            r"avis\b|évaluations?",
        ),
        "de": (r"bewertet|rezensiert|empfiehlt|hat eine bewertung", r"bewertung|rezension"),
        "pt": (
            r"deixou uma avaliação|escreveu uma avaliação|avaliou|recomenda",
            r"avaliaç(?:ão|ões)|resenha",
        ),
        "ko": (
            r"리뷰를 남겼습니다|리뷰를 작성했습니다|평가했습니다|후기를 남겼습니다",
            r"리뷰|평점|후기",
        ),
        "zh": (
            r"发表了评价|留下了评价|评价了|評價了|发表了点评|给出了评分|撰写了评价",
            r"评价|評價|评分|評分|点评|點評",
        ),
    },
    "message": {
        "en": (
            r"messaged you|sent you (?:a |an )?(?:new )?(?:direct |private )?message|"
            r"sent (?:a |an )?(?:new )?message|wrote you|wrote to you",
            r"messages?\b|\bdms?\b|inmail|inbox",
        ),
        "ja": (
            r"メッセージを送信しました|メッセージを送りました|メッセージが届きました|メッセージを送信",
            r"メッセージ",
        ),
        "ru": (
            r"отправил[аи]? (?:вам )?сообщение|прислал[аи]? (?:вам )?сообщение|написал[аи]? (?:вам|сообщение)",
            r"сообщени|личн",
        ),
        "es": (
            r"te envió un mensaje|te ha enviado un mensaje|envió un mensaje|te escribió",
            r"mensajes?",
        ),
        "fr": (
            r"vous a envoyé un message|t'a envoyé un message|a envoyé un message|vous a écrit",
            r"messages?\b",
        ),
        "de": (
            r"hat dir (?:eine )?nachricht|hat ihnen (?:eine )?nachricht|nachricht gesendet|nachricht geschickt|hat dir geschrieben|hat ihnen geschrieben",
            r"nachricht",
        ),
        "pt": (
            r"enviou uma mensagem|te enviou uma mensagem|mandou uma mensagem|enviou-lhe uma mensagem",
            r"mensage(?:m|ns)",
        ),
        "ko": (r"메시지를 보냈습니다|메시지를 보냄|메시지를 보내", r"메시지"),
        "zh": (
            r"发送了消息|发来了消息|发了一条消息|给你发送了|傳送了訊息|發送了訊息|发送了一条私信",
            r"消息|訊息|私信",
        ),
    },
    "question": {
        "en": (r"asked (?:you )?(?:a )?question|asked\b", r"questions?\b|q&a"),
        "ja": (r"質問しました|質問を投稿|質問が届きました", r"質問"),
        "ru": (r"задал[аи]? (?:вам )?вопрос", r"вопрос"),
        "es": (r"hizo una pregunta|te preguntó|preguntó", r"preguntas?"),
        "fr": (r"a posé une question|vous a posé", r"questions?\b"),
        "de": (r"hat eine frage gestellt|fragt|hat gefragt", r"fragen?\b"),
        "pt": (r"fez uma pergunta|perguntou", r"perguntas?"),
        "ko": (r"질문했습니다|질문을 남겼습니다", r"질문"),
        "zh": (r"提出了问题|提了一个问题|提问了|提出了問題", r"问题|問題|提问"),
    },
    "like": {
        "en": (
            r"liked|reacted|loved|likes your|hearted|favou?rited|\+1'd",
            r"likes?\b|reactions?\b",
        ),
        "ja": (
            r"いいね[！!]?しました|いいね[！!]?を押しました|リアクションしました|超いいね|"
            r"高く評価しました|高評価(?:を(?:付け|つけ|押し))?(?:し)?ました",
            r"いいね|リアクション",
        ),
        "ru": (
            r"понравил(?:ся|ась|ось|ись)|нравится|отреагировал[аи]?|оценил[аи]? (?:вашу |ваш |ваше |ваши )?"
            r"(?:запись|публикацию|пост|комментари|фотографи|фото|видео|ответ)|поставил[аи]? лайк",
            r"лайк|реакци|«мне нравится»",
        ),
        "es": (
            r"le gusta|le gustó|le ha gustado|les gusta|le encanta|reaccionó",
            r"me gusta|reacci[oó]n",
        ),
        "fr": (
            r"aime (?:votre|ta|ton|vos)|a aimé|ont aimé|a réagi|ont réagi",
            r"j'aime|réactions?",
        ),
        "de": (
            r"gefällt|hat reagiert|reagiert|hat .{0,40}geliked|mag dein",
            r"reaktion|gefällt mir|\blikes?\b",
        ),
        "pt": (r"curtiu|reagiu|gostou|curtiram", r"curtidas?|reaç(?:ão|ões)"),
        "ko": (
            r"좋아합니다|좋아요를 눌렀습니다|좋아했습니다|반응했습니다|공감했습니다",
            r"좋아요|반응",
        ),
        "zh": (r"赞了|點讚了|点赞了|讚好|说赞|說讚|喜欢了|喜歡了|做出了反应|心情", r"赞|讚"),
    },
    "share": {
        "en": (
            r"shared|reposted|retweeted|reshared|quoted your",
            r"shares?\b|reposts?\b|retweets?\b",
        ),
        "ja": (
            r"シェアしました|リポストしました|リツイートしました|共有しました|引用しました",
            r"シェア|リポスト|リツイート",
        ),
        "ru": (
            r"поделил(?:ся|ась|ись)|репостнул[аи]?|сделал[аи]? репост|рассказал[аи]? о",
            r"репост",
        ),
        "es": (r"compartió|ha compartido|republicó", r"compartid|repost"),
        "fr": (r"a partagé|ont partagé|a republié", r"partages?\b"),
        "de": (r"geteilt|teilte|repostet", r"geteilte|teilen"),
        "pt": (r"compartilhou|partilhou|repostou", r"compartilhament|partilha"),
        "ko": (r"공유했습니다|리포스트했습니다|리트윗했습니다", r"공유"),
        "zh": (r"分享了|转发了|轉發了|轉貼了|转推了", r"分享|转发|轉發"),
    },
    "follow": {
        "en": (
            r"followed you|started following|is now following|are now following|follows you|"
            r"subscribed to your|wants to connect|accepted your invitation|"
            r"sent you a (?:connection|friend|follow) request|invited you to connect",
            r"new followers?|followers?\b|subscribers?\b|connection request|friend request|invitations? to connect",
        ),
        "ja": (
            r"フォローしました|フォローを開始|フォローされました|チャンネル登録しました|リクエストを送信しました",
            r"フォロワー|チャンネル登録|つながりリクエスト|友達リクエスト",
        ),
        "ru": (
            r"подписал(?:ся|ась|ись)|хочет добавить вас в друзья|добавил[аи]? вас в друзья|заявк[уа] в друзья",
            r"подписчик|заявк[аи] в друзья",
        ),
        "es": (
            r"empezó a seguirte|comenzó a seguirte|te sigue|te ha seguido|se suscribió|quiere conectar",
            r"seguidor|suscriptor|solicitud de amistad",
        ),
        "fr": (
            r"a commencé à vous suivre|a commencé à te suivre|vous suit|te suit|s'est abonnée?|souhaite se connecter",
            r"abonnée?s?\b|followers?\b|invitation",
        ),
        "de": (
            r"folgt dir|folgt ihnen|hat dich abonniert|hat ihren kanal abonniert|abonniert|möchte sich (?:mit ihnen )?vernetzen",
            r"follower|abonnent|kontaktanfrage|freundschaftsanfrage",
        ),
        "pt": (
            r"começou a seguir|começou a te seguir|seguiu você|segue você|inscreveu-se|se inscreveu|quer se conectar",
            r"seguidor|inscrit|solicitaç(?:ão|ões) de amizade",
        ),
        "ko": (
            r"팔로우하기 시작했습니다|팔로우했습니다|구독했습니다|팔로우합니다",
            r"팔로워|구독자|팔로우",
        ),
        "zh": (
            r"关注了你|關注了你|開始追蹤你|开始关注|关注了|订阅了|訂閱了",
            r"关注|關注|粉丝|追蹤|订阅",
        ),
    },
    "comment": {
        "en": (
            r"commented|replied|responded|answered|wrote on your|posted on your|"
            r"left (?:a |an )?(?:new )?(?:comment|reply)|added (?:a |an )?(?:new )?(?:comment|reply)",
            r"comments?\b|repl(?:y|ies)\b|responses?\b",
        ),
        "ja": (
            r"コメントしました|返信しました|コメントを投稿しました|コメントを残しました|返信がありました|コメントがありました|書き込みました",
            r"コメント|返信",
        ),
        "ru": (
            r"прокомментировал[аи]?|ответил[аи]?|оставил[аи]? комментарий|написал[аи]? комментарий|"
            r"написал[аи]? на стене|прокомментировали",
            r"комментари|ответ",
        ),
        "es": (
            r"comentó|ha comentado|respondió|ha respondido|dejó un comentario|escribió un comentario",
            r"comentarios?|respuestas?",
        ),
        "fr": (
            r"a commenté|ont commenté|a répondu|ont répondu|a laissé un commentaire",
            r"commentaires?|réponses?",
        ),
        "de": (
            r"kommentiert|geantwortet|antwortete|hat .{0,40}beantwortet|hat einen kommentar",
            r"kommentar|antwort",
        ),
        "pt": (r"comentou|respondeu|deixou um comentário|comentaram", r"comentários?|respostas?"),
        "ko": (
            r"댓글을 남겼습니다|댓글을 달았습니다|답글을 남겼습니다|답글을 달았습니다|댓글을 작성했습니다|답장했습니다",
            r"댓글|답글",
        ),
        "zh": (
            r"评论了|評論了|留言了|回复了|回覆了|發表了留言|发表了评论",
            r"评论|評論|留言|回复|回覆",
        ),
    },
}

ACTIONS = tuple(_TERMS)
LANGS = ("en", "ja", "ru", "es", "fr", "de", "pt", "ko", "zh")
# scripts with no spaces between words: no word boundary before a term
_UNSPACED = ("ja", "ko", "zh")


@dataclass(frozen=True)
class ActionMatch:
    """The words that told the action: where they are and in which language."""

    action: str
    lang: str
    words: str
    start: int
    end: int
    strong: bool


def _compile():
    compiled = []
    for action, langs in _TERMS.items():
        for lang, (strong, weak) in langs.items():
            for is_strong, pattern in ((True, strong), (False, weak)):
                if not pattern:
                    continue
                prefix = "" if lang in _UNSPACED else r"(?<![\w])"
                compiled.append(
                    (action, lang, is_strong, re.compile(prefix + f"(?:{pattern})", re.I))
                )
    return compiled


_COMPILED = _compile()


def find_action(text):
    """The action a headline names, or None.

    :return: an :class:`ActionMatch`: the first verb of the text, else the first noun of the
        narrowest action named.
    """
    text = (text or "")[:2000]
    if not text.strip():
        return None
    strong = []
    weak = []
    for action, lang, is_strong, pattern in _COMPILED:
        match = pattern.search(text)
        if not match:
            continue
        found = ActionMatch(action, lang, match.group(), match.start(), match.end(), is_strong)
        (strong if is_strong else weak).append(found)
    if strong:
        # the first verb; of two verbs at one place, the longer wording ("left a review")
        return min(strong, key=lambda m: (m.start, -(m.end - m.start), ACTIONS.index(m.action)))
    if weak:
        return min(weak, key=lambda m: (ACTIONS.index(m.action), m.start))
    return None
