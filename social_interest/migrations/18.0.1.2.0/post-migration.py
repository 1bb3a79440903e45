# The shipped parsing rules are "noupdate": an update keeps an admin's edits. Their body
# patterns of 18.0.1.1.0 backtracked quadratically on hostile text; the ones still exactly
# as shipped are replaced by the linear-time patterns of this version.
Q_BODY = r"(?P<body>(?:[^”" + '"' + r"」»\n]|\n(?![“" + '"' + r"「«]))+)"
REPLACED = (
    (
        r'\n[“"「«](?P<body>.+?)[”"」»]\s*(?:\n|$)',
        r'\n[“"「«]' + Q_BODY + r'[”"」»]\s*(?:\n|$)',
    ),
    (
        r'\n(?P<rating>[★☆]{5})\n[“"「«](?P<body>.+?)[”"」»]',
        r'\n(?P<rating>[★☆]{5})\n[“"「«]' + Q_BODY + r'[”"」»]',
    ),
    (
        r"(?:Replying to|返信先:|В ответ) @\w+\n(?P<body>.+?)\n(?:View on X|Xで表示|Посмотреть в X)",
        r"(?:Replying to|返信先:|В ответ) @\w+\n"
        r"(?P<body>(?:(?!Replying to|返信先:|В ответ)[\s\S])+?)\n(?:View on X|Xで表示|Посмотреть в X)",
    ),
    (
        r"Message:\s*(?P<body>.+?)(?:\n--|$)",
        r"Message:\s*(?P<body>(?:(?!\nName:)[\s\S])+?)(?:\n--|$)",
    ),
    (
        r"お問い合わせ内容[:：]\s*(?P<body>.+?)(?:\n--|$)",
        r"お問い合わせ内容[:：]\s*(?P<body>(?:(?!\nお名前[:：])[\s\S])+?)(?:\n--|$)",
    ),
    (
        r"Сообщение:\s*(?P<body>.+?)(?:\n--|$)",
        r"Сообщение:\s*(?P<body>(?:(?!\nИмя:)[\s\S])+?)(?:\n--|$)",
    ),
)


def migrate(cr, version):
    for old, new in REPLACED:
        # the tail of each pattern is what changed; the rules of this module only
        cr.execute(
            """
            UPDATE social_interest_parse_rule rule
               SET body_pattern = replace(rule.body_pattern, %(old)s, %(new)s)
              FROM ir_model_data data
             WHERE data.module = 'social_interest'
               AND data.model = 'social.interest.parse.rule'
               AND data.res_id = rule.id
               AND strpos(rule.body_pattern, %(old)s) > 0
            """,
            {"old": old, "new": new},
        )
