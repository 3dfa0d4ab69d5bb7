"""Sentences: what speakers say, built from templates in the summary or the verbatim register.

A summary (議事要旨) writes plain endings (…と考えている。…教えてほしい。); a verbatim record
(議事録, 会議録) keeps the polite spoken ones (…と考えております。…でしょうか。). The act of
a statement is chosen first and its core sentence carries the matching ending.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from bench.vocab import FORUMS, Topic

PLAIN = "plain"
POLITE = "polite"

_CONTEXT = {
    PLAIN: (
        "{self}では、{subj}について{action}を進めている。",
        "{subj}については、{self}でも{aspect}が課題となっている。",
        "{fy}から{subj}に関する{action}に着手したところである。",
        "{subj}の{aspect}について、庁内で検討を始めている。",
        "{subj}は住民サービスの向上に直結する取組である。",
        "{subj}に関しては、現場の職員の負担が大きくなっている。",
        "{subj}の{aspect}は、団体ごとに状況が異なる。",
        "先日{self}で職員アンケートを実施したところ、約{pct}%が{aspect}に不安があると回答した。",
        "{self}では約{num}件の手続を対象に{action}を進めてきた。",
        "{subj}を進めるうえで、{aspect}が大きな論点になると認識している。",
    ),
    POLITE: (
        "{self}では、{subj}について{action}を進めております。",
        "{subj}につきましては、{self}でも{aspect}が課題となっております。",
        "{fy}から{subj}に関する{action}に着手したところでございます。",
        "{subj}の{aspect}について、庁内で検討を始めております。",
        "{subj}は、住民サービスの向上に直結する取組だと認識しております。",
        "{subj}に関しましては、現場の職員の負担が大きくなっていると聞いております。",
        "{self}でアンケートを取りましたところ、約{pct}%の方が{aspect}に不安があると回答しております。",
        "{subj}を進めるうえで、{aspect}が大きな論点になると考えております。",
    ),
}

_QUESTION = {
    PLAIN: (
        "{subj}の{aspect}について、{addr}の考えを伺いたい。",
        "{subj}の{aspect}は、どのようなスケジュールで進める予定か。",
        "{subj}について、{aspect}をどのように考えているか。",
        "{subj}の{aspect}について、現時点の見通しを教えてほしい。",
        "{subj}の{aspect}について、先行している団体の事例があればお聞きしたい。",
        "{subj}の{aspect}について、ご教示願いたい。",
        "{subj}の{aspect}は、{community}の負担となるのか。",
        "{subj}に関して、{addr}として{aspect}の支援を予定しているか。",
        "{subj}の{aspect}について、国との役割分担はどのように整理されているのか伺いたい。",
        "{subj}の{aspect}について、他の団体ではどのように対応しているのか教えてほしい。",
    ),
    POLITE: (
        "{subj}の{aspect}について、{addr}のお考えをお伺いしたいと思います。",
        "{subj}の{aspect}は、どのようなスケジュールで進める予定でしょうか。",
        "{subj}について、{aspect}をどのようにお考えでしょうか。",
        "{subj}の{aspect}について、現時点の見通しをお聞きしたいと思います。",
        "{subj}の{aspect}について、先行事例があれば教えていただけますか。",
        "{subj}の{aspect}は、{community}の負担になるのでしょうか。",
        "{subj}に関して、{aspect}の支援は予定されているのでしょうか。",
        "{subj}の{aspect}について伺います。",
    ),
}

_REQUEST = {
    PLAIN: (
        "{subj}の{aspect}について、{addr}で支援してほしい。",
        "{subj}について、{stakeholders}の意見を聞く場を設けていただきたい。",
        "{subj}の{aspect}について、共同での対応を検討いただきたい。",
        "{subj}の{aspect}について、早めに情報提供をお願いしたい。",
        "{subj}について、{addr}が音頭を取って進めてほしい。",
        "{subj}の{aspect}については、財政面での支援もお願いしたい。",
        "{subj}の{aspect}について、ガイドラインを示していただきたい。",
        "{subj}の{aspect}について、引き続き丁寧な説明をお願いしたい。",
    ),
    POLITE: (
        "{subj}の{aspect}について、{addr}からの支援をお願いしたいと思います。",
        "{subj}について、{stakeholders}の意見を聞く場を設けていただきたいと思います。",
        "{subj}の{aspect}について、共同での対応をご検討いただきたいと思います。",
        "{subj}の{aspect}について、早めの情報提供をお願いしたいと思います。",
        "{subj}の{aspect}については、ぜひ丁寧な説明をお願いいたします。",
        "{subj}の{aspect}について、一層の取組を要望いたします。",
    ),
}

_RESPONSE = {
    PLAIN: (
        "{subj}の{aspect}については、{fy}中に方針を示したいと考えている。",
        "{subj}については、区市町村の意見を伺いながら検討したい。",
        "{aspect}については、詳細が決まり次第、改めて共有したい。",
        "{subj}について、{forum}の場も活用しながら{action}を進めていく。",
        "ご指摘の{aspect}については、国にも伝えていきたい。",
        "{subj}の{aspect}については、共同調達の対象とすることも含めて検討したい。",
        "{subj}に関しては、既に{num}団体から相談をいただいており、個別に支援していく。",
        "{aspect}については課題として認識しており、{forum}で議論を深めたいと考えている。",
        "{subj}の{aspect}は、各団体の状況を踏まえて柔軟に対応できるよう調整している。",
        "{subj}については、{action}の結果を取りまとめ、{fy}中に共有したい。",
    ),
    POLITE: (
        "{subj}の{aspect}につきましては、{fy}中に方針をお示ししたいと考えております。",
        "{subj}については、区市町村の皆様のご意見を伺いながら検討してまいります。",
        "{aspect}については、詳細が決まり次第、改めて共有させていただきます。",
        "{subj}について、{forum}の場も活用しながら{action}を進めてまいります。",
        "ご指摘の{aspect}につきましては、国にもしっかりと伝えてまいります。",
        "{aspect}については課題として認識しておりまして、{forum}で議論を深めたいと考えております。",
    ),
}

# Responses of a municipality's own officials (no "区市町村の皆様" from a town hall).
_RESPONSE_LOCAL = {
    PLAIN: (
        "{subj}については、関係部署と連携しながら検討したい。",
        "{subj}の{aspect}については、{fy}中に方針を取りまとめたいと考えている。",
        "ご指摘の{aspect}については、他団体の事例も参考にしながら研究していく。",
        "{subj}の{aspect}については、国や都の動向を注視しながら対応していく。",
        "{aspect}については、実施結果を検証し、改めて報告したい。",
    ),
    POLITE: (
        "{subj}につきましては、関係部署と連携しながら検討してまいります。",
        "{subj}の{aspect}については、{fy}中に方針を取りまとめる予定でございます。",
        "ご指摘の{aspect}につきましては、他自治体の事例も参考にしながら研究してまいります。",
        "{subj}の{aspect}については、国や都の動向を注視しながら適切に対応してまいります。",
        "{aspect}につきましては、検証結果を踏まえ、改めてご報告させていただきます。",
    ),
}

_REMARK = {
    PLAIN: (
        "{subj}については、団体間の連携が重要であると感じている。",
        "{subj}の{aspect}について、{self}では一定の成果が出ている。",
        "{subj}の{action}を通じて、職員の意識も変わりつつある。",
        "{subj}に関する知見は、他の団体とも共有していきたいと考えている。",
        "{subj}の{aspect}は、今後さらに重要になると考えている。",
        "{subj}については、{aspect}の工夫次第で効果が大きく変わると実感している。",
    ),
    POLITE: (
        "{subj}につきましては、団体間の連携が非常に重要であると感じております。",
        "{subj}の{aspect}について、{self}では一定の成果が出てきております。",
        "{subj}の{action}を通じて、職員の意識も変わりつつあると感じております。",
        "{subj}の{aspect}は、今後さらに重要になっていくと考えております。",
    ),
}

_ADDON = {
    PLAIN: (
        "あわせて、{action}についても検討している。",
        "引き続き、区市町村の皆さまと連携して進めていく。",
        "今後、{forum}でも進捗を報告していきたい。",
    ),
    POLITE: (
        "あわせて、{action}についても検討しております。",
        "引き続き、区市町村の皆様と連携して進めてまいります。",
    ),
}

_ADDON_LOCAL = {
    PLAIN: (
        "あわせて、{action}についても検討している。",
        "引き続き、関係部署と連携して進めていく。",
    ),
    POLITE: (
        "あわせて、{action}についても検討しております。",
        "引き続き、関係部署と連携して進めてまいります。",
    ),
}

_TEMPLATES = {
    "question": _QUESTION,
    "request": _REQUEST,
    "response": _RESPONSE,
    "remark": _REMARK,
}


@dataclass(frozen=True)
class Voice:
    """Who is speaking, as far as the words go: register, self-reference and addressee."""

    register: str = PLAIN
    self_name: str = "本市"
    addressee: str = "都"
    local: bool = False  # a municipality's own official (answers without a wide-area view)
    community: str = "区市町村"  # whose burden a question worries about
    stakeholders: str = "区市町村"  # whose views a request wants heard


def say(rng: random.Random, act: str, topic: Topic, voice: Voice, fiscal_year: str) -> list[str]:
    """Return the sentences of one statement whose act is ``act``, about ``topic``.

    Questions and requests may open with a sentence of context (and, now and then, close
    with one); responses may add a second commitment; remarks are one or two sentences.
    """
    fill = _Filler(rng, topic, voice, fiscal_year)
    templates = _RESPONSE_LOCAL if act == "response" and voice.local else _TEMPLATES[act]
    core = fill(rng.choice(templates[voice.register]))
    if act in ("question", "request"):
        out = [core]
        if rng.random() < 0.55:
            out.insert(0, fill(rng.choice(_CONTEXT[voice.register])))
        elif rng.random() < 0.15:
            out.append(fill(rng.choice(_CONTEXT[voice.register])))
        return out
    if act == "response":
        addons = (_ADDON_LOCAL if voice.local else _ADDON)[voice.register]
        addons = tuple(a for a in addons if "連携" not in a or "連携" not in core)
        return [core, fill(rng.choice(addons))] if rng.random() < 0.4 else [core]
    if rng.random() < 0.5:
        return [fill(rng.choice(_CONTEXT[voice.register])), core]
    return [core]


class _Filler:
    """Fills a template's slots from the topic and the voice."""

    def __init__(self, rng: random.Random, topic: Topic, voice: Voice, fiscal_year: str) -> None:
        self.rng = rng
        self.topic = topic
        self.voice = voice
        self.fiscal_year = fiscal_year

    def __call__(self, template: str) -> str:
        rng = self.rng
        return template.format(
            subj=rng.choice(self.topic.subjects),
            aspect=rng.choice(self.topic.aspects),
            action=rng.choice(self.topic.actions),
            addr=self.voice.addressee,
            self=self.voice.self_name,
            fy=rng.choice((self.fiscal_year, "今年度")),
            forum=rng.choice(FORUMS),
            num=rng.choice((12, 20, 35, 48, 60, 150, 200, 320)),
            pct=rng.randrange(15, 80, 5),
            community=self.voice.community,
            stakeholders=self.voice.stakeholders,
        )


# Procedural turns of a chair or secretariat in a verbatim record (all remarks).
OPENING = (
    "ただいまから、{title}を開会いたします。本日はお忙しいところ、ご出席いただきありがとうございます。",
    "定刻となりましたので、ただいまから{title}を始めさせていただきます。",
)
AGENDA_CALL = (
    "それでは、議事の{k}点目、「{item}」に入ります。事務局から説明がございます。",
    "次に、議事（{k}）「{item}」について、事務局から説明いたします。",
)
EXPLANATION = (
    "資料{k}に基づき、{subj}の{aspect}について、現在の検討状況をご報告いたします。"
    "{fy}は{action}を中心に取り組んでまいりました。",
    "それでは、資料{k}に沿ってご説明いたします。{subj}につきましては、{action}を進めているところでございます。",
)
FLOOR = (
    "ありがとうございました。それでは、意見交換に移ります。",
    "ただいまの説明につきまして、委員の皆様から順にご意見を頂戴します。",
    "それでは、意見交換の時間といたします。",
)
THANKS = (
    "ありがとうございました。",
    "ありがとうございました。大変参考になるご意見だと思います。",
    "ほかにご発言がなければ、次の議事に移ります。",
)
CLOSING = (
    "以上で本日の議事は全て終了いたしました。次回の日程は、事務局から改めてご連絡いたします。",
    "本日は活発なご議論をいただき、ありがとうございました。これをもちまして閉会いたします。",
)
GREETING = (
    "本日はお忙しい中、お集まりいただき感謝する。{subj}をはじめ、区市町村と連携して取り組むべき課題は多い。"
    "本日も率直な意見交換の場としたい。",
    "日頃から都のデジタル施策に協力いただき感謝している。{fy}は{subj}に重点的に取り組んでいく。",
    "{subj}の動きが加速する中、団体の垣根を越えた連携がますます重要になっている。本日の議論を今後の施策に生かしていく。",
)
ASSEMBLY_OPEN = (
    "ただいまから{title}を開会いたします。",
    "ただいまより本日の委員会を開きます。",
)
ASSEMBLY_ITEM = (
    "{item}を議題といたします。本件について理事者から報告があります。",
    "次に、{item}を議題といたします。",
)
ASSEMBLY_CALL = ("{name}。", "{name}、どうぞ。")
ASSEMBLY_CLOSE = (
    "以上で本日の日程は全て終了いたしました。これをもちまして委員会を散会いたします。",
    "本日はこれをもって散会いたします。",
)
