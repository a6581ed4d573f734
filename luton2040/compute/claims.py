"""What the report may say about a measure, worked out from its data (pure: no files read here).

Chapter prose states direction and comparison through these words rather than typing them, and
``check_text`` reads a chapter's sentences and headings for claims typed by hand ("has improved", "lower
than the national average", "on track", "is still rising", "is down", "Unemployment falls", "is at its
lowest since 2019" …) next to a measure's name, and reports each
one that disagrees with the computed trend, status, comparison or movement as ``file:line: what —
fix``; and each size of change ("halved", "grew by around 8%") the figures do not show
(``change_size``). A trend or change said since a year ("has worsened since 2019", "has been
falling since 2019") is judged from that year's figure (``measure_facts.figure_of_year``); a name
data/measure_names.csv marks ``opposite_to_figure`` ("air quality", a pollution score) turns
higher/lower and rise/fall round (``_TURNED``).

Placement: a measure belongs under "Areas needing more work" when its trend is getting worse or
its status is going backwards or limited progress, and otherwise under "Progress made" when its
status is on track or met, or its trend is improving without the status saying "progressing too
slowly". Anything else (little change, too few figures, improving but too slowly) is the
editor's call, recorded in data/progress_notes.csv.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from luton2040 import fences
from luton2040.compute import change_size, versus
from luton2040.compute import format as fmt
from luton2040.compute.measure_facts import SeriesFacts, figure_of_year, shown_period
from luton2040.data.model import HIGHER, LOWER, Observation
from luton2040.errors import Problem
from luton2040.yamlmarks import front_matter_end

PROGRESS = "progress"
NEEDS_WORK = "needs_work"
SECTIONS = {PROGRESS: "Progress made", NEEDS_WORK: "Areas needing more work"}

TREND_SAYS = {
    "improving": "improving",
    "worsening": "getting worse",
    "little_change": "flat",
    "not_enough_data": "not yet measurable (too few figures)",
    "not_assessed": "not assessed",
}


def placement_of_series(f: SeriesFacts) -> str | None:
    """'needs_work', 'progress' or None (the editor decides) for one assessed series."""
    if not f.series.assessed:
        return None
    if f.trend == "worsening" or f.status.code in ("backwards", "limited"):
        return NEEDS_WORK
    if f.status.code in ("on_track", "met") or (f.trend == "improving" and f.status.code != "too_slow"):
        return PROGRESS
    return None


def placement(facts: list[SeriesFacts]) -> str | None:
    """A measure's (or the chosen series') section: needs work if any part needs work, progress if
    any part shows progress and none needs work, else None (the editor's call)."""
    found = {placement_of_series(f) for f in facts}
    if NEEDS_WORK in found:
        return NEEDS_WORK
    if PROGRESS in found:
        return PROGRESS
    return None


def why_placed(facts: list[SeriesFacts]) -> str:
    """The computed trend and status behind a placement, in words: 'getting worse; going backwards'."""
    parts = []
    for f in facts:
        if not f.series.assessed:
            continue
        who = f"{f.series.label}: " if len(facts) > 1 and f.series.label else ""
        parts.append(f"{who}trend {TREND_SAYS[f.trend]}, status {fmt.STATUS_WORDS[f.status.code].lower()}")
    return "; ".join(parts) or "not assessed"


def compared(f: SeriesFacts, area_name: str) -> str:
    """Luton's latest value against the comparator's: 'lower than England's 23.3%'; ``area_name`` is
    the comparator's name as it reads mid-sentence (``measure_facts.comparator_in_sentence``)."""
    if f.latest is None or not f.latest.comparable:
        return "not yet measured"
    if f.comparator is None or not f.comparator.comparable:
        return f"not compared with {area_name}" if area_name else "without a comparison"
    theirs = f"{fmt.possessive(area_name)} {fmt.observation(f.comparator, f.series)}"
    shown_ours = fmt.observation(f.latest, f.series)
    if shown_ours == fmt.observation(f.comparator, f.series):
        return f"the same as {theirs}"
    return f"{'higher' if f.latest.value > f.comparator.value else 'lower'} than {theirs}"


# ---------------------------------------------------------------- reading prose for typed claims

@dataclass(frozen=True)
class Claim:
    kind: str  # trend | trend_since | status | versus_comparator | value_change | moving | extreme
    said: str  # the words found
    wants: str  # improving | worsening | little_change | on_track | higher | lower | better | worse | rise | fall
    # | lowest | highest
    at: int = 0  # position in the sentence
    end: int = -1  # where the words end that the claim is about ("A smaller share of young people … than across
    # England", "14 fewer children in care"): a measure named in them is its subject
    since: int | str | None = None  # a trend or change said since a year or "baseline" ("has worsened since 2019")
    negated: bool = False  # said not to hold ("is not rising", "has not improved"): holds when the words do not
    both_ways: bool = False  # then the other way ("keeps rising and falling", "are falling and rising respectively")
    bare: bool = False  # a headline's verb ("Unemployment falls.", "Smoking down 30%"): a claim only right after
    # its subject's name


_TREND_CLAIMS = [
    # "improving it must be a priority" is a task, not a trend: the verb with an object is left alone
    (r"\bimprov(?:ed|ing|es)\b(?!\s+(?:it|them|our|its|their|the|how)\b)"
     r"|\bgetting better\b|\bmoving the right way\b", "improving"),
    (r"\bgetting worse\b|\bgot worse\b|\bworsen(?:ed|ing)\b|\bmoving the wrong way\b", "worsening"),
    (r"\bbarely changed\b|\blittle change\b|\bno (?:major|real) change\b|\bunchanged\b|\bhardly changed\b|\bflat\b", "little_change"),
]
#: Which way the figure is moving now ("Destitution is still rising", "Smoking has been falling since
#: 2019", "continues to rise", "keeps rising", "is on the rise"): judged by the last change, or the change
#: since the year named. Only after "is", "are", "has been" (with "still", "now", "steadily" …), "continues
#: to", "keeps": "rising costs", "was rising until 2020" and "Is smoking falling?" claim nothing of today's
#: figure. Said of several measures ("Smoking and anxiety are both falling") it is said of each.
#: A verb with an object ("the NHS is increasing funding to tackle smoking") moves something else.
#: A movement said not to happen ("is not rising", "isn't rising", "is no longer falling", "has stopped
#: rising") claims the opposite (``Claim.negated``), but only with nothing after it but the end of the
#: clause (``_NEGATED_REST``): "is not falling fast enough", "is not rising as fast as in England" deny a
#: speed, not the movement, and "are not both falling" denies the pair, so they claim nothing.
_NOW_MOVING = (r"(?:still|now|steadily|slowly|gradually|again|also|currently|already|fast|quickly|sharply|rapidly|"
               r"further|both|all)")
_OBJECT = r"(?!\s+(?:it|them|our|its|their|the|a|an|how|support|funding|investment|spending|help|access|services?)\b)"
_NOT = r"(?:n['’]t|\s+not(?:\s+yet)?|\s+no\s+longer|\s+anything\s+but|\s+far\s+from)"
_MOVING_VERB = rf"\b(?:(?:is|are){_NOT}?|(?:has|have){_NOT}?(?:\s+(?:both|all))?\s+been)\s+(?:{_NOW_MOVING}\s+)*"
_CONTINUES = r"\b(?:(?:continues?|continuing)\s+to\s+|(?:continues?|keeps?|keeping)(?:\s+on)?\s+)"
_STOPPED = r"\b(?:has|have)\s+(?:now\s+)?stopped\s+"


def _moving(infinitives: str, participles: str, on_the: str) -> str:
    """The words of one way of moving: "is rising", "continues to rise", "keeps rising", "is on the rise"."""
    return (rf"(?:{_MOVING_VERB}|{_CONTINUES}|{_STOPPED})(?:{participles})\b{_OBJECT}"
            rf"|{_CONTINUES}(?:{infinitives})\b{_OBJECT}"
            rf"|{_MOVING_VERB}on\s+the\s+(?:{on_the})\b")


#: Other words for the way a figure moves: "is trending upwards", "is heading down", "is creeping up",
#: "is edging down", "is in (steady) decline", "is on its way down", "is on a downward trend", and "is
#: easing" (of a figure that is a problem: "Unemployment is easing" says it falls) with nothing after it
#: that makes it a verb with an object ("is easing pressure on GPs").
_ON_A_TREND = r"(?:trend|path|curve|trajectory)"
_UPWARDS = (r"trending\s+up(?:wards?)?|heading\s+up(?:wards?)?|creeping\s+up|edging\s+up|ticking\s+up"
            rf"|on\s+its\s+way\s+up|on\s+an\s+upward\s+{_ON_A_TREND}")
_DOWNWARDS = (r"trending\s+down(?:wards?)?|heading\s+down(?:wards?)?|edging\s+down|ticking\s+down"
              rf"|on\s+its\s+way\s+down|on\s+a\s+downward\s+{_ON_A_TREND}"
              r"|in\s+(?:(?:steady|long-term|sharp|gradual|slow|continued|continuing|rapid)\s+)?decline"
              r"|easing(?:\s+off)?(?=\s*(?:[.,;:!?—–)]|$|\s+(?:again|slightly|slowly|gradually|steadily|now|too|"
              r"further|in|locally|since|from|and|but|though|although|while|whereas|nationally|among|for)\b))")
_MOVING_CLAIMS = [
    (_moving(r"rise|increase|grow|climb|go up", rf"rising|increasing|growing|climbing|going up|{_UPWARDS}",
             r"rise|increase|way up"), "rise"),
    (_moving(r"fall|decrease|decline|drop|go down|come down|ease",
             rf"falling|decreasing|declining|dropping|going down|coming down|{_DOWNWARDS}",
             r"decline|decrease|wane|way down"),
     "fall"),
]
#: A headline's present tense ("Unemployment falls.", "Smoking rises again", "Smoking falls by a third",
#: "Emissions fall"): a movement, judged as "is falling" is, when the verb follows the measure's name (or a
#: progress item's opening "It": ``_verb_after_name``) and nothing follows it but the end of the clause,
#: "again", a speed, a size ("by a third", "to 14.7%"), "since 2019" or another clause. Not "falls short
#: of", "falls on young people", "falls to the council", "rises to the top", "rises with age", "rises and
#: falls", "the rise in anxiety", "As unemployment rises, …".
_BARE_AFTER = (r"(?=[*_\"”’']*\s*(?:[.!?;:,—–)]|$)"
               r"|\s+(?:again|too|further|once\s+more|year\s+on\s+year|every\s+year|sharply|steadily|slowly|"
               r"gradually|rapidly|slightly|steeply|fast|quickly|"
               r"for\s+the\s+\w+\s+(?:year|time)|"
               r"by\s+(?!(?:19|20)\d\d\b)(?:(?:about|around|almost|nearly|roughly|some|more\s+than|over|just\s+over|just\s+under)\s+)?"
               r"(?:£?\d|a\s+(?:tenth|fifth|quarter|third|half)\b|half\b)|"
               r"since\s+(?:the\s+)?(?:(?:19|20)\d\d|baseline)\b|(?:from|to)\s+£?\d|in\s+luton\b|locally\b|"
               r"(?:and|but|while|whereas)\b(?!\s+(?:then\s+)?(?:back\s+)?(?:rises?|falls?|drops?|grows?|climbs?|"
               r"declines?|increases?|decreases?|up|down)\b)))")
_BARE_CLAIMS = [
    (rf"(?<=\w )(?:rises|rise|increases|increase|grows|grow|climbs|climb){_BARE_AFTER}", "rise"),
    (rf"(?<=\w )(?:falls|fall|decreases|decrease|declines|decline|drops|drop){_BARE_AFTER}", "fall"),
]
#: A movement or change then said the other way ("keeps rising and falling", "is going up and down", "keeps
#: going up, then down", "have fallen and risen respectively"): of one measure it says no one way (``Claim.both_ways``),
#: of several it may say each its own.
_RISING = (r"rising|increasing|growing|climbing|up|rise|increase|grow|climb|risen|rose|increased|grown|grew|climbed|"
           r"rises|increases|grows|climbs")
_FALLING = (r"falling|decreasing|declining|dropping|down|fall|decrease|decline|drop|fallen|fell|decreased|declined|"
            r"dropped|falls|decreases|declines|drops")
_THEN_THE_OTHER_WAY = {
    wants: re.compile(rf"\s*,?\s+(?:and|or|then)\s+(?:then\s+)?(?:back\s+)?(?:(?:going|coming|gone|come|went|came)\s+)?"
                      rf"(?:{other})\b", re.I)
    for wants, other in (("rise", _FALLING), ("fall", _RISING))}
#: (and the second of them, without a verb of its own: the "fallen" of "has risen and fallen since 2019", not
#: the "has been falling" of "Anxiety went up, and has been falling since")
_AFTER_THE_OTHER_WAY = {
    wants: re.compile(rf"\b(?:{other})\s*,?\s+(?:and|or|then)\s+(?:then\s+)?(?:back\s+)?$", re.I)
    for wants, other in (("rise", _FALLING), ("fall", _RISING))}
#: A movement said not to happen, in the words matched: "is not", "isn't", "no longer", "has stopped", "is
#: anything but", "is far from".
_NEGATED = re.compile(r"n['’]t\b|\bnot\b|\bno longer\b|\bstopped\b|\banything but\b|\bfar from\b")
#: A change, trend or status said not to hold, in the words right before it: "has not risen", "hasn't
#: improved", "is not on track", "is no longer getting worse" (``_NEGATED_REST`` then applies too); one
#: said never to have happened ("has never fallen so fast") claims nothing of today's figure.
_NOT_BEFORE = re.compile(rf"\b(?:is|are|has|have){_NOT}(?:\s+(?:been|yet|really))?\s+$")
_NEVER_BEFORE = re.compile(r"\b(?:is|are|has|have)\s+never\s+(?:been\s+)?$")
#: What may follow a movement said not to happen for it to be a claim at all: "again", "any more", "in
#: Luton", "since 2019", then the end of the sentence or a clause with a subject of its own ("Anxiety is
#: not rising.", "…, but smoking is"). Not "; it is soaring", ", but soaring", ", but rather …": the
#: movement is corrected, not denied ("Anxiety is not rising, but soaring" is true of a rise).
_NEGATED_REST = re.compile(r"(?:\s+(?:again|any\s*more|any\s+longer|yet|now|in\s+luton|locally|"
                           r"(?:since|from)\s+(?:the\s+)?(?:(?:19|20)\d\d|baseline)))*[*_\"”’']*\s*"
                           r"(?:[.!]*[*_\"”’']*\s*$|(?:,\s*|;\s*|\s+)(?:and|but|while|whereas|though|although)\b"
                           r"(?!\s+(?:\w+ing|\w+ly|rather|instead|in\s+fact|it|they)\b))")
#: A comparison with the comparator said not to hold, in the words right before it: "is no longer higher
#: than England's", "is no higher than", "isn't above": it claims the opposite ("no higher" holds of a
#: figure at or below England's), with nothing after the comparator but the end of the clause.
_NOT_BEFORE_COMPARISON = re.compile(r"\b(?:is|are)(?:n['’]t|\s+not|\s+no\s+longer|\s+no)\s+$")
#: "Is at its lowest since 2019", "is at its highest level on record", "is lower than ever": the latest
#: figure against the figures since that year (``_agrees_series``), or every earlier figure.
_AT_ITS = r"\b(?:is|are)(?:\s+(?:now|still|already))?\s+at\s+(?:its|their)\s+"
_EXTREME_TIME = r"(?:\s+(?:level|point|rate|figure|share))?(?:\s+(?:since\s+(?:19|20)\d\d\b|on\s+record|ever|yet))?\b" \
    r"(?!(?:\s+since\s+(?:19|20)\d\d)?\s+(?:this|of\s+the|in\s+the|for|among|amongst|in|year\s+on\s+year|month\s+on\s+month)\b)"  # (a part or a time: "this year")
_EXTREME_CLAIMS = [
    (rf"{_AT_ITS}lowest{_EXTREME_TIME}|\b(?:is|are)(?:\s+now)?\s+lower\s+than\s+ever(?:\s+before)?\b", "lowest"),
    (rf"{_AT_ITS}highest{_EXTREME_TIME}|\b(?:is|are)(?:\s+now)?\s+higher\s+than\s+ever(?:\s+before)?\b", "highest"),
]
_STATUS_CLAIMS = [(r"\bon track\b|\bon course\b", "on_track"), (r"\bgoing backwards\b", "backwards")]
_COMPARATOR_WORDS = r"(?:national|nationally|england|the country|across the country)"
#: "a smaller share of young people is out of education, employment or training than across England":
#: the comparative and what is counted (a share, rate, number; for "fewer", people), then the measure,
#: then "than" and the comparator. Not a change ("fell by a larger share than across England", "a bigger
#: fall than", "rose from a lower starting point than") nor "higher education".
_COUNTED = r"(?:share|proportion|percentage|rate|number)s?"
_PEOPLE = r"(?:people|residents|adults|children|pupils|households|families|young people)"
_NOT_LEVELS = r"fell|fall|falls|fallen|rose|rise|rises|risen|drops?|dropped|margin|amount|by an?|higher education"
_THAN_COMPARATOR = rf"(?:(?!\b(?:{_NOT_LEVELS})\b)[^.;:!?]){{1,160}}?\bthan\s+(?:(?:across|in|for)\s+)?(?:the\s+)?" \
    r"(?:england|national|nationally|country)\b"
#: The place a comparison is said of, between the comparative and "than": "lower here than across England",
#: "higher in Luton than in England".
_HERE = r"(?:\s+(?:here|in luton))?"
#: "Than last year", "than a year ago", "up on last year": the latest figure against the one before it
#: (``YEAR_AGO``), a change rather than a comparison with England.
_A_YEAR_AGO = r"(?:last year|a year ago)\b"
_NOT_A_YEAR_AGO = rf"(?!\s+{_A_YEAR_AGO})"
_YEAR_ON_YEAR = [
    (rf"\b(?:higher|more|greater)(?:\s+(?:now|today|still))?{_HERE} than {_A_YEAR_AGO}|\bup on last year\b", "rise"),
    (rf"\b(?:lower|less|fewer)(?:\s+(?:now|today|still))?{_HERE} than {_A_YEAR_AGO}|\bdown on last year\b", "fall"),
]
_VERSUS_CLAIMS = [
    # better or worse than England is judged by the measure's direction: lower anxiety is better
    (r"\bbetter than\b", "better"),
    (r"\bworse than\b", "worse"),
    (rf"\b(?:higher|more|greater){_HERE} than\b{_NOT_A_YEAR_AGO}|\babove\b"
     rf"|(?<!\bby a )\b(?:higher|greater|larger|bigger)(?=\s+{_COUNTED}\b{_THAN_COMPARATOR})", "higher"),
    (rf"\b(?:lower|less|fewer){_HERE} than\b{_NOT_A_YEAR_AGO}|\bbelow\b"
     rf"|(?<!\bby a )\b(?:lower|smaller)(?=\s+{_COUNTED}\b{_THAN_COMPARATOR})"
     rf"|\bfewer(?=\s+{_PEOPLE}\b{_THAN_COMPARATOR})", "lower"),
]
#: "Smoking is down", "Unemployment is up 4.4 points since 2019", "Smoking's down to 14.7%": a change, when
#: "up" or "down" is followed by nothing (the end of the clause), a size ("30%", "6.3 points", "by a third"),
#: "again", "sharply", "since 2019", "on 2019", "to" a figure, or a place or group (which ``versus.plain_subject``
#: then reads as narrowing it). Not the idioms "is up to us", "is down to the closure" (the cause), "is up
#: for discussion", "is up and running", "is down and out", "is up against", "is down the list", nor "is up from", which
#: ``_CHANGE_CLAIMS`` reads already; nor a negation ("is not down"), which claims no way.
_UP_DOWN_AFTER = (r"(?!,?\s*but\s+not\s+out\b)"  # ("down, but not out": still in the fight)
                  r"(?=[*_\"”’']*\s*(?:[.!;,:—–)]|$)"
                  r"|\s+(?:again|too|sharply|steeply|slightly|significantly|considerably|substantially|markedly|"
                  r"year\s+on\s+year|once\s+more|by|since|in|among|amongst|across|locally|nationally|overall|"
                  r"(?:and|but|while|whereas|though|although)\b(?!\s+(?:running|down|up|about|out|coming|away|over)\b)|"
                  # ("up on last year" is ``_YEAR_ON_YEAR``'s)
                  r"on\s+(?:(?:19|20)\d\d|the\s+(?:baseline|(?:19|20)\d\d|previous|last|year))|"
                  r"compared\s+(?:with|to)\s+(?:(?:19|20)\d\d|last\s+year|a\s+year\s+ago|the\s+baseline)|"
                  r"to\s+(?:£?\d[\d,.]*|(?:about|around|almost|nearly|just|roughly|one|two|three|four|five)\b)|"
                  r"(?:about|around|almost|nearly|roughly|more\s+than|over|some|just\s+over|just\s+under)\s+£?\d[\d,.]*|"
                  r"£?\d[\d,.]*)\b)")
_UP_DOWN = r"(?:\b(?:is|are)(?:\s+(?:now|still|also|again|both|all|well|way|sharply))*\s+|(?<=\w)['’]s\s+)"
#: A headline's "Smoking down 30%", "Unemployment up again" (a tile, a heading): the change of "is up", when
#: the name opens its clause (``_verb_after_name``): not "Keep smoking down", "Bring unemployment down".
_BARE_CHANGE_CLAIMS = [
    (rf"(?<=\w )up(?!\s+to\b){_UP_DOWN_AFTER}", "rise"),
    (rf"(?<=\w )down{_UP_DOWN_AFTER}", "fall"),
]
_CHANGE_CLAIMS = [
    # ("is up to 30% in some wards" says "as much as": no rise)
    (rf"{_UP_DOWN}up(?!\s+to\b){_UP_DOWN_AFTER}", "rise"),
    (rf"{_UP_DOWN}down{_UP_DOWN_AFTER}", "fall"),
    (r"\b(?:has |have )?(?:risen|rose|increased|gone up)\b|\bup from\b", "rise"),
    (r"\b(?:has |have )?(?:fallen|fell|dropped|decreased|halved|come down|gone down)\b|\bdown from\b"
     # "5,000 fewer residents" (a figure, typed or inline, then fewer): a count that fell; a bare
     # "fewer smoke" may be a wish for 2040, and "fewer than we want" is no change
     r"|(?:(?<=\d )(?<!\b(?:19|20)\d\d )|(?<=\s{5}))\bfewer\b(?![^,;:.]*\bthan\b(?!\s+(?:in\s+\d{4}|before|last year|a year ago)))", "fall"),
]


def claims_in(sentence: str, worded: str | None = None) -> list[Claim]:
    """The direction and comparison words typed in a sentence. What follows a claim said not to hold is
    read in ``worded`` (the sentence with every word, of the same length) when given: in "Smoking has
    not dropped under the 2040 target", whose comparison the caller blanks out of ``sentence``, the
    negation is of "dropped under", not of the fall."""
    text = sentence.lower()
    after = text if worded is None else worded.lower()
    kinds = [("trend", _TREND_CLAIMS), ("moving", _MOVING_CLAIMS), ("bare", _BARE_CLAIMS), ("status", _STATUS_CLAIMS)]
    if re.search(_COMPARATOR_WORDS, text):  # a comparison counts only when the sentence names the comparator
        kinds.append(("versus_comparator", _VERSUS_CLAIMS))
    kinds.append(("value_change", _CHANGE_CLAIMS))
    kinds.append(("year_on_year", _YEAR_ON_YEAR))
    kinds.append(("extreme", _EXTREME_CLAIMS))
    kinds.append(("bare_change", _BARE_CHANGE_CLAIMS))
    found = []
    for kind, claims in kinds:
        for pattern, wants in claims:
            for m in re.finditer(pattern, text):
                at, negated = m.start(), kind == "moving" and _NEGATED.search(m.group(0)) is not None
                if kind in ("trend", "value_change", "status", "year_on_year"):
                    if _NEVER_BEFORE.search(text, 0, at):
                        continue
                    before = _NOT_BEFORE.search(text, 0, at)  # "has not risen": said from "has"
                    at, negated = (before.start(), True) if before else (at, False)
                rest = m.end()
                if kind == "versus_comparator":
                    before = _NOT_BEFORE_COMPARISON.search(text, 0, at)  # "is no longer higher than England's"
                    if before:
                        at, negated = before.start(), True
                        skip = versus.COMPARATOR.match(after, m.end())  # (what follows it is read after England's)
                        rest = skip.end() if skip else rest
                if negated and (re.search(r"\b(?:both|all|halved)\b", m.group(0)) or wants == "little_change"
                                or not _NEGATED_REST.match(after, rest)):
                    continue  # "are not both falling", "is not falling fast enough", "has not halved": no way claimed
                since = _since(text, m) if kind in ("trend", "moving", "bare", "value_change", "bare_change") else None
                if kind == "extreme":  # "at its lowest since 2019": the figures from that year's on
                    year = re.search(r"since\s+((?:19|20)\d\d)", m.group(0))
                    since = int(year.group(1)) if year else None
                if kind == "year_on_year":  # "is higher than last year": the latest figure against the one before
                    kind, since = "value_change", YEAR_AGO
                kind_said = "trend_since" if kind == "trend" and since not in (None, LAST_YEAR, YEAR_AGO) else kind
                both_ways = wants in _THEN_THE_OTHER_WAY and (_THEN_THE_OTHER_WAY[wants].match(after, m.end()) is not None
                                                              or _AFTER_THE_OTHER_WAY[wants].search(after, 0, m.start()) is not None
                                                              and re.match(rf"(?:{_RISING}|{_FALLING})\b", m.group(0)))
                kind_said = {"bare": "moving", "bare_change": "value_change"}.get(kind, kind_said)
                found.append(Claim(kind_said, text[at:m.end()], wants, at, _claim_end(text, kind, m), since, negated,
                                   both_ways, bare=kind in ("bare", "bare_change")))
    return found


#: "has worsened since 2019", "improved compared with the baseline", "since the 2019 level": a trend over
#: a stated time. "Since the 2021 census", "since the 2019 strategy was launched" date something else,
#: whose year need not be one the data has a figure of: no time the figure is judged from.
_SINCE = re.compile(r"\s+(?:[a-z]+\s+){0,2}?(?:since|compared with|from)\s+(?:(?:the\s+)?baseline\b|"
                    r"(?:the\s+(?=(?:19|20)\d\d\s+(?:level|figure|value)s?\b))?(?P<year>(?:19|20)\d\d)\b(?![/–-]\d))")


#: The time of "has risen over the past year", "in the last year", "since last year" (also opening the
#: sentence: "Since last year, destitution has risen"): the last change, from the figure before the
#: latest, only, when that figure is about a year before the latest (``about_a_year``); else read as
#: a change with no time. "Than last year", "than a year ago", "up on last year" (``YEAR_AGO``): the
#: latest figure against the one before it, plain only when that is about a year before.
LAST_YEAR = "last_year"
YEAR_AGO = "year_ago"
_PAST_YEAR = r"(?:(?:over|in|during) the (?:past|last) (?:year|12 months)|since last year)\b"
_PAST_YEAR_AFTER = re.compile(rf"\s+(?:[a-z]+\s+){{0,2}}?{_PAST_YEAR}")
_PAST_YEAR_OPENING = re.compile(rf"\W*{_PAST_YEAR},")


#: "year on year", "month on month", "on the year" after a change: against the figure a
#: year (or a month) before, which yearly figures can show and others cannot (``YEAR_AGO``)
_ON_THE_YEAR = re.compile(r"[*_\"”’']*\s+(?:year\s+on\s+year|month\s+on\s+month|on\s+the\s+year|"
                          r"compared\s+(?:with|to)\s+(?:last\s+year|a\s+year\s+ago))\b", re.I)


def _since(text: str, m: re.Match) -> int | str | None:
    """The time a trend or movement is said of ("has worsened since 2019": 2019; "compared with the
    baseline": "baseline"), judged by the change since that year's figure or the baseline rather
    than since the figure before the latest; ``LAST_YEAR`` for "over the past year" (the last change
    only); None when no time is stated."""
    if _PAST_YEAR_AFTER.match(text, m.end()) or _PAST_YEAR_OPENING.match(text):
        return LAST_YEAR
    if _ON_THE_YEAR.match(text, m.end()):  # "is down year on year": the last change, against a year ago
        return YEAR_AGO
    found = _SINCE.match(text, m.end())
    if found is None:
        return None
    return int(found.group("year")) if found.group("year") else "baseline"


def _claim_end(text: str, kind: str, m: re.Match) -> int:
    """The end of the words a claim is about: the comparator of "a smaller share of … than across
    England", the thing counted of "14 fewer children in care", else the claim's own end."""
    if kind == "versus_comparator" and not re.fullmatch(r".*\bthan|above|below", m.group(0)):
        counted = re.match(rf"\s+(?:{_COUNTED}|{_PEOPLE})\b{_THAN_COMPARATOR}", text[m.end():])
        return m.end() + counted.end() if counted else m.end()
    if m.group(0) == "fewer":
        return m.end() + re.match(r"(?:\s+[\w'’-]+){0,4}", text[m.end():]).end()
    return m.end()


def agrees(claim: Claim, facts: list[SeriesFacts]) -> bool | None:
    """Whether a claim fits the measure's computed values: True, False, or None when the data
    cannot say (no comparator, a measure without a better direction …)."""
    verdicts = [_agrees_series(claim, f) for f in facts if f.series.assessed or claim.kind == "versus_comparator"]
    verdicts = [v for v in verdicts if v is not None]
    if not verdicts:
        return None
    return any(verdicts)


def _agrees_series(claim: Claim, f: SeriesFacts) -> bool | None:
    if claim.kind == "trend":
        if f.trend in ("not_assessed", "not_enough_data"):
            return None  # "Footfall rose sharply": one figure says nothing of a trend
        return (f.trend == claim.wants) != claim.negated
    if claim.kind == "trend_since":
        change = _change(f, claim.since)
        if change is None or claim.wants == "little_change" or f.measure.direction not in (HIGHER, LOWER):
            return None  # how little is little: the report's tolerance is for the last change
        better = (change > 0) == (f.measure.direction == HIGHER)
        return (change != 0 and better == (claim.wants == "improving")) != claim.negated
    if claim.kind == "extreme":
        earlier, whole = _since_figures(f, claim.since)
        if not earlier:
            return None
        latest = [o for o in f.history if o.comparable][-1].value
        holds = latest <= min(earlier) if claim.wants == "lowest" else latest >= max(earlier)
        return holds if whole or not holds else None  # (that year's own figure, unknown, may be lower)
    if claim.kind == "moving" or (claim.kind == "value_change" and claim.since is not None):
        # "is rising" by the last change; "has risen since 2019", "has been rising since 2019" from that year's figure
        change = _change(f, claim.since)
        return None if change is None else _went(change, claim.wants) != claim.negated
    if claim.kind == "status":
        if f.status.code == "cannot_assess":
            return None
        return (f.status.code in (("on_track", "met") if claim.wants == "on_track" else (claim.wants,))) != claim.negated
    if claim.kind == "versus_comparator":
        if f.latest is None or not f.latest.comparable or f.comparator is None or not f.comparator.comparable:
            return None
        if f.latest.value == f.comparator.value:
            return claim.negated  # "no higher than England's" holds of the same figure
        if claim.wants in ("better", "worse"):
            if f.measure.direction not in (HIGHER, LOWER):
                return None
            ahead = (f.latest.value > f.comparator.value) == (f.measure.direction == HIGHER)
            return (ahead == (claim.wants == "better")) != claim.negated
        return ((f.latest.value > f.comparator.value) == (claim.wants == "higher")) != claim.negated
    if claim.kind == "value_change":  # "has fallen": since the figure before, or since the baseline (either
        # holds: "Destitution has not risen" is true of the last change, though it has since the baseline)
        changes = [c for c in (_change(f, None), _change(f, "baseline")) if c is not None]
        return any(_went(c, claim.wants) != claim.negated for c in changes) if changes else None
    return None


def _since_figures(f: SeriesFacts, since: int | None) -> tuple[list[float], bool]:
    """(the figures the latest must be lowest or highest of for "at its lowest since ``since``", whether
    they are all the data would need): those after that year's figure and the one before the latest (so
    "Destitution is at its lowest since 2019" holds of 7.3 in 2019, 12.1, then 9.9: the lowest since
    2019's; "Unemployment is at its lowest since 2019" of 3.2, then 7.6 does not); every earlier figure
    when no year is named ("lower than ever"). When the data has no figure of that year, the figures
    after it, which can show the claim false but not true ("Litter is at its highest since 2019" of 21.4
    in 2021, then 10.67)."""
    values = [o for o in f.history if o.comparable]
    if len(values) < 2:
        return [], False
    if since is None:
        return [o.value for o in values[:-1]], True
    year = figure_of_year(f, since)
    if year is values[-1]:
        return [], False
    if year is None:
        return [o.value for o in values[:-1] if o.period_end.year > since], False
    at = next(i for i, o in enumerate(values) if o is year)
    return [o.value for o in values[at + 1:-1]] + [values[-2].value], True


def _went(change: float, wants: str) -> bool:
    """Whether a change is the rise or fall (``wants``) a claim says."""
    return change != 0 and (change > 0) == (wants == "rise")


def _moved(f: SeriesFacts, since: int | str | None) -> tuple[Observation, Observation] | None:
    """(the earlier figure, the latest) of a movement: the figure before the latest (``since`` None),
    the baseline (or the first figure) or the one figure of the year ``since``; None when there is no
    such figure."""
    values = [o for o in f.history if o.comparable]
    if len(values) < 2:
        return None
    if since in (None, LAST_YEAR, YEAR_AGO):
        earlier = [values[-2]]
    elif since == "baseline":
        earlier = [next((o for o in values if o.baseline), values[0])]
    else:
        earlier = [figure_of_year(f, since)]
    if earlier[0] is None or earlier[0] is values[-1]:
        return None
    return earlier[0], values[-1]


def about_a_year(f: SeriesFacts) -> bool:
    """Whether the figure before the latest is about a year before it, so that "than last year" and "over
    the past year" plainly name the last change: figures of consecutive years (by their periods' ends)
    more than 100 days and at most 470 days apart. Not a monthly or quarterly series' last two figures
    (a month or a quarter apart), nor figures years apart (2019 and 2023)."""
    values = [o for o in f.history if o.comparable]
    if len(values) < 2:
        return False
    before, latest = values[-2].period_end, values[-1].period_end
    return latest.year - before.year == 1 and 100 < (latest - before).days <= 470


def _change(f: SeriesFacts, since: int | str | None) -> float | None:
    """How much the latest figure moved from the earlier one of ``_moved``, or None."""
    pair = _moved(f, since)
    return None if pair is None else pair[1].value - pair[0].value


def what_data_says(claim: Claim, facts: list[SeriesFacts], area_name: str) -> str:
    """The computed value a claim should have followed, for the fix: of the first series the claim
    disagrees with ("Carbon emissions per person are higher than in England": the figure per person,
    not the total, which has no comparator), named when the measure has several."""
    f = next((x for x in facts if _agrees_series(claim, x) is False),
             next((x for x in facts if x.series.assessed), facts[0]))
    if len(facts) > 1 and f.series.label:
        return f"in its series '{f.series.label}', {what_data_says(claim, [f], area_name)}"
    if claim.kind == "trend":
        return f"the trend since the last figure is '{TREND_SAYS[f.trend]}'"
    if claim.kind == "status":
        return f"the status is '{fmt.STATUS_WORDS[f.status.code].lower()}'"
    if claim.kind == "versus_comparator":
        better = " (higher is better)" if f.measure.direction == HIGHER else " (lower is better)"
        return f"the latest value is {compared(f, area_name)}" + (better if claim.wants in ("better", "worse") else "")
    if claim.kind == "extreme":
        values = [o for o in f.history if o.comparable]
        year = figure_of_year(f, claim.since) if claim.since is not None else None
        shown = values[next((i for i, o in enumerate(values) if o is year), 0):]
        words = [f"{fmt.observation(o, f.series)} ({shown_period(o)})" for o in shown]
        return f"the figures went {', '.join(words[:-1])}, then {words[-1]}"
    pair = _moved(f, claim.since) if claim.kind in ("moving", "trend_since") or claim.since is not None else None
    if pair is not None:
        return "the figure went from " + " to ".join(f"{fmt.observation(o, f.series)} ({shown_period(o)})" for o in pair)
    values = [o for o in f.history if o.comparable]
    if len(values) < 2:
        return "there is only one comparable figure, so no change can be stated"
    return (f"the figures went from {fmt.observation(values[0], f.series)} to "
            f"{fmt.observation(values[-1], f.series)}")


#: A sentence: up to a full stop, question or exclamation mark followed by a space or the end, so
#: the dot of a decimal (2.5 points), of an address (www.ons.gov.uk) or of "e.g."/"i.e." ends none.
SENTENCE = re.compile(r"\S.*?(?:(?<!\be\.g)(?<!\bi\.e)[.!?]+(?=\s|$)|$)", re.S)
_INLINE = re.compile(r"`\{python\}[^`]*?report\.(?:latest|baseline|comparator|target|period|trend|status|says|compared|previous|reason|moved|above_or_below)\(\s*[\"']([a-z0-9-]+)[\"']")


def prose_lines(text: str, headings: bool = False) -> list[tuple[int, str]]:
    """(line, text) for each line of prose: front matter, code cells, fenced divs and tables are
    skipped, and headings too unless ``headings``."""
    out: list[tuple[int, str]] = []
    lines = text.splitlines()
    close = front_matter_end(lines)
    start = 0 if close is None else close + 1
    for number, (line, code) in enumerate(zip(lines[start:], fences.fenced(lines[start:])), start=start + 1):
        stripped = line.strip()
        if code or not stripped or stripped.startswith((":::", "|")):
            continue
        if stripped.startswith("#") and not headings:
            continue
        out.append((number, line))
    return out


def sentences(text: str, headings: bool = False) -> list[tuple[int, str]]:
    """(line, sentence) for each sentence of prose, at the line it starts on: a sentence may run over
    the lines of a hard-wrapped paragraph ("Destitution is⏎below the baseline."); code cells and front
    matter are skipped. Inline ``{python}`` expressions stay in, so the measures they name are seen.
    With ``headings``, each heading is a sentence of its own too ("## Smoking keeps rising {#smoking}"
    reads "Smoking keeps rising")."""
    return [(line_at(0), sentence) for sentence, line_at in paragraph_sentences(text, headings) if sentence.strip()]


#: A line that starts a block of its own, not a wrapped line of the paragraph before: a list item.
_BLOCK_START = re.compile(r"\s*(?:[-*+]|\d+[.)])\s")


#: A heading's words, without its marks and attributes: "Smoking keeps rising" of "## Smoking keeps rising {#s}".
_HEADING = re.compile(r"\s*#{1,6}\s+(?P<words>.*?)(?:\s+#+)?(?:\s*\{[^{}]*\})?\s*$")


def paragraph_sentences(text: str, headings: bool = False):
    """(sentence, offset → line) for each sentence of each paragraph of prose (its lines joined by a
    space; a list item starts a paragraph); inline code keeps its dots out of the splitting. With
    ``headings``, a heading is a paragraph of its own (its words, ``_HEADING``)."""
    paragraph: list[tuple[int, str]] = []
    for number, line in prose_lines(text, headings) + [(-1, "")]:
        heading = _HEADING.fullmatch(line) if headings else None
        if paragraph and (heading or number != paragraph[-1][0] + 1 or not line.strip() or _BLOCK_START.match(line)):
            yield from _split(paragraph)
            paragraph = []
        if heading:
            # (a heading that asks or exclaims, "## Unemployment is down. Or is it?", is no plain claim: not read)
            if heading.group("words").strip() and not re.search(r"[?!]", heading.group("words")):
                yield from _split([(number, heading.group("words"))])
        elif line.strip():
            paragraph.append((number, line))


def _split(paragraph: list[tuple[int, str]]):
    starts, joined = [], ""
    for number, line in paragraph:
        starts.append((len(joined), number))
        joined += line + " "
    masked = re.sub(r"`[^`]*`", lambda m: m.group(0).replace(".", "\x00"), joined)
    for piece in SENTENCE.finditer(masked):
        begin = piece.start()

        def line_at(offset: int, begin=begin) -> int:
            return max(number for start, number in starts if start <= begin + offset)
        yield joined[piece.start():piece.end()], line_at


def measures_named(sentence: str, names: dict[str, list[str]]) -> list[tuple[str, int]]:
    """(measure id, position) for each mention of a measure in a sentence: an inline
    ``report.…("id")`` expression, or one of the measure's names (``names``: id → lower-case phrases)."""
    found = [(m.group(1), m.start()) for m in _INLINE.finditer(sentence)]
    plain = _blank_code(sentence).lower()
    for measure_id, phrases in names.items():
        for phrase in phrases:
            if phrase in plain:  # most sentences name no measure: skip the pattern then
                # (an underscore of emphasis is no letter: "_Destitution is rising._" names destitution)
                found += [(measure_id, m.start())
                          for m in re.finditer(rf"(?<![^\W_]){re.escape(phrase)}(?![^\W_])", plain)]
    return sorted(found, key=lambda pair: pair[1])


def _named_phrases(sentence: str, names: dict[str, list[str]]) -> list[str]:
    """The measures' names with a comma in them that the sentence uses."""
    lower = sentence.lower()
    return [phrase for phrases in names.values() for phrase in phrases if "," in phrase and phrase in lower]


def _blank_code(sentence: str) -> str:
    """The sentence with inline code blanked out (same length, so positions still match)."""
    return re.sub(r"`[^`]*`", lambda m: " " * len(m.group(0)), sentence)


def _subject(mentions: list[tuple[str, int]], at: int, end: int = -1) -> str | None:
    """The measure a claim at position ``at`` is about: the nearest mention before it, never one
    after it ("Rents have risen while temporary accommodation has fallen": 'risen' is the rents'),
    but for one inside the claim's own words, up to ``end`` ("14 fewer children in care")."""
    found = _subject_mention(mentions, at, end)
    return found[0] if found else None


def _subject_mention(mentions: list[tuple[str, int]], at: int, end: int = -1) -> tuple[str, int] | None:
    """(measure, position) of ``_subject``'s mention."""
    before = [m for m in mentions if m[1] <= at]
    inside = [m for m in mentions if at < m[1] < end]
    return before[-1] if before else inside[0] if inside else None


#: What may stand between a measure's name and a headline's verb ("Claimant rate falls", "Smoking rates fall").
_NAME_TO_VERB = re.compile(r"(?:\s+(?:rates?|levels?|figures?))?\s+", re.I)
#: What may stand before a name that opens its clause: list marks, emphasis, "and", "but", "the", "today".
_CLAUSE_OPENING = re.compile(r"[\s*_#>\-\d.)]*(?:(?:and|but|while|whereas|yet|so|today|now|this\s+year|the|luton's)\s+)*",
                             re.I)
#: Words before a name that make its clause a condition, a time, a question or what something saw: "As
#: unemployment rises", "Does unemployment fall?", "No year has seen litter rise".
_SUBORDINATE = re.compile(r"\b(?:when|whenever|as|if|unless|once|until|till|while|whilst|whether|because|before|"
                          r"after|where|that|so|how|why|what|does|do|did|will|would|can|could|may|might|should|must|"
                          r"see|seen|saw|watch|watched|let|make|made|help|helped|helps)\s+(?:the\s+)?$", re.I)


def _verb_after_name(text: str, mention: tuple[str, int] | None, at: int, names: dict[str, list[str]],
                     verb: bool = True) -> bool:
    """Whether a headline's verb at ``at`` ("Unemployment falls") follows the name of ``mention`` right after
    it, in a clause that is no condition or time ("When unemployment falls, …"); for a progress item's own
    measure (position -1), whether the sentence opens with "It" (or "The rate") before it. Without a
    ``verb`` ("Smoking down 30%"), the name must open its clause: "Keep smoking down" is an aim."""
    if mention is None:
        return False
    if mention[1] < 0:
        return verb and re.fullmatch(r"[\s*_]*(?:it|the\s+(?:rate|figure))\s+", text[:at], re.I) is not None
    lower = text.lower()
    if _SUBORDINATE.search(lower, 0, mention[1]):
        return False
    if not verb and not _CLAUSE_OPENING.fullmatch(versus.clause_before(lower, mention[1])):
        return False
    return any(lower.startswith(name, mention[1]) and _NAME_TO_VERB.fullmatch(lower, mention[1] + len(name), at)
               for name in names.get(mention[0], []))


#: The words that may open the clause of a claim said of a progress item's own measure without naming it:
#: "It keeps rising", "Today it is rising", "Since 2019 it has risen", ", and the rate is still falling".
_ITS_OWN = re.compile(rf"(?:[\s*_]|\b(?:it|this|that|which|and|so|yet|however|meanwhile|overall|the|rate|figure|"
                      rf"today|currently|at\s+present|at\s+the\s+moment|this\s+year|these\s+days|here|locally|in\s+luton|"
                      rf"(?:since|in|over|during)\s+(?:the\s+)?(?:(?:19|20)\d\d|baseline|(?:past|last)\s+year)|"
                      rf"{versus.PLAIN_WORDS})\b)*", re.I)


def _another_subject(text: str, at: int) -> bool:
    """Whether the clause of a claim at ``at`` opens with a subject of its own that is not the progress
    item's measure: "The cost of providing it keeps rising" in temporary accommodation's item is said of
    the cost, so claims nothing of the rate. (A name of the measure, "Households in temporary
    accommodation keep rising", makes the claim the measure's, as in a chapter.)"""
    clause = re.sub(r"\{[^}]*\}", " ", versus.clause_before(text, at))
    return _ITS_OWN.fullmatch(clause) is None


#: The subject opening a sentence, up to its first verb: "The new stop smoking service" of "The new stop
#: smoking service opened in March", "Smoking" of "Smoking fell sharply in 2023".
_OPENING_SUBJECT = re.compile(rf"{versus.LEAD}{versus.TODAY}(?P<subject>[^\s*_].*?){versus.APPOSITIVE}\s+"
                              r"(?:is|are|was|were|remains?|remained|stays?|stayed|sits?|sat|has|have|had|keeps?|kept|"
                              r"continues?|continued|fell|rose|grew|went|came|[a-z]+ed)\b", re.I)


def it_stands_for(before: str, it_own: bool, always: list[str] | None, names: dict[str, list[str]]) -> bool:
    """Whether "It" opening the sentence after ``before`` (in a progress item or tile, about the measure
    ``always`` names) stands for that measure: when ``before`` opens with its name ("Smoking fell in 2023.
    It keeps falling."), or itself with an "it" that stood for it (``it_own``) or with the figure ("9.9%
    of households …"). After another subject ("Vaping is the new worry. It keeps rising.", "The service
    has a waiting list. It is no longer falling.") "it" may be that, so a claim it opens is only warned about."""
    if not always:
        return False
    found = _OPENING_SUBJECT.match(_blank_code(before))
    if found is None:
        return it_own and versus.OPENS_WITH_FIGURE.match(before) is not None
    span = (found.start("subject"), found.end("subject"))
    own = [(m, -1) for m in always]
    return any(_names(before, span, m, names, own, (), it_own) for m in always) \
        or (it_own and versus.OPENS_WITH_FIGURE.match(before) is not None)


#: A claim of higher or lower, a rise or a fall, about a name that reads the other way round from the
#: measure's figure (data/measure_names.csv's ``opposite_to_figure``: lower "air quality" is a higher
#: pollution score) claims the opposite of the figure.
_TURNED = {"higher": "lower", "lower": "higher", "rise": "fall", "fall": "rise", "lowest": "highest", "highest": "lowest"}


#: Words after a name that make it the figure itself: "the air quality score is higher than …".
_THE_FIGURE = re.compile(r"\s+(?:score|index|figure|value|domain|rating|reading)s?\b", re.I)


def _turned_name(sentence: str, mention: tuple[str, int] | None, opposite: frozenset[str]) -> str | None:
    """The name at ``mention`` when it reads the other way round from its measure's figure, else None
    (a measure named by code, ``report.latest("air-quality")``, or "the air quality score" is its figure)."""
    if mention is None or mention[1] < 0:
        return None
    lower = sentence.lower()
    return next((name for name in opposite if lower.startswith(name, mention[1])
                 and not _THE_FIGURE.match(lower, mention[1] + len(name))), None)


def _turning(name: str | None, said: str, wants: str) -> str:
    """What a message adds when a claim was read the other way round (``_turned_name``): what the
    words said mean for the figure (``wants``, already turned)."""
    if not name:
        return ""
    meant = {"higher": "a higher figure", "lower": "a lower figure", "rise": "a rise in the figure",
             "fall": "a fall in the figure", "lowest": "the lowest figure", "highest": "the highest figure"}[wants]
    return f" (data/measure_names.csv: '{name}' reads the other way round from the figure, so '{said}' means {meant})"


#: words that make a change small, beside a trend claim: within the report's tolerance ("little change")
#: the writer may still call it a slight improvement, and a small improvement "barely changed"
_HEDGED = re.compile(r"\b(?:slightly|a little|a bit|marginally|barely|hardly|somewhat|by (?:one|1|two|2) points?)\b",
                     re.I)


def _small(text: str, claim: Claim, facts: list[SeriesFacts]) -> bool:
    """A trend claim hedged as small ("improved slightly", "barely changed") next to the trend one step
    from it: 'little change' for a slight improvement, a small improvement for "barely changed". How
    small is small is the writer's call; the opposite direction is not."""
    if not _HEDGED.search(text[max(0, claim.at - 20):claim.at + len(claim.said) + 25]):
        return False
    trends = {f.trend for f in facts if f.series.assessed}
    return "little_change" in trends if claim.wants != "little_change" else bool(trends & {"improving", "worsening"})


def _plain_claim(text: str, at: int, said: str, follows: str, measure: str, names: dict[str, list[str]],
                 mentions: list[tuple[str, int]], facts: list[SeriesFacts],
                 together: list[tuple[str, int] | None] | None = None, it_own: bool = True) -> bool:
    """Whether a claim ``said`` at ``at`` of ``text`` is plainly about ``measure``, so that the build is
    refused when the data contradicts it: the same rule as a comparison's (``versus.plain_subject``:
    "Smoking has risen since 2019", "Year 6 obesity is now lower than in England"), with the subject
    one of the measure's names, and no other measure named before the claim; or, for a claim said of
    several measures (``together``, ``_listed``: "Smoking and anxiety are both falling"), the subject
    their names alone, joined by "and" or commas. Anything else ("The cost of temporary accommodation
    has risen", "Obesity among adults is lower than in England", "Smoking and anxiety levels are falling")
    is about something the check may misread, and only warned about."""
    subject = versus.plain_subject(text, at, said, at + len(said), follows)
    labels = tuple(f.series.label.lower() for f in facts if f.series.label) if len(facts) > 1 else ()
    return _named_alone(text, subject, at, measure, together, names, mentions, labels, it_own)


def _named_alone(text: str, subject: tuple[int, int] | None, at: int, measure: str,
                 together: list[tuple[str, int] | None] | None, names: dict[str, list[str]],
                 mentions: list[tuple[str, int]], labels: tuple[str, ...] = (), it_own: bool = True) -> bool:
    """Whether the words at ``subject`` name ``measure`` (``_names``), or the measures ``together`` joined
    by "and" (``_names_each``), and the clause names no other measure up to ``at`` (``_alone``)."""
    if together and len(together) > 1:
        return _names_each(text, subject, together, names, mentions, measure, labels) \
            and _alone(mentions, subject, at) == {m for m, _ in together}
    return _names(text, subject, measure, names, mentions, labels, it_own) and _alone(mentions, subject, at) == {measure}


_NEITHER = re.compile(r"\bneither\b", re.I)
#: What joins measures' names into one subject: "Smoking and anxiety", "Smoking, anxiety and unemployment",
#: "Neither smoking nor anxiety" (``_NEITHER``).
_AND = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s+nor\s+", re.I)


def _said_of(claims: list, text: str, mentions: list[tuple[str, int]], names: dict[str, list[str]]):
    """(claim, the mention it is said of, the mentions said together) for each claim (or ``versus.Versus``)
    and each measure it is said of (``_listed``)."""
    for claim in claims:
        together = _listed(text, mentions, _subject_mention(mentions, claim.at, claim.end), names)
        for mention in together:
            yield claim, mention, together


def _listed(text: str, mentions: list[tuple[str, int]], mention: tuple[str, int] | None,
            names: dict[str, list[str]]) -> list[tuple[str, int] | None]:
    """The mentions a claim is said of: ``mention`` (the nearest before it), with the measures whose names
    are joined to it by "and" or commas right before it into one subject ("Smoking and anxiety are both
    falling", "Both smoking and anxiety have fallen"), in the order written."""
    if mention is None or mention[1] < 0:
        return [mention]
    chain = [mention]
    lower = text.lower()
    for before in sorted((m for m in mentions if 0 <= m[1] < mention[1]), key=lambda m: m[1], reverse=True):
        gap = lower[before[1]:chain[0][1]]
        if before[0] not in {m for m, _ in chain} and any(
                gap.startswith(name) and _AND.fullmatch(gap, len(name)) for name in names.get(before[0], [])):
            chain.insert(0, before)
    return chain


def _names_each(sentence: str, subject: tuple[int, int] | None, together: list[tuple[str, int]],
                names: dict[str, list[str]], mentions: list[tuple[str, int]], measure: str,
                labels: tuple[str, ...]) -> bool:
    """Whether the words at ``subject`` are the names of the measures ``together``, joined by "and" or
    commas ("Smoking and anxiety", "Both smoking and anxiety"), each part naming its measure (``_names``)."""
    if subject is None:
        return False
    start, end = subject
    both = re.match(r"\s*(?:both|neither)\s+", sentence[start:end], re.I)
    start += both.end() if both else 0
    spans, at = [], start
    for joint in _AND.finditer(sentence, start, end):
        spans.append((at, joint.start()))
        at = joint.end()
    spans.append((at, end))
    return len(spans) == len(together) and all(_names(sentence, span, m, names, mentions, labels if m == measure else ())
                                               for span, (m, _) in zip(spans, together))


def _alone(mentions: list[tuple[str, int]], subject: tuple[int, int] | None, at: int) -> set[str]:
    """The measures a plain clause names up to ``at``: from its subject on ("Smoking has fallen, but
    unemployment is lower than …" names only unemployment), with the text's own measure (at -1); the
    whole sentence before when the subject is the text's figure (no words)."""
    since = subject[0] if subject and subject[0] < subject[1] else 0
    return {m for m, pos in mentions if pos == -1 or since <= pos <= at}


#: What to do about a sentence set beside a year the data has no figure of (``versus.no_figure_of``).
_NO_YEAR_FIX = "compare with a year the data has, or check the sentence against the source yourself"


def check_text(file: str, text: str, names: dict[str, list[str]],
               facts_of, area_name_of, always: list[str] | None = None,
               targets_of=None, series: str | None = None, judged: frozenset[str] = frozenset(),
               opposite: frozenset[str] = frozenset(), it_own: bool = True, then: str = "",
               headings: bool = False) -> list[Problem]:
    """Every sentence of ``text`` that names a measure beside a direction or comparison word the
    measure's data does not support; a claim is about the measure named nearest before it.
    ``facts_of(id)`` gives a measure's SeriesFacts (none for an id the data does not have: the
    check of ids names it); ``area_name_of(id)`` its comparator's name; ``always`` names a measure
    every sentence is about (the item's own measure), ``series`` the item's series; with
    ``targets_of(measure, series)``, a figure set beside a baseline, milestone, target or
    comparator ("remains above the 7.3% baseline") is checked too (``versus``). ``judged`` names
    measures whose comparison in this text was already found wrong (a progress item's sentence as
    typed, "below England's {comparator}"): the same words are not reported again. A claim the data
    contradicts refuses the build when plain (``_plain_claim``: "Smoking has risen since 2019"), and is
    a warning otherwise ("The cost of temporary accommodation has risen sharply"). A higher or lower,
    a rise or a fall, said of one of the ``opposite`` names is read the other way round (``_TURNED``);
    a claim said of a series' name ("Litter is rising") is judged by that series (``_series_called``).
    ``it_own`` says whether "It" opening the text's first sentence stands for the ``always`` measure
    (``it_stands_for``: not after "Vaping is the new worry."), and ``then`` is the sentence after the
    text, which may correct a claim said not to hold (``_corrected``: "Anxiety isn't rising. It's soaring.").
    With ``headings`` (a page's words), each heading is read as a sentence: "## Smoking keeps rising" is a
    claim the reader trusts as much as the paragraph under it."""
    problems = []
    said = sentences(text, headings)
    for at, (line, sentence) in enumerate(said):
        if at:
            it_own = it_stands_for(said[at - 1][1], it_own, always, names)
        after = said[at + 1][1] if at + 1 < len(said) else then
        mentions = [(m, -1) for m in (always or [])] + measures_named(sentence, names)
        # one problem per measure and sentence: "has halved" is a direction and a size
        compared = check_versus(file, line, sentence, mentions, facts_of, targets_of, series,
                                names=names, opposite=opposite, it_own=it_own) if targets_of else {}
        problems += compared.values()
        compared = {**dict.fromkeys(judged), **compared}
        if not mentions:
            continue
        # Code is not prose, and a word in italics names a term (*improving*) rather than claiming it
        # (``_unemphasised``: but not a negation, nor a sentence that names a measure).
        plain = _EMPHASIS.sub(lambda m: _unemphasised(m, names), _blank_code(sentence))
        # what follows a claim is read with its words, those in italics too: "is falling short of the 2027
        # milestone" is no fall, and "is not falling *fast enough*" denies a speed, not the fall
        worded = _EMPHASIS.sub(lambda m: _unmarked(m, names), _blank_code(sentence))
        # a word set beside a value ("below the baseline") is judged against that value (``versus``), not
        # against the comparator the rest of the sentence names ("… though still over England's 11.6%")
        read_change = worded
        for v in versus.comparisons_in(sentence, series):
            plain = plain[:v.at] + " " * (v.end - v.at) + plain[v.end:]
            read_change = read_change[:v.at] + " " * (v.end - v.at) + read_change[v.end:]
        reported = set(compared)
        # a measure's name breaks no clause: "… out of education, employment or training below …"
        unbroken = plain
        for m in re.finditer("|".join(re.escape(p) for p in _named_phrases(plain, names)) or r"(?!)", plain.lower()):
            unbroken = unbroken[:m.start()] + unbroken[m.start():m.end()].replace(",", " ") + unbroken[m.end():]
        # "Smoking and anxiety are both falling": a claim is said of each measure its subject joins
        for claim, mention, together in _said_of(claims_in(plain, worded), plain, mentions, names):
            m = mention[0] if mention else None
            turned = _turned_name(plain, mention, opposite) if claim.wants in _TURNED else None
            if turned:
                claim = replace(claim, wants=_TURNED[claim.wants])
            if m is None or m in compared or (mention[1] < 0 and _another_subject(plain, claim.at)):
                continue
            if claim.both_ways and len(together) < 2:
                continue  # "Destitution keeps rising and falling": no one way
            if _NEITHER.search(versus.clause_before(plain, claim.at)):
                # "Neither unemployment nor anxiety is rising": said not to hold of each, with nothing after it
                # (``_NEGATED_REST``); of one measure ("Neither smoking nor vaping is …", "Neither the council
                # nor partners think …") the reader's guess
                if len(together) < 2 or claim.negated or claim.wants not in ("rise", "fall", "higher", "lower") \
                        or not _NEGATED_REST.match(worded.lower(), claim.at + len(claim.said)):
                    continue
                claim = replace(claim, negated=True)
            if claim.bare and not _verb_after_name(plain, together[-1], claim.at, names, claim.kind == "moving"):
                continue  # "The burden of unemployment falls on …", "We expect smoking to fall": no headline
            facts, called = _series_called(plain, mention, facts_of(m))  # "Litter is rising": the litter series
            yearly = all(about_a_year(f) for f in facts if f.series.assessed)
            if claim.since == LAST_YEAR and not yearly:  # "has fallen in the last year" of figures years apart
                claim = replace(claim, since=None)
            verdict = agrees(claim, facts)
            if verdict is None and isinstance(claim.since, int) and m not in reported:
                lacks = versus.no_figure_of(claim.since, called or series, facts)  # "has fallen since 2015"
                if lacks:
                    reported.add(m)
                    said_since = claim.said if claim.kind == "extreme" else f"{claim.said} since {claim.since}"
                    problems.append(Problem(file, line, None, f"says '{said_since}' about {m}, but "
                                            f"{lacks}, so the sentence cannot be checked", _NO_YEAR_FIX, "warning"))
            if verdict is not False:
                continue
            if claim.kind == "versus_comparator" and versus.wish(versus.clause_before(unbroken, claim.at)):
                continue  # "By 2040 we want … to have kept the share … below the national average": an aim
            reported.add(m)
            # "a larger share … than across England": which way the count runs is the reader's guess
            counted = claim.kind == "versus_comparator" and not re.fullmatch(r".*\b(?:than|above|below)", claim.said)
            # "is up", "is down": judged as "is rising" is (what follows it may narrow it: ", partners fear")
            up_down = claim.kind == "value_change" and re.search(r"\b(?:up|down)$", claim.said) is not None
            if counted:
                sure = versus.plain_share(plain, claim.at, claim.said, claim.end) \
                    and {n for n, pos in mentions if pos < claim.end} == {m}
            else:
                read = worded if claim.kind in ("moving", "extreme") or up_down else read_change
                opening = _PAST_YEAR_OPENING.match(read.lower()) if claim.since == LAST_YEAR else None
                if opening:  # "Since last year, destitution has risen": the time, then the plain clause
                    read = " " * opening.end() + read[opening.end():]
                sure = _plain_claim(read, claim.at, claim.said,
                                    {"versus_comparator": "comparator", "moving": "moving",
                                     "extreme": "moving"}.get("moving" if up_down else claim.kind, "change"),
                                    m, names, mentions, facts, together, it_own)
            if sure and len(together) > 1 and (claim.both_ways or _RESPECTIVELY.search(worded)):
                sure = False  # "Smoking and anxiety are falling and rising (respectively)": which is said of which?
            if sure and claim.negated and _corrected(claim, after):
                sure = False  # "Anxiety isn't rising. It's soaring.": the word is corrected, not the movement denied
            if sure and claim.kind == "trend" and _small(plain, claim, facts):
                sure = False
            if sure and claim.since == YEAR_AGO and not yearly:
                sure = False  # "than last year" of a monthly series, or of figures years apart: the reader's guess
            if sure and (claim.kind == "moving" or claim.negated and claim.kind != "versus_comparator"
                         or up_down) \
                    and claim.since in (None, LAST_YEAR, YEAR_AGO) \
                    and any(f.trend == "little_change" for f in facts if f.series.assessed):
                sure = False  # moved within the measure's tolerance: the tables say "little change", either way
                # ("is falling", "is down", as "is up" of a figure that fell a little)
            if sure and claim.kind == "extreme" and any(f.trend == "little_change" for f in facts if f.series.assessed):
                sure = False  # "at its lowest since 2019" of 20%, then 21%: within the tolerance, the reader's guess
            if sure and claim.kind == "status" and claim.negated:
                sure = False  # "is no longer going backwards" may mean this year's figure, not the status's words
            problems.append(Problem(
                file, line, None,
                f"says '{claim.said}' about {m}, but {_in_series(facts, called)}"
                f"{what_data_says(claim, facts, area_name_of(m))}"
                + _turning(turned, claim.said, claim.wants),
                "rewrite the sentence to agree with the data" if turned else  # (the data's words are the figure's)
                f"use `{{python}} report.says(\"{m}\", \"trend\")` or `report.compared(\"{m}\")` "
                "for the words, or rewrite the sentence to agree with the data", "error" if sure else "warning"))
        for size in change_size.sizes_in(plain):  # how big a change: "halved", "grew by around 8%"
            mention = _subject_mention(mentions, size.at)
            m = mention[0] if mention else None
            if m is None or m in reported or (mention[1] < 0 and _another_subject(plain, size.at)):
                continue
            facts, called = _series_called(plain, mention, facts_of(m))
            if size.up is not None and _turned_name(plain, mention, opposite):
                size = replace(size, up=not size.up)  # "Air quality has risen by a fifth": the score fell
            if change_size.agrees(size, facts) is not False:
                continue
            # "It has doubled" after "Vaping is rising." in smoking's item is vaping's (``it_own``); a size
            # near the figures' ("by a fifth" of a 24% fall) is loosely said, not plainly wrong
            sure = _plain_claim(plain, size.at, size.said, "change", m, names, mentions, facts, None, it_own) \
                and not change_size.near(size, facts)
            problems.append(Problem(
                file, line, None,
                f"says '{size.said}' about {m}, but {_in_series(facts, called)}{change_size.what_data_says(facts)}",
                "correct the size of the change, or leave it to the measure's table and chart",
                "error" if sure else "warning"))
    return problems


#: Words that pair the measures of a subject with the claims after it one by one.
_RESPECTIVELY = re.compile(r"\b(?:respectively|in\s+turn|in\s+that\s+order)\b", re.I)
#: A sentence that corrects the one before ("It's soaring.", "Not at all: it is soaring.", "It has plummeted."):
#: the word it corrects to, which a claim said not to hold ("Anxiety is not rising.") may have been too weak for.
_CORRECTION = re.compile(r"\W*(?:(?:no|not\s+at\s+all|far\s+from\s+it|quite\s+the\s+(?:opposite|reverse)|on\s+the\s+contrary|"
                         r"in\s+fact|rather|instead)\b\W*)?(?:it|they|this)(?:\s*['’](?:s|re)|\s+is|\s+are|\s+has|\s+have)"
                         r"(?:\s+(?:been|now|actually|really|in\s+fact|simply|just))*\s+(?P<word>[\w-]+)", re.I)
#: The words a correction may use that say the movement the claim denied did not happen after all: then
#: the denial stands ("Smoking is not falling. It is rising.").
_OPPOSITE_OF = {"rise": re.compile(rf"(?:{_FALLING}|going|coming|on)$", re.I),
                "fall": re.compile(rf"(?:{_RISING}|going|coming|on)$", re.I)}


def _corrected(claim: Claim, then: str) -> bool:
    """Whether the sentence ``then``, after a claim said not to hold, corrects its word rather than the
    movement: "Anxiety isn't rising. It's soaring." says a rise. A correction to the other way ("It is
    rising"), or one that is no movement, leaves the denial standing."""
    found = _CORRECTION.match(then or "")
    if found is None or claim.wants not in _OPPOSITE_OF:
        return False
    word = found.group("word")
    return word.lower().endswith(("ing", "ed")) and not _OPPOSITE_OF[claim.wants].match(word)


#: Words in emphasis (one ``*`` or ``_``).
_EMPHASIS = re.compile(r"(?<![*\w])[*_]([^*_]+)[*_](?![*\w])")
_EMPHASISED_NOT = re.compile(r"\b(?:not|no|never|nor)\b|n['’]t\b", re.I)


def _unemphasised(m: re.Match, names: dict[str, list[str]]) -> str:
    """Words in emphasis as the check reads them: a term ("rated *improving*") claims nothing and is left
    out; a negation ("Smoking is *not* rising") is read without its marks, as it still turns the claim
    round; words that name a measure ("_Destitution is rising._") are read with their marks, so that
    the claim is checked but never plain (``versus.LEAD``): a sentence in italics may be someone's
    words, as a pull-quote is."""
    if measures_named(m.group(1), names):
        return m.group(0)
    if _EMPHASISED_NOT.search(m.group(1)):
        return f" {m.group(1)} "
    return " " * len(m.group(0))


def _unmarked(m: re.Match, names: dict[str, list[str]]) -> str:
    """Words in emphasis as what follows a claim is read: the words without their marks (same length),
    so "Anxiety is on the decline *among boys*" is said of a part, as without the italics; words that
    name a measure keep their marks, as in ``_unemphasised``."""
    return m.group(0) if measures_named(m.group(1), names) else f" {m.group(1)} "


def _series_called(text: str, mention: tuple[str, int] | None, facts: list[SeriesFacts]
                   ) -> tuple[list[SeriesFacts], str | None]:
    """(the series a claim is judged on, the id of the series named): a measure's name that is one of
    its series' labels ("litter", "graffiti" of the Keep Britain Tidy survey) names that series only,
    so "Litter is rising" is judged by the litter figures, not by any series; else all the measure's."""
    if mention is None or mention[1] < 0 or len(facts) < 2:
        return facts, None
    lower = text.lower()
    for f in facts:
        label = (f.series.label or "").lower()
        if label and lower.startswith(label, mention[1]) and not re.match(r"[\w-]", lower[mention[1] + len(label):]):
            return [f], f.series.id
    return facts, None


def _in_series(facts: list[SeriesFacts], called: str | None) -> str:
    """How a message names the one series a name called (``_series_called``): "in its series 'Litter', "."""
    return f"in its series '{facts[0].series.label}', " if called else ""


def check_versus(file: str, line: int, sentence: str, mentions: list[tuple[str, int]], facts_of, targets_of,
                  series: str | None, placeholders: bool = False, series_named: bool = False,
                  names: dict[str, list[str]] | None = None, opposite: frozenset[str] = frozenset(),
                  it_own: bool = True) -> dict[str, Problem]:
    """Measure → the problem of a figure set beside another value the data puts on the other side
    of it (``versus``), the first in the sentence. An error when the comparison is sure: its value
    quoted, or named plainly in words ("destitution is now below the 2019 baseline": ``versus.Versus.plain``)
    with one of the measure's ``names`` as the sentence's subject ("it" opening the sentence for the
    item's own measure, given in ``mentions`` at -1), in a sentence that names no other measure before the word, about a
    measure with one series (or the series named: ``series_named``); else a warning, as the sentence
    may be misread ("Vaping among young people is above the baseline" in smoking's progress item). A
    higher or lower said of one of the ``opposite`` names is read the other way round (``_TURNED``), also
    when the value is quoted by code or a placeholder names the measure; said of a series' name
    ("Litter is higher than in 2021") it compares that series."""
    found: dict[str, Problem] = {}
    # the names the sentence uses, where it uses them: "Air quality is lower than England's {comparator}"
    # in air quality's item is said of "air quality", read the other way round, not of its figure ("it")
    worded = sorted(set(mentions) | set(measures_named(sentence, names or {})), key=lambda pair: pair[1])
    # "Smoking and anxiety are both higher than in 2019": a comparison is said of each measure its subject joins,
    # and is a warning when false
    for v, mention, together in _said_of(versus.comparisons_in(sentence, series, placeholders), sentence, mentions,
                                         names or {}):
        named = {side[1] for side in (v.left, v.right) if side[1]}
        if len(named) > 1:
            continue  # two measures set side by side: no rule of ours says which way that should go
        mention = None if named else mention
        m = next(iter(named), None) or (mention[0] if mention else None)
        if m is None or m in found:
            continue
        # the words nearest before the comparison, when they name this measure (a value quoted by code,
        # `report.comparator("air-quality")`, or an item's placeholder names the measure too)
        said_of = _subject_mention([w for w in worded if w[1] >= 0], v.at, v.end)
        said_of = said_of if said_of and said_of[0] == m else None
        turned = _turned_name(sentence, said_of, opposite) if v.wants in _TURNED else None
        # "Litter is higher than in 2021": a series' name compares that series' figures
        _, called = _series_called(sentence, said_of, facts_of(m)) if not (v.right[2] or v.left[2]) else (None, None)
        if called:
            v = replace(v, right=(*v.right[:2], called, v.right[3]))
        if turned:
            v = replace(v, wants=_TURNED[v.wants])
        says = versus.check(v, m, facts_of(m), targets_of)
        if says is None:
            lacks = versus.no_figure(v, facts_of(m))  # "lower than in 2015", a year the data has no figure of
            if lacks:
                found[m] = Problem(file, line, None, f"says '{' '.join(sentence[v.at:v.end].split())}' about {m}, but "
                                   f"{lacks}, so the sentence cannot be checked", _NO_YEAR_FIX, "warning")
            continue
        fix = "reword the sentence to agree with the data (the measure's table and chart give every figure)"
        # the data's word is the figure's, not a name's read the other way round; a year's figure has none
        word = not turned and versus.fix_for(v, m)
        if word and placeholders:  # a cell of data/progress_notes.csv, where code is not run
            fix = ("reword the sentence to agree with the data, or let the data choose the word with the "
                   f"placeholder {versus.placeholder_for(v)} (it gives above, below or level with)")
        elif word:
            fix = (f"let the data choose the word ({versus.fix_for(v, m)} gives above, below or level with), or "
                   "reword the sentence to agree with the data")
        # (of several measures, never plain: "Smoking and destitution are both below the baseline" — whose?)
        plain = v.plain and _named_alone(sentence, v.subject, v.at, m, None, names or {},
                                         mentions + measures_named(sentence, names or {}), it_own=it_own) \
            and (series_named or called or len(facts_of(m)) == 1)
        of_series = _in_series([f for f in facts_of(m) if f.series.id == called], called)
        found[m] = Problem(file, line, None, f"says '{v.said}' about {m}, but {of_series}{says}{_turning(turned, v.said, v.wants)}", fix,
                           "error" if v.sure or plain else "warning")
    return found


def _names(sentence: str, subject: tuple[int, int] | None, measure: str, names: dict[str, list[str]],
           mentions: list[tuple[str, int]], labels: tuple[str, ...] = (), it_own: bool = True) -> bool:
    """Whether the words at ``subject`` name ``measure``: one of its names, as "Luton's smoking",
    "smoking in Luton" or "the smoking rate" too, or "it" opening the sentence when the text is about that
    measure (a progress item's) and "it" stands for it there (``it_own``, ``it_stands_for``)."""
    if subject is None:
        return False
    words = " ".join(sentence[subject[0]:subject[1]].lower().replace("’", "'").split())
    if words == "it":  # the item's measure only when "it" opens the sentence: "Vaping is rising, and it is …" may not be
        return it_own and (measure, -1) in mentions and versus.opens_sentence(sentence, subject[0])
    if words == "":  # no words: "Of adults now smoke, lower than England" in smoking's tile
        return (measure, -1) in mentions
    forms = {words}
    for prefix in ("luton's ", "the "):
        forms |= {f[len(prefix):] for f in forms if f.startswith(prefix)}
    forms |= {f[:-len(" in luton")] for f in forms if f.endswith(" in luton")}  # "Destitution in Luton"
    forms |= {f[:-len(" rate")] for f in forms if f.endswith(" rate")}
    # "Carbon emissions per person": one of the measure's series (``labels``), for a claim that holds
    # when it holds of any series, so is refused only when it is false of that series too
    forms |= {f[:-len(label) - 1] for f in forms for label in labels if f.endswith(f" {label}")}
    return not forms.isdisjoint(names.get(measure, []))
