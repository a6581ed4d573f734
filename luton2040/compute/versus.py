"""A sentence that sets a measure's figure beside its baseline, a milestone, its 2040 target, its
comparator or its previous figure, checked against the data (pure: no files read here).

"it remains above the `{python} report.baseline("destitution")` recorded at the 2019 baseline"
prints the baseline from the data, but "remains above" is typed: when the latest figure falls below
the baseline the page would still say "above". ``claims`` checks direction words next to a measure's
name ("has fallen", "lower than the national average"); this checks a comparison word ("above",
"below", "higher than", "up from", "short of", "past" …) followed, within a few words, by the
value it is set against:

- an inline expression: `{python} report.baseline|target|comparator|previous("id", …)`;
- a placeholder of data/progress_notes.csv: ``{baseline}``, ``{target:2027}``, ``{comparator}``;
- the words themselves: "the baseline", "the 2027 milestone", "the 2040 target";
- a year, whose one figure (``measure_facts.figure_of_year``) is the value: "lower than in 2019",
  "higher than it was in 2019", "above 2019 levels" (right after the word; "has risen since 2019" is
  a change, which ``claims`` judges from that year's figure). A year the series has no single figure
  of before the latest cannot be judged: ``no_figure_of`` says so, as a warning.

The figure compared is the latest one (the "it" of "it remains above"), unless the same clause
quotes another of the measure's values first ("the `{python} report.previous("x")` before it is above
the 2027 milestone").
A clause that states an aim ("aims to bring it below", "will", "needs to", "by 2030") or speaks of an
earlier figure ("in 2019 it was below …") claims nothing about today's figure and is left alone. A
comparison said not to hold ("not yet past the 2027 milestone", "has never dropped below", "no longer
above") claims the opposite, which is checked instead. A preposition starting a clause ("Under the road
map …") and "the baseline year" compare nothing, and the word nearest the value is the comparison ("more
than six points below the baseline" says 'below').

This reads free prose, so it can misread a true sentence. A comparison is ``sure``, and refused, when
the value is quoted (code or placeholder) within a few words of the word with no negation, in a
sentence that is no question; or when it is ``plain`` (``plain_subject``, the one rule, which ``claims`` uses for its claims too),
an allow-list: the sentence, or a clause after ", and", "but", ";" (or a colon after "Good news", "In
short" and the like: ``_LEAD_IN``; any other words before a colon may be what someone said, a label
or an aim), begins with its subject
(after "Today" or "This year,"; with a description set off by commas: "Destitution, the deepest form
of poverty, is …"), then only "is", "remains", "has fallen", "now", "still", "back", "well" … and the
word ("Destitution is now below", "Smoking has fallen well below"); the value named in words right
after it ("the baseline", "the 2019 baseline", "its 2027 milestone", "the 2040 target"), then nothing
but "again", the value as a figure ("of 7.3%"), the end of the sentence or another clause ("…, but"); nothing negated or hedged ("almost", "at or
below"); no other place named ("Nationally, …"); and the caller (``claims.check_versus``, which
knows the measures) finds the subject is the measure's name (or "it" opening the sentence, of a progress item's measure),
the only measure the sentence names, with one series. Any other comparison ("Before the pandemic,
unemployment sat below", "Getting destitution below the baseline is the first task", "Is destitution
below the baseline?", "Government funding to tackle destitution is below the baseline", "more than
six points below the baseline", "is no longer above the baseline") is reported as a warning: refusing
a true sentence would stop the report being published.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from luton2040.compute import format as fmt
from luton2040.compute.expression_ids import argument, id_functions
from luton2040.compute.measure_facts import SeriesFacts, figure_of_year, figures_of_year, shown_period
from luton2040.compute.progress import resolve_target
from luton2040.data.model import HIGHER, LOWER, TARGET_YEAR, Target

#: A change said from a value: "has risen since the baseline", "fell from the 2027 milestone".
_CHANGED = (r"(?:risen|rose|increased|gone up|grown|grew) (?:from|since|on)",
            r"(?:fallen|fell|dropped|decreased|come down|came down|gone down|declined) (?:from|since|on)")
_CHANGE_WORD = re.compile("|".join(_CHANGED), re.I)
#: Comparison words → what they claim of the figure against the value that follows them ("lower now
#: than in 2019": a word of today may stand before "than").
_NOW_THAN = r"(?:\s+(?:now|today|still))?(?:\s+(?:here|in luton))?\s+than"
_WORDS = [
    (rf"(?:higher|more|greater|bigger|larger){_NOW_THAN}|above|over|exceed(?:s|ed|ing)?|up (?:from|on)"
     rf"|{_CHANGED[0]}", "higher"),
    (rf"(?:lower|less|fewer|smaller){_NOW_THAN}|below|under|beneath|down (?:from|on)"
     rf"|{_CHANGED[1]}", "lower"),
    (r"past|beyond|ahead of|better than|reached|met", "better"),  # at or beyond it, the way the measure wants
    (r"short of|worse than", "worse"),
]
#: A comparative split from its "than" by what is counted: "fewer people are in destitution than at
#: the 2019 baseline". Which way the count runs is the reader's guess ("more people have left
#: destitution than at the baseline"), so such a comparison is never plain: a warning at most.
_SPLIT = {"higher": r"(?:more|higher|greater|larger|bigger)", "lower": r"(?:fewer|less|lower|smaller)"}
_SPLIT_WORDS = [(rf"{word}(?:\s+(?!than\b)[\w'’-]+){{1,8}}\s+than\s+(?:at|in)", wants) for wants, word in _SPLIT.items()]
_WORDS += _SPLIT_WORDS
#: Words between the comparison and the value: a few, with no clause break and no other code, and
#: none that makes the value something else: "from X to {latest}" compares X, "over the past two
#: years the 2027 milestone …" is a time, "more than half the baseline" a size. Nor another
#: comparison word or a number other than a year: in "more than six points below the baseline" and
#: "more than 900 smokers at the baseline" the word nearest the value (or none) is the comparison.
_NOT_BETWEEN = (r"to|and|or|but|than|since|from|during|after|before|for|while|when|where|which|that|who|whose"
                r"|is|are|was|were|has|have|had|will|years?|months?|weeks?|days?|decades?"
                r"|half|thirds?|quarters?|twice|double|triple|times|points?|per|percent|percentage"
                r"|above|below|over|under|beneath|past|beyond|exceed\w*|short|ahead|reached|met"
                r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty"
                r"|hundred|thousand|million|dozen|(?!(?:19|20)\d\d\b)\d[\d,.]*")
_FILLER = rf"(?:\s+(?!(?:{_NOT_BETWEEN})\b)[^\s`{{}},;:!?()]+){{0,6}}?\s+"
_CALL = r"`\{python\}\s+(?P<call>report\.(?P<fn>baseline|target|comparator|previous|latest)\([^`]*\))\s*`"
_PLACEHOLDER = r"\{(?P<ph>baseline|target|comparator|latest)(?P<args>(?::[a-z0-9_]+)*)(?:@(?P<other>[a-z0-9-]+))?\}"
#: "the baseline" names the value; "the baseline year", "the baseline survey" do not. A year alone
#: names the figure of that year ("lower than in 2019", "than it was in 2019", "above 2019 levels"),
#: not a year's milestone or baseline, a financial year (2019/20) or a number (2019.5): an allow-list,
#: the year (and "level", "figure") then the end of the clause or a small word ("in", "but", "for"), so
#: "the 2019 national rate", "the 2019 Tobacco Control Plan's goal", "its 2023 peak" name something else.
_TYPED = (r"(?P<typed_baseline>baseline)\b(?!\s+(?:year|period|survey|date|month|data|study|report|figures?|measure))"
          r"|(?P<typed_year>20\d\d)\s+(?P<typed_kind>milestone|target)\b"
          r"|(?P<typed_when>(?:(?:it|they)\s+(?:was|were|did|stood)\s+)?(?:(?:in|at|during)\s+)?(?P<when_year>(?:19|20)\d\d)"
          r"\b(?![/–-]\d|[.,]\d|%)(?:\s+(?:level|figure|rate|value)s?\b)?(?=\s*(?:$|[.,;:!?)—*_\"”’']|\s+(?:and|but|or|while|"
          r"whereas|though|although|in|for|among|amongst|when|as|at|on|to|with|despite|after|before|because|too|"
          r"again|by|once|so|yet|even)\b)))")
#: A typed value the sentence then quotes: "the 2027 milestone of {target:2027}" compares with the quoted value.
_QUOTED = re.compile(r"\s+(?:of|at)\s+")
_REFERENCE = re.compile(
    r"\b(?P<word>" + "|".join(f"(?:{w})" for w, _ in _WORDS) + r")\b"
    + _FILLER + rf"(?:{_CALL}|{_PLACEHOLDER}|{_TYPED})", re.I)
#: A comparison said not to hold ("not yet past", "has never dropped below", "no longer above"):
#: the sentence claims the opposite, which is checked instead.
_NEGATION = re.compile(r"\b(?:not|never|no longer|nor|\w+n't|far from|nowhere near|yet to)\b", re.I)
#: "Over the baseline year …", "Under the road map …": a preposition starting the clause, not a comparison.
_PREPOSITION = re.compile(r"over|under|beyond|past", re.I)
#: A clause stating an aim or a condition rather than what the figure is ("may", not the month "May").
_WISH = re.compile(r"\b(?:aims?|aiming|will|would|could|(?-i:may)|might|should|must|needs?|want\w*|hopes?|plans?|"
                   r"goal|expect(?:s|ed|ing)?|projected|forecast(?:s|ed)?|if|unless|"  # not "life expectancy"
                   r"to (?:bring|get|keep|push|reduce|raise|cut|fall|rise|drop|stay|remain)|by 20\d\d)\b", re.I)


def wish(words: str) -> bool:
    """Whether words state an aim or a condition ("we want", "by 2040", "if"), so that what follows
    them claims nothing about today's figure."""
    return _WISH.search(words) is not None


#: Where a clause starts, for ``clause_before``: a comma, semicolon, colon, dash or bracket, or "but".
_CLAUSE_BREAK = re.compile(r"[,;:—(]|\bbut\b")


def clause_before(text: str, at: int) -> str:
    """The words of ``at``'s own clause before it: "Unemployment, which will be hit by the Vauxhall
    closure, is lower than …" gives " is" for "lower", so the "will" of another clause is not its
    wish. "And" starts none: "By 2040 we want … and to have kept … below the national average" is one aim."""
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, at)]
    return text[starts[-1] if starts else 0:at]


#: A clause about an earlier figure ("in 2019 it was below England's …"): not today's figure.
_EARLIER_FIGURE = re.compile(r"\b(?:was|were|had|used to|in (?:19|20)\d\d)\b", re.I)
#: A value quoted earlier in the clause, which is then what is compared.
_EARLIER = re.compile(rf"{_CALL}|{_PLACEHOLDER}")
#: What may stand between the word and a value named in words for the comparison to be plain:
#: "below the baseline", "below the 2019 baseline", "below its 2027 milestone".
_PLAIN_GAP = re.compile(r"\s+(?:the|its)\s+(?:(?:19|20)\d\d\s+)?", re.I)
#: And before a year: "lower than in 2019", "lower than it was in 2019", "below the 2019 level".
_YEAR_GAP = re.compile(r"\s+(?:(?:the|its)\s+)?", re.I)
#: Words that soften a comparison ("almost below", "roughly level with or above", "at or below",
#: "seems to be past"): the sentence may be read either way, so a contradiction is a warning.
_HEDGE = re.compile(r"\b(?:almost|nearly|close to|around|about|roughly|approximately|broadly|largely|"
                    r"perhaps|probably|likely|possibly|arguably|apparently|seems?|seemed|appears?|appeared|"
                    r"looks?|or)\b", re.I)
#: What a plain comparison's clause may say before the comparison word: the measure's name (the
#: ``subject``, which the caller matches against the measure's names), then only these words
#: ("destitution is now below", "smoking has fallen well below", "destitution is now back below"),
#: with one of them (or of the claim's own words: "has risen") a verb of today (no "sat", "started",
#: "stood", "fell" …). Anything else ("Is destitution below", "Bringing destitution below",
#: "Government funding to tackle destitution is below") may be a question, an aim, a time or
#: something else, and is at most a warning.
PLAIN_WORDS = r"is|are|remains?|stays?|sits?|has|have|now|still|already|well|just|back|also|fallen|risen|dropped|climbed"
#: (of a claim: "continues to rise", "keeps rising", "isn't rising", "'s down", a headline's "falls")
_PLAIN_VERB = re.compile(r"\b(?:(?:is|are|has|have)(?:n['’]t)?|remains?|stays?|sits?|continues?|keeps?|"
                         r"rises|falls|drops|climbs|grows|increases|decreases|declines|"
                         r"rise|fall|drop|climb|grow|increase|decrease|decline)\b|(?<![\w-])(?:up|down)$"
                         r"|(?<!\S)['’]s\b", re.I)  # ("Smoking's down": the claim's own words)
#: A word of today before the subject: "Today destitution is …", "This year, destitution is …".
TODAY = r"(?:(?:today|now|currently|at present|at the moment|this year|these days),?\s+)?"
#: A description set off by commas after the name: "Destitution, the deepest form of poverty, is …",
#: "Unemployment, which will be hit by the Vauxhall closure, is …".
APPOSITIVE = r"(?:,\s+(?:the|a|an|its|our|which|who)\s[^,;:]*,)?"
#: Before the subject only a list marker or bold (``**``, ``__``): a sentence in quotation marks is
#: someone's words ("“Destitution is rising again.”"), and one in italics may be (a pull-quote:
#: "_Destitution is rising everywhere we look._"), no plain claim of the report's.
LEAD = r"\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*|__)?"
#: ("both", "all" after a subject of several names: "Smoking and anxiety have both fallen"; a clause of
#: them alone, "…, but all are rising", leaves its subject to the reader, so is no ``_ELLIPSIS``.)
_PLAIN_CLAUSE = re.compile(rf"{LEAD}{TODAY}(?P<subject>[^\s*_].*?){APPOSITIVE}"
                           rf"(?P<verbs>(?:\s+(?:{PLAIN_WORDS}|both|all))*)\s*", re.I)
#: What may stand before a subject that opens the sentence: a list marker, emphasis, "Today".
_OPENING = re.compile(rf"{LEAD}{TODAY}", re.I)


def opens_sentence(sentence: str, at: int) -> bool:
    """Whether the words at ``at`` open the sentence (after a list marker, emphasis or "Today"): the
    one place where a progress item's "it" plainly stands for the item's measure ("It is still
    rising"); after ";" or ", and" it may be another noun ("Vaping is rising, and it is above …")."""
    return _OPENING.fullmatch(sentence, 0, at) is not None


#: A clause that leaves its subject to the clause before: "Smoking remains above the 2027 milestone
#: but is lower than …" (then the sentence's first subject is the subject).
_ELLIPSIS = re.compile(rf"\s*(?:{PLAIN_WORDS})(?:\s+(?:{PLAIN_WORDS}))*\s*", re.I)
_FIRST_SUBJECT = re.compile(rf"{LEAD}{TODAY}(?P<subject>[^\s*_].*?){APPOSITIVE}"
                            r"\s+(?:is|are|remains?|stays?|sits?|has|have)\b", re.I)
#: A tile's or progress item's text that opens with its figure ("9.9% Of households …", "{latest} of adults …").
OPENS_WITH_FIGURE = re.compile(r"\s*(?:\{latest[^}]*\}|`\{python\}\s+report\.latest\(|£?\d)")
#: Where a clause of its own opens inside a sentence: ", and", ", but", "but", ", while", ";", ": " ("…
#: fewer residents than a year before, and destitution is now below the 2019 baseline", "Good news:
#: destitution is now below the baseline").
_CLAUSE_OPEN = re.compile(r",\s*(?:and|but|while|whereas)\s+|\s+but\s+|;\s*(?:(?:and|but)\s+)?|:\s+", re.I)
#: The few words before a colon that say the report's own finding follows ("Good news: anxiety is
#: falling"). Any other words before a colon may introduce what someone said ("Residents told us:"),
#: a label ("Myth:", "Scenario two:"), an aim ("The 2040 vision:"), another time ("What partners
#: said in 2019:") or a qualification ("After inflation:"), so a clause after them is never plain.
_LEAD_IN = re.compile(r"\s*[*_]*(?:(?:the\s+)?(?:good|bad|better|worse)\s+news|in\s+(?:short|brief|summary)|overall|"
                      r"the\s+(?:result|upshot|bottom\s+line)|put\s+simply|simply\s+put|in\s+a\s+word)[*_]*\s*:\s+", re.I)
_COLON = re.compile(r":\s+")
#: What may follow a plain comparison's value: "again", a figure the value is quoted as ("of 7.3%"),
#: then the end of the sentence, or another clause ("…, but smoking is below …"); not "in 2021",
#: "by 2027", "for the first time", "according to …".
_PLAIN_REST = re.compile(r"[*_\"”’']*(?:\s+(?:again|too|once more))?(?:\s+of\s+£?\d[\d,.]*(?:\s*(?:%|per cent))?)?"
                         r"[*_\"”’']*\s*(?:[.!]*[*_\"”’']*\s*$|(?:,\s*|;\s*|\s+)(?:and|but|while|whereas|though|although)\b|;)",
                         re.I)
#: What may follow a claim of the way the figure is moving ("is rising", "has been falling since 2019")
#: for it to be plain: an allow-list, like ``_PLAIN_REST``: "again", an adverb of manner
#: (``_MANNER``: "sharply", "steadily"), "since" or "from" a year or the baseline, "in Luton" or "locally", then the end of the
#: sentence or another clause. Anything else ("is falling short of the milestone", "is rising up the
#: agenda", "is falling hardest on young people", "is falling, in real terms", "is rising, the food
#: bank warns", "is falling nationally", "is rising seasonally", "is falling relatively") is no plain
#: claim of today's figure, and a contradiction is only warned about.
_MANNER = (r"sharply|steadily|slowly|gradually|rapidly|slightly|fast|quickly|swiftly|strongly|markedly|"
           r"significantly|substantially|considerably|dramatically|noticeably|modestly|consistently|"
           r"continuously|constantly|year\s+on\s+year|every\s+year")
#: (Nor "and" or "then" and another way of moving: "keeps rising and falling", "keeps going up and down",
#: "are falling and rising respectively" say no one way, or not of each measure.)
_ANOTHER_MOVE = (r"(?!\s+(?:then\s+)?(?:back\s+)?(?:rising|falling|increasing|decreasing|growing|declining|climbing|"
                 r"dropping|going|coming|up|down|rise|fall|grow|drop)\b)")
_MOVING_REST = re.compile(rf"(?:\s+(?:again|too|still|now|yet|further|once\s+more|any\s*more|any\s+longer|this\s+year|"
                          rf"in\s+luton|locally|{_MANNER}|"
                          r"(?:since|from)\s+(?:the\s+)?(?:(?:19|20)\d\d|baseline)|"
                          # the time a change is said against: "is up on 2019", "down compared with last year"
                          r"(?:on|compared\s+(?:with|to))\s+(?:the\s+)?(?:(?:19|20)\d\d|last\s+year|baseline)|"
                          r"over\s+the\s+(?:past|last)\s+(?:year|twelve\s+months|12\s+months)|"
                          # a size or where the figure went: "falls by a fifth", "is falling to 14.7%"
                          r"by\s+(?!(?:19|20)\d\d\b)(?:(?:about|around|almost|nearly|roughly|some|more\s+than|over|just\s+over|just\s+under)\s+)?"
                          r"(?:£?\d[\d,.]*\s*(?:%|per\s*cent|(?:percentage\s+)?points?)?|a\s+(?:tenth|fifth|quarter|third|half)|half)|"
                          # a bare size, as "is up 30%" names it (never "3 places": a rank is no size of the figure)
                          r"(?:£\d[\d,.]*|\d[\d,.]*\s*(?:%|per\s*cent|(?:percentage\s+)?points?))(?![\w%])|"
                          r"(?:from\s+£?\d[\d,.]*\s*%?\s+)?to\s+£?\d[\d,.]*\s*%?))*"
                          r"[*_\"”’']*\s*(?:[.!]*[*_\"”’']*\s*$|(?:,\s*|;\s*|\s+)(?:and|but|while|whereas|though|although)\b"
                          rf"{_ANOTHER_MOVE}|;)",
                          re.I)
#: A clause after a claim that narrows it to a part, a place or a time, or takes Luton out of it: ", but
#: only in winter", ", though not here", ", but not in Luton", "and not just in Luton", ", mostly among
#: renters": the claim is not plainly of today's figure ("Destitution keeps rising, but only in winter"
#: is true of a town whose figure fell). "But not fast enough" narrows nothing: the movement stands.
_NARROWING = re.compile(r"(?:(?![.!?](?:\s|$))[^;])*?(?:,\s*|;\s*|\s+)(?:and|but|though|although|yet|while|if)?\s*"
                        r"(?:(?:only|just|mainly|mostly|largely|chiefly|especially|particularly|primarily|solely|"
                        r"exclusively)\b|(?:not|never|hardly|barely)\s+(?:here|in|for|among|amongst|across|at|within|"
                        r"locally|everywhere|evenly|equally|uniformly|just|only|all|every|for\s+all|among\s+all)\b)",
                        re.I)
#: A source named after a change ("has risen, according to a survey by the local paper", "has fallen,
#: the GP survey suggests", "has risen, say traders"): the words report what someone found, which the
#: data may measure differently, so the claim is no plain one of today's figure.
_SOURCED = re.compile(r"[^.;!?]*?(?:\baccording\s+to\b|,\s*(?:[\w'’-]+\s+){0,6}?(?:says?|said|warns?|warned|reports?|"
                      r"reported|suggests?|suggested|shows?|showed|finds?|found|claims?|claimed|believes?|thinks?|"
                      r"estimates?|estimated|tells?\s+us|told\s+us)\b)", re.I)
#: The comparator a claim compares with ("lower than [in] England", "above the national average"),
#: skipped before the test of what follows (also by ``claims``, of a comparison said not to hold).
COMPARATOR = re.compile(r"\s+(?:(?:in|across|for|that (?:of|in))\s+)?(?:the\s+)?(?:england(?:'s|’s)?|national|country)"
                         r"(?:\s+(?:average|rate|figure|level|share|picture))?", re.I)
#: What may not follow a claim of a change for it to be plain: words that narrow it to a part, a
#: place or a time ("has risen among young people", "in the most deprived wards", "during the One Big
#: Weekend"), after any "sharply", "again" …
_SINCE_OR_ON = r"(?:\s+(?:since|from|on)\s+(?:the\s+)?(?:(?:19|20)\d\d|baseline|last\s+year)\b)?"
_NARROWED = re.compile(rf"{_SINCE_OR_ON}(?:\s+(?:\w+ly|again|further|overall|too))*"
                       # a size first: "is down 2 points among boys", "has fallen by a third in the east"
                       r"(?:\s+(?:by\s+)?(?:(?:about|around|almost|nearly|roughly|some|more\s+than|over|just\s+over|"
                       r"just\s+under)\s+)?(?:£?\d[\d,.]*\s*(?:%|per\s*cent|(?:percentage\s+)?points?)?|"
                       rf"a\s+(?:tenth|fifth|quarter|third|half)|half)\b%?)?"
                       # or where it went: "is down to 5% in the least deprived wards"
                       rf"(?:\s+to\s+£?\d[\d,.]*\s*%?)?{_SINCE_OR_ON}(?:\s+(?:\w+ly|again|further|overall|too))*"
                       r"\s+(?:among|amongst|for|of|within|outside|during|at|across|"
                       r"on(?!\s+(?:the\s+)?(?:(?:19|20)\d\d|last\s+year|a\s+year\s+ago|baseline|year)\b)|"
                       r"in(?!\s+(?:19|20)\d\d\b|\s+the\s+(?:past|last)\b)|with|when|before|after|until)\b", re.I)
#: A comparison with another place is not the measure's own figure ("Nationally, smoking is below the
#: 2027 milestone", "England's smoking rate is below …").
_ELSEWHERE = re.compile(r"\b(?:england|english|national\w*|nationwide|the country|uk|britain|british|region\w*|"
                        r"global\w*|worldwide|international\w*|elsewhere|other (?:areas|towns|places))\b", re.I)
#: Where the clause of a change or movement ends after it ("Unemployment has fallen nationally and risen in
#: Luton", "…, but", "; in Luton …"): the other place ``_ELSEWHERE`` may be named up to there, too, but
#: for one Luton is compared with ("has fallen faster than nationally", "to below the England average").
_CLAUSE_END = re.compile(r"[,;:—(]|[.!?](?=\s|$)|\s(?:and|but|while|whereas|though|although)\b", re.I)
_COMPARED_WITH = re.compile(r"\b(?:than|below|above|under|over|behind|beyond|with|against|to)\s+"
                            r"(?:(?:in|across|for|of|that|those|the)\s+)*$", re.I)


def _elsewhere_after(text: str, rest: int) -> bool:
    """Whether the clause after ``rest`` names another place as where the change happened ("has risen
    nationally"), not as what Luton is compared with (``_COMPARED_WITH``)."""
    end = _CLAUSE_END.search(text, rest)
    return any(not _COMPARED_WITH.search(text, rest, m.start())
               for m in _ELSEWHERE.finditer(text, rest, end.start() if end else len(text)))


def plain_subject(sentence: str, at: int, said: str, rest: int, follows: str = "value") -> tuple[int, int] | None:
    """Where the subject is ("Destitution" in "Destitution is now below the 2019 baseline.") of a
    comparison or claim plain enough to be sure of, or None: the one rule of what is "plain", for
    ``comparisons_in`` and ``claims.check_text``. The words ``said`` at ``at`` open no question;
    their clause starts the sentence (after "Today", "This year,") or follows ", and", "but", ";" …
    of a sentence stating no aim before it, and no colon but after a lead-in ("Good news:",
    ``_LEAD_IN``); it opens with the name after no quotation mark (a quoted sentence is someone's
    words), and says only the name (and a description set off by commas) and ``PLAIN_WORDS``
    before them, one a verb of today; it names no other place (for a change or a movement, nor after
    it in its clause: "Smoking has risen nationally"); and what follows at ``rest`` is
    plain: for ``follows`` "value" (a value's end) or "comparator" (the comparison word of a claim
    "than England") nothing but "again", the value as a figure, the end of the sentence or another
    clause; for "moving" (the "is rising" of a claim) only ``_MOVING_REST``; for "change" no words
    that narrow the change to a part, a place or a time; and for both no source named after it
    (``_SOURCED``). The caller says whether the subject names the measure."""
    if sentence.rstrip().endswith("?"):
        return None
    bare = re.sub(r"`[^`]*`", lambda m: " " * len(m.group(0)), sentence)
    start = max([0] + [m.end() for m in _CLAUSE_OPEN.finditer(bare, 0, at) if m.end() <= at])
    clause = bare[start:at]
    if wish(bare[:start]) or _ELSEWHERE.search(clause):
        return None
    colons = list(_COLON.finditer(bare, 0, at))
    if colons and (len(colons) > 1 or not _LEAD_IN.fullmatch(bare, 0, colons[0].end())):
        return None  # "Residents told us: destitution is rising", "Myth: …": only "Good news:" and the like state a finding
    if _NARROWING.match(bare, rest):
        return None  # "Destitution keeps rising, but only in winter": said of a part, not of the figure
    if follows in ("change", "moving"):
        if _SOURCED.match(bare, rest):
            return None
        if _elsewhere_after(bare, rest):
            return None  # "Smoking has risen nationally": another place's figure, wherever the clause names it
    if follows == "moving":
        if not _MOVING_REST.match(bare, rest):
            return None
    elif follows == "change":
        if _NARROWED.match(bare, rest):
            return None
    else:
        skip = COMPARATOR.match(bare, rest) if follows == "comparator" else None
        if not _PLAIN_REST.match(bare, skip.end() if skip else rest):
            return None
    if not bare[bare.rfind(",", 0, at) + 1:at].strip(" *_") and "," in bare[:at] and not wish(bare[:at]) \
            and OPENS_WITH_FIGURE.match(sentence):
        return at, at  # "9.9% Of households live in destitution, below the 2019 baseline": the figure the text is about
    if start and _ELLIPSIS.fullmatch(clause) and _PLAIN_VERB.search(f"{clause} {said}"):
        first = _FIRST_SUBJECT.match(bare)  # "Smoking remains above …, but is lower than …": the first subject
        return None if first is None or wish(bare[:at]) else (first.start("subject"), first.end("subject"))
    shape = _PLAIN_CLAUSE.fullmatch(clause)
    if shape is None or not _PLAIN_VERB.search(f"{shape.group('verbs')} {said}"):
        return None
    return start + shape.start("subject"), start + shape.end("subject")


#: "A smaller share of young people is out of education, employment or training than across England":
#: a sentence that opens with the comparison of a share, rate or proportion.
_SHARE_OPENING = re.compile(rf"{LEAD}(?:a|the)\s+", re.I)
_SHARE = re.compile(r"\s+(?:share|proportion|percentage|rate)\b", re.I)
#: After the comparator, a list going on ("…than across England, fewer pupils are permanently excluded").
_LIST_GOES_ON = re.compile(r"(?:\s+(?:average|rate|figure|level))?\s*(?:,\s+(?!according|excluding|except|among|for|in|if|"
                           r"when|unless|once|before|after|until)\b|$|[.!;])", re.I)


def plain_share(sentence: str, at: int, said: str, end: int) -> bool:
    """Whether a comparison of a share with the comparator (the word ``said`` at ``at``, the
    comparator ending at ``end``) is as plain as ``plain_subject``'s: the sentence opens with it ("A
    smaller share of …"), asks nothing, and the comparator ends it or a clause or item of a list.
    A count ("fewer people are … than") is never plain: which way it runs is the reader's guess."""
    return (not sentence.rstrip().endswith("?") and _SHARE_OPENING.fullmatch(sentence, 0, at) is not None
            and _SHARE.match(sentence, at + len(said)) is not None and _LIST_GOES_ON.match(sentence, end) is not None)


@dataclass(frozen=True)
class Versus:
    """One comparison a sentence makes: ``left`` and ``right`` are (kind, measure or None, series
    or None, year or None) for latest | baseline | target | comparator | previous."""

    said: str  # the comparison word, and the negation before it: "below", "no longer above"
    wants: str  # higher | lower | better | worse
    left: tuple
    right: tuple
    at: int
    end: int = -1  # where the value compared with ends: the sentence's words from ``at`` to here are this comparison's
    negated: bool = False  # "not yet below …": the sentence claims the opposite of ``wants``
    sure: bool = False  # a value quoted (code or placeholder) just after the word, nothing negated: not a misreading
    plain: bool = False  # a value named in words right after the word, nothing negated or hedged: sure of one measure and series
    subject: tuple[int, int] | None = None  # where a plain comparison's subject is: the caller says whether it names the measure


def _call_parts(call: str) -> tuple[str | None, str | None, int | None] | None:
    """(measure, series, year) of ``report.f("id", …)`` as written, or None when unreadable."""
    try:
        node = ast.parse(call, mode="eval").body
    except SyntaxError:
        return None
    if not isinstance(node, ast.Call) or not node.args or not isinstance(node.args[0], ast.Constant):
        return None
    # where each argument goes, as luton2040/report.py's own signatures say (expression_ids reads them)
    signature = id_functions()[node.func.attr]
    series = argument(node, signature.series_at, "series")
    year = argument(node, 1, "year") if node.func.attr == "target" else None
    constant = lambda arg, default: arg.value if isinstance(arg, ast.Constant) else default  # noqa: E731
    return (node.args[0].value, constant(series, signature.series_default),
            constant(year, TARGET_YEAR) if node.func.attr == "target" else None)


def _side(match: re.Match, default_series: str | None) -> tuple | None:
    """The value a match of _CALL, _PLACEHOLDER or _TYPED names: (kind, measure, series, year)."""
    if match.group("fn"):
        parts = _call_parts(match.group("call"))
        return None if parts is None else (match.group("fn"), *parts)
    if match.group("ph"):
        args = [a for a in match.group("args").split(":") if a]
        year = None
        if match.group("ph") == "target":
            if not args or not args[0].isdigit():
                return None
            year, args = int(args[0]), args[1:]
        return match.group("ph"), match.group("other"), args[0] if args else default_series, year
    if match.groupdict().get("typed_baseline"):
        return "baseline", None, None, None
    if match.groupdict().get("typed_year"):
        year = int(match.group("typed_year"))
        if (match.group("typed_kind").lower() == "target") != (year == TARGET_YEAR):
            return None  # "the 2027 target" names no row surely enough
        return "target", None, None, year
    if match.groupdict().get("typed_when"):
        return "year", None, None, int(match.group("when_year"))
    return None


def comparisons_in(sentence: str, default_series: str | None = None, placeholders: bool = False) -> list[Versus]:
    """Each comparison of a figure with a value named just after the comparison word. Placeholders
    ("{baseline}") are values only in data/progress_notes.csv (``placeholders``); in a chapter they
    would be printed as they are. A comparison is ``sure`` when the value is quoted as code or a
    placeholder within a few words of the word and nothing negates it; any other match is a reading
    of free prose that may be wrong, which the check only warns about."""
    found = []
    for match in _REFERENCE.finditer(sentence):
        right, end = _side(match, default_series), match.end()
        quoted = None
        if match.group("typed_baseline") or match.group("typed_year"):  # "the 2027 milestone of {target:2027}"
            of = _QUOTED.match(sentence, match.end())
            quoted = _EARLIER.match(sentence, of.end()) if of else None
            if quoted is not None and (placeholders or not quoted.group("ph")):
                right, end = _side(quoted, default_series), quoted.end()
            else:
                quoted = None
        if right is None or right[0] == "latest" or (match.group("ph") and not placeholders):  # the latest figure is what is compared, not what it is set beside
            continue
        if right[0] == "year" and (not _YEAR_GAP.fullmatch(sentence, match.end("word"), match.start("typed_when"))
                                   or _CHANGE_WORD.fullmatch(match.group("word"))):
            continue  # "higher than England in 2019": a year is the figure's own only right after the word; and
            # "has risen since 2019" is a change, which ``claims`` judges from that year's figure
        clause_start = max(sentence.rfind(stop, 0, match.start()) for stop in (",", ";", ":", "—", "(", " and ", " but ")) + 1
        clause = sentence[clause_start:match.start()]
        words = re.sub(r"`[^`]*`", " ", clause)
        if _PREPOSITION.fullmatch(match.group("word")) and not words.strip(" *_\"'“‘"):
            continue  # "Under the road map …", "Over the baseline year …": where or when, not a comparison
        if _WISH.search(words) or _EARLIER_FIGURE.search(words):
            continue
        negation = list(_NEGATION.finditer(words))
        negated = bool(negation)
        said = match.group("word")
        split = any(re.fullmatch(pattern, said, re.I) for pattern, _ in _SPLIT_WORDS)
        if split:  # "fewer people are in destitution than at" says 'fewer … than at'
            said = re.sub(r"^(\w+)\s.*\s(than\s+\w+)$", r"\1 … \2", said, flags=re.S)
        if negated:  # as the sentence says it: "no longer above", "not … below"
            between = words[negation[-1].end():].strip()
            said = f"{negation[-1].group(0)} {'… ' if between else ''}{said}"
        earlier = [_side(m, default_series) for m in _EARLIER.finditer(clause) if placeholders or not m.group("ph")]
        earlier = [e for e in earlier if e is not None]
        left = earlier[-1] if earlier else ("latest", None, None, None)
        wants = next(w for pattern, w in _WORDS if re.fullmatch(pattern, match.group("word"), re.I))
        value_at = quoted.start() if quoted else match.start("call") if match.group("fn") else \
            match.start("ph") - 1 if match.group("ph") else None
        filler = sentence[match.end("word"):value_at] if value_at is not None else ""
        sure = value_at is not None and not negated and len(re.sub(r"`[^`]*`", " ", filler).split()) <= 4 \
            and not sentence.rstrip().endswith("?")  # "Is it below the {baseline}?" asks; it claims nothing
        typed = next((match.start(g) for g in ("typed_baseline", "typed_year", "typed_when") if match.group(g)), None)
        plain = (value_at is None and not negated and not split and not _HEDGE.search(words)
                 and (_YEAR_GAP if right[0] == "year" else _PLAIN_GAP).fullmatch(sentence, match.end("word"), typed) is not None)
        subject = plain_subject(sentence, match.start(), match.group("word"), end) if plain else None
        found.append(Versus(said, wants, left, right, match.start(), end, negated, sure, subject is not None, subject))
    return found


def _value(side: tuple, f: SeriesFacts, targets: list[Target]) -> tuple[float, str] | None:
    """The number a side names for one series, with the words that show it, or None."""
    kind, _, _, year = side
    values = [o for o in f.history if o.comparable]
    if kind in ("latest", "baseline", "comparator", "previous"):
        obs = {"latest": values[-1] if values else None, "baseline": f.baseline, "comparator": f.comparator,
               "previous": values[-2] if len(values) >= 2 else None}[kind]
        if obs is None or not obs.comparable:
            return None
        what = {"latest": "the latest figure", "baseline": "the baseline", "comparator": "the comparator",
                "previous": "the figure before the latest"}[kind]
        return obs.value, f"{what}, {fmt.observation(obs, f.series)} ({shown_period(obs)})"
    if kind == "year":
        obs = figure_of_year(f, year)
        if obs is None:
            return None
        return obs.value, f"the {year} figure, {fmt.observation(obs, f.series)} ({shown_period(obs)})"
    target = next((t for t in targets if t.year == year), None)
    comparator = f.comparator.value if f.comparator is not None and f.comparator.comparable else None
    goal = resolve_target(target, comparator)
    if goal is None:
        return None
    name = "target" if year == TARGET_YEAR else "milestone"
    return goal, f"the {year} {name}, {fmt.value(goal, f.series.unit, f.series.decimals)}"


def verdict(v: Versus, f: SeriesFacts, targets: list[Target]) -> tuple[bool, str] | None:
    """(whether the comparison holds for the series, the two values in words), or None when the
    data cannot say (a value missing, a milestone in words, no better direction for 'past')."""
    left, right = _value(v.left, f, targets), _value(v.right, f, targets)
    if left is None or right is None:
        return None
    (a, a_words), (b, b_words) = left, right
    shown_a, shown_b = fmt.value(a, f.series.unit, f.series.decimals), fmt.value(b, f.series.unit, f.series.decimals)
    same = shown_a == shown_b
    if v.wants in ("better", "worse"):
        if f.measure.direction not in (HIGHER, LOWER):
            return None
        ahead = a >= b if f.measure.direction == HIGHER else a <= b
        holds = (ahead or same) if v.wants == "better" else not (ahead or same)
    else:
        holds = not same and (a > b) == (v.wants == "higher")
    if v.negated:  # "not yet below the milestone" holds when "below the milestone" does not
        holds = not holds
    relation = "the same as" if same else ("above" if a > b else "below")
    return holds, f"{a_words}, is {relation} {b_words}"


def check(v: Versus, measure: str, facts: list[SeriesFacts], targets_of) -> str | None:
    """What the data says when ``v`` (about ``measure``) contradicts it, else None. With no series
    named, the comparison holds when it holds for any assessed series of the measure."""
    series = v.right[2] or v.left[2]
    chosen = [f for f in facts if f.series.id == series] if series else [f for f in facts if f.series.assessed]
    verdicts = [(f, verdict(v, f, targets_of(measure, f.series.id))) for f in chosen]
    verdicts = [(f, found) for f, found in verdicts if found is not None]
    if not verdicts or any(holds for _, (holds, _) in verdicts):
        return None
    return verdicts[0][1][1]


AGAINST = ("baseline", "target", "comparator", "previous")


def word(f: SeriesFacts, against: str, targets: list[Target], year: int = TARGET_YEAR) -> str:
    """'above', 'below' or 'level with': the latest figure against its baseline, comparator,
    previous figure or the milestone or target of ``year``, as the report prints them."""
    if against not in AGAINST:
        raise ValueError(f"report.above_or_below compares with one of {', '.join(AGAINST)}, not {against!r}")
    left, right = _value(("latest", None, None, None), f, targets), _value((against, None, None, year), f, targets)
    if left is None or right is None:
        what = "comparable latest figure" if left is None else \
            f"numeric {year} {'target' if year == TARGET_YEAR else 'milestone'}" if against == "target" \
            else f"comparable {'figure before the latest' if against == 'previous' else against}"
        raise ValueError(f"{f.measure.id} has no {what} to compare with, so no word can be given; reword the sentence")
    (a, _), (b, _) = left, right
    if fmt.value(a, f.series.unit, f.series.decimals) == fmt.value(b, f.series.unit, f.series.decimals):
        return "level with"
    return "above" if a > b else "below"


def no_figure(v: Versus, facts: list[SeriesFacts]) -> str | None:
    """What the data lacks when ``v`` sets the figure beside a year's ("lower than in 2015"): ``no_figure_of``."""
    kind, _, series, year = v.right
    return no_figure_of(year, series, facts) if kind == "year" else None


def no_figure_of(year: int, series: str | None, facts: list[SeriesFacts]) -> str | None:
    """What the data lacks when a sentence sets the figure beside the year's ("lower than in 2015",
    "has fallen since 2015") and no series of the measure (or the ``series`` named) has one figure
    of that year before the latest: the periods it has; None when one has."""
    chosen = [f for f in facts if f.series.id == series] if series else [f for f in facts if f.series.assessed]
    if not chosen or any(figure_of_year(f, year) is not None for f in chosen):
        return None
    shown = dict.fromkeys(shown_period(o) for f in chosen for o in f.history if o.comparable)
    if any(len(figures_of_year(f, year)) == 1 for f in chosen):  # the latest figure is the year's own
        return f"the latest figure the data has is of {year} (it has {', '.join(shown)})"
    return (f"the data has no single figure for {year} to set it beside"
            + (f" (it has {', '.join(shown)})" if shown else ""))


def fix_for(v: Versus, measure: str) -> str | None:
    """The data-chosen word to use instead of a typed comparison that the data contradicts (none
    for a year's figure: ``report.above_or_below`` compares with the report's own values)."""
    kind, _, series, year = v.right
    if kind == "year":
        return None
    args = [f'"{measure}"', f'"{kind}"']
    if kind == "target" and year is not None:
        args.append(str(year))
    if series and series != "all":
        args.append(f'series="{series}"')
    return f"`{{python}} report.above_or_below({', '.join(args)})`"


def placeholder_for(v: Versus) -> str | None:
    """The data/progress_notes.csv placeholder that gives the word ``fix_for`` gives in a chapter."""
    kind, other, series, year = v.right
    if kind == "year":
        return None
    parts = [kind] + ([str(year)] if kind == "target" and year is not None else []) \
        + ([series] if series and series != "all" else [])
    return "{above_or_below:" + ":".join(parts) + (f"@{other}" if other else "") + "}"
