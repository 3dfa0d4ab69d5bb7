"""Speech acts and replies (DESIGN section 6), by rules on sentence endings and turn order.

Acts come from sentence endings: …か。 and asking for information (伺いたい, 教えてほしい,
お聞かせいただきたい) make a question; asking for action (してほしい, お願いしたい, 検討いただき
たい) a request; anything else a remark. A turn answers the open question, request or remark of
another party in the same section when its speaker is expected to answer there: the host
(the record's publisher), a presenter of the section's agenda item, or a party named in the
turn it answers. Answers are ``response`` statements with ``replies_to`` set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.japanese import match_key
from kg.record import Minutes, Statement
from kg.resolve import MEETING_ROLES

_SENTENCES = re.compile(r"[^。？！?!]+[。？！?!]?")
# Asking for information.
_QUESTION = re.compile(
    r"(?:か|かね|でしょうか|ですか|ますか|のか)[。？?]?$|[?？]$"
    r"|お聞き(?:したい|します|できれば)|お聞かせ|教えて(?:ほしい|欲しい|いただ|頂|くださ)|ご教示|ご教授"
    r"|(?:伺い|お伺いし|うかがい)たい|お尋ね|(?:か|かを|かどうか)(?:確認し|尋ね)"
)
# Asking for action.
_REQUEST = re.compile(
    r"(?:て|で)(?:ほしい|欲しい)|(?:いただき|頂き)たい|(?:いただけ|頂け)(?:れば|ますよう|ませんか|ないか)"
    r"|(?:ください|下さい)(?:。|ますよう)"
    r"|願(?:いたい|いします|ひたい|ひします)|お願(?:い|ひ)(?:したい|します|する|申し上げ)"
    r"|要望(?:する|したい|します)|求め(?:る|たい)。|期待(?:する|したい)。|提案(?:する|したい|します)"
    r"|(?:話|お話|事例|ご意見|意見)を(?:伺い|お伺い|聞き|お聞き)たい"
)
_SOFT_WISH = re.compile(r"(?:いただけたら|頂けたら)")


def classify_act(text: str) -> str:
    """Return ``question``, ``request`` or ``remark`` from a statement's sentence endings."""
    act = "remark"
    for sentence in _SENTENCES.findall(text):
        sentence = sentence.strip()
        if _QUESTION.search(sentence) and not _is_request_for_talk(sentence):
            return "question"
        if act == "remark" and _REQUEST.search(sentence) and not _SOFT_WISH.search(sentence):
            act = "request"
    return act


def _is_request_for_talk(sentence: str) -> bool:
    """伺いたい about someone's story (話を伺いたい) asks them to share: a request."""
    return bool(
        re.search(r"(?:話|お話|事例|ご意見|意見)を(?:伺い|お伺い|聞き|お聞き)たい", sentence)
    )


@dataclass
class _Turn:
    """Consecutive statements of one speaker in one section."""

    statements: list[Statement]
    label_key: str
    party: str  # organization when known, else the label
    section: tuple[str | None, str | None]
    responders_done: set[str]


def _party(statement: Statement) -> tuple[str, str]:
    """Return the keys of a statement's speaker label and of the party it speaks for.

    The party is the organization, except for roles in the meeting itself (委員, 座長) whose
    body was only implied by the publisher: a member is not the secretariat's party.
    """
    speaker = statement.speaker
    if speaker is None:
        return "", ""
    label_key = match_key(speaker.label)
    organization = speaker.organization
    if organization and speaker.post in MEETING_ROLES and match_key(organization) not in label_key:
        organization = None
    return label_key, match_key(organization or speaker.label)


def _turns(statements: list[Statement]) -> list[_Turn]:
    turns: list[_Turn] = []
    for statement in statements:
        label_key, party = _party(statement)
        section = (statement.section, statement.subsection)
        last = turns[-1] if turns else None
        if last and label_key and last.label_key == label_key and last.section == section:
            last.statements.append(statement)
        else:
            turns.append(_Turn([statement], label_key, party, section, set()))
    return turns


def annotate_acts(minutes: Minutes, host: str | None, answers: set[int] | None = None) -> Minutes:
    """Set every statement's ``act`` and ``replies_to`` in place and return the record.

    Args:
        minutes: the record, with speakers resolved.
        host: the publisher's name (東京都 for the Tokyo CIO forum), who answers in any section.
        answers: indexes of statements printed as answers (``→ …``): they answer the statement
            before them.
    """
    answers = answers or set()
    presenters = [
        {match_key(p.organization or p.label) for p in item.presenters} for item in minutes.agenda
    ]
    host_key = match_key(host) if host else None
    open_turn: _Turn | None = None
    current_section: tuple[str | None, str | None] | None = None
    for turn in _turns(minutes.statements):
        if turn.section != current_section:
            current_section, open_turn = turn.section, None
        first = turn.statements[0]
        if first.index in answers and first.index > 0:
            previous = minutes.statements[first.index - 1]
            for statement in turn.statements:
                statement.act, statement.replies_to = "response", previous.index
            continue
        if open_turn is not None and _answers(turn, open_turn, first, presenters, host_key):
            _link(turn, open_turn)
            open_turn.responders_done.add(turn.label_key)
            continue
        for statement in turn.statements:
            statement.act, statement.replies_to = classify_act(statement.text), None
        if turn.label_key:
            open_turn = turn
    return minutes


def _answers(
    turn: _Turn,
    open_turn: _Turn,
    first: Statement,
    presenters: list[set[str]],
    host_key: str | None,
) -> bool:
    """True when ``turn`` answers ``open_turn``: an expected responder of another party."""
    if not turn.label_key or turn.party == open_turn.party:
        return False
    if turn.label_key in open_turn.responders_done:
        return False
    expected = set()
    if host_key:
        expected.add(host_key)
    if first.agenda_index is not None and first.agenda_index < len(presenters):
        expected |= presenters[first.agenda_index]
    elif first.section is None:  # no sections: any presenter of the meeting may answer
        expected = expected.union(*presenters)
    if turn.party in expected:
        return True
    asks = open_turn.statements[0].act in ("question", "request")
    if not expected and asks and not open_turn.responders_done:
        # Nobody is known to host or present: the next speaker answers (DESIGN section 6).
        return True
    asked_question = open_turn.statements[0].act == "question"
    if open_turn.party in expected and asked_question and not open_turn.responders_done:
        # The host or a presenter asked the floor: the first other party to speak answers.
        return True
    if first.speaker is None or first.speaker.organization is None:
        return False
    asked = match_key("".join(s.text for s in open_turn.statements))
    return turn.party in asked


def _link(turn: _Turn, open_turn: _Turn) -> None:
    """Mark a turn's statements as responses; pair them one to one when the counts agree."""
    asked = open_turn.statements
    for k, statement in enumerate(turn.statements):
        target = asked[k] if len(asked) == len(turn.statements) else asked[0]
        statement.act, statement.replies_to = "response", target.index
