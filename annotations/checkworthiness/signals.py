"""Finding the signals of a sentence: each a feature, and the exact span it is about."""

from __future__ import annotations

import re

from annotations.checkworthiness.lexicon import (
    ACRONYM_STOP,
    CLAUSE_END_RE,
    COMPARATIVE_BEFORE_NUMBER,
    ENTRY_FEATURE,
    EVENT_FEATURES,
    IMPERATIVES,
    INTENSIFIABLE,
    IRREALIS,
    IRREALIS_SCOPE,
    LEXICON_RE,
    ORG_HEADS,
    REPORTING,
    SPEECH,
    STOP_CAPS,
    TAG_FEATURES,
    TITLES,
    word_set,
)
from annotations.checkworthiness.model import DIGIT_RE, lower_text
from annotations.checkworthiness.patterns import (
    ADDRESS_RE,
    CAPS_RE,
    CHARACTERISATION_RE,
    CONTACT_BEFORE_RE,
    CONTEXT_FEATURES,
    COUNTED,
    CURRENCY_BEFORE_RE,
    DATE_WORDS,
    DATELINE_RE,
    DIAL_WORD_RE,
    DIGIT_FIGURES,
    EDITED_RE,
    EXCERPT_INTRO_RE,
    FIGURE_CHANGE_RE,
    FIGURE_START_RE,
    FIGURES,
    FIRST_WORD_RE,
    HABITUAL_RE,
    LEAD_RE,
    MONTH_AFTER_RE,
    MONTH_OR_DAY,
    NAMED_DATE_RE,
    NAMED_DATE_START_RE,
    NARRATION_RE,
    NAVIGATION_RE,
    OBLIGATION_RE,
    PASSIVE_RE,
    PAST_ED_RE,
    PERFECT_RE,
    QUESTION_END_RE,
    QUOTE_CHARS_RE,
    QUOTE_TAG_RE,
    REFERENCE_BEFORE_RE,
    REFERENCE_RE,
    REPORTED_CLAIM_RE,
    REPORTED_SELF_RE,
    RESULTS_NOTICE_RE,
    RULE_BEFORE_RE,
    SCHEDULE_RE,
    SPEECH_VERB_RE,
    SPELLED_RATIO_RE,
    STREET_GATE_RE,
    STREET_RE,
    STRUCTURE_RE,
    VIEW_FEATURES,
    WIRE_NOTE_STARTS,
    YEAR_RE,
)

_KEEPS_DOT = word_set("Inc. Jr. Sr. Co. Ltd. Corp. St. Mt. Bros.")
_CONNECTOR_SPLIT_RE = re.compile(r"\s(?:of|for|on|and|&|the)\s(?:the\s)?")
# Any speech verb anywhere: without one, no name is a speaker (one scan, not one per name).
_SPEECH_ANYWHERE_RE = re.compile("|".join(sorted(SPEECH)))


def _keeps_dot(word: str) -> bool:
    """Whether a capitalised word's final full stop is its own (an abbreviation or initial)."""
    return (
        word in TITLES
        or word in _KEEPS_DOT
        or (len(word) == 2 and word[0].isupper())
        or word.count(".") > 1
    )


def _names(run: str, start: int) -> list[tuple[str, int, int]]:
    """A capitalised run as ("organisation" | "titled" | "name", start, end) pieces.

    "Bureau of Labor Statistics" and "Open Data Institute" stay whole (an organisation's
    words are never read as signals of their own); "Sen. Clara Whitfield of Montana and
    Sen. Roy Delacroix" becomes two titled names and two places; a title is quoted with
    the whole name after it ("Maj. Gen. Carla Reyes"); a month or a title alone is no name.
    """
    if " " not in run:  # most runs are one word: decide it at once
        word = run[:-1] if run.endswith(".") and not _keeps_dot(run) else run
        bare = word.rstrip(".")
        if bare in STOP_CAPS or bare in MONTH_OR_DAY or word in TITLES:
            return []
        if (word in ORG_HEADS or (2 <= len(word) <= 6 and word.isupper())) and (
            word not in ACRONYM_STOP
        ):
            return [("organisation", start, start + len(word))]
        return [("name", start, start + len(word))]
    words = run.split()
    # Leading sentence words are not part of a name: "The Colter Glacier", "In March".
    while words and (words[0] in STOP_CAPS or words[0].rstrip(".") in STOP_CAPS):
        cut = run.index(words[0]) + len(words[0])
        rest = run[cut:]
        stripped = rest.lstrip()
        start += cut + len(rest) - len(stripped)
        run = stripped
        words = run.split()
    if not words:
        return []
    if run.endswith(".") and not _keeps_dot(words[-1]):
        run = run[:-1]
        words = run.split()
    if any(w in ORG_HEADS for w in words) and not any(w in TITLES for w in words[:-1]):
        return [("organisation", start, start + len(run))]
    pieces = []
    pos = 0
    for m in _CONNECTOR_SPLIT_RE.finditer(run):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(run)))
    result = []
    for s, e in pieces:
        piece = run[s:e]
        words = piece.split()
        if not words or all(w.rstrip(".") in MONTH_OR_DAY for w in words):
            continue
        if any(w in TITLES for w in words[:-1]) and words[-1] not in TITLES:
            kind = "organisation" if words[-1] in ORG_HEADS else "titled"
        elif any(w in ORG_HEADS for w in words):
            kind = "organisation"
        elif len(words) == 1 and 2 <= len(piece) <= 6 and piece.isupper():
            kind = "organisation" if piece not in ACRONYM_STOP else "name"
        elif words[-1] in TITLES:
            continue  # "Gen." or "Mayor" alone names nobody
        else:
            kind = "name"
        result.append((kind, start + s, start + e))
    return result


def _proper_noun(text: str, i: int, content: int) -> bool:
    """Whether the capitalised word at ``i`` is a name: not the first word of a sentence,
    of a quotation or of a clause after a colon or dash, and not "I"."""
    if i <= content or (text[i] == "I" and (i + 1 == len(text) or not text[i + 1].isalpha())):
        return False
    j = i - 1
    while j > content and text[j].isspace():
        j -= 1
    return text[j] not in "\"'\u201c\u2018(\u2014\u2013:-"


def find_signals(text: str, lower: str) -> tuple[list[tuple[str, int, int]], dict[str, float]]:
    """Every signal in ``text`` with its span, and the feature values for the model.

    ``lower`` is ``lower_text(text)``, computed once by the caller (the word weights read it too).
    """
    lead = LEAD_RE.match(text)
    content = lead.end() if lead else 0
    signals: list[tuple[str, int, int]] = []
    add = signals.append
    if lead and text[0].isdigit():
        # "8:41 p.m. ET \u2014 ": a live blog's entry; the reason quotes the time alone.
        add(("timestamp", 0, len(text[:content].rstrip(" :\u2014\u2013-"))))
    elif text.startswith("Q:"):
        add(("interviewer", 0, 2))  # "Q: You have described ... as a crisis.": the question
    elif not lead and ": " in text[:32] and (schedule := SCHEDULE_RE.match(text)):
        add(("schedule", 0, schedule.end()))  # "November 4\u20138: Curepe, St Augustine ..."
        content = schedule.end() + 1

    # Names and organisations first: the words inside them are not signals of their own.
    covered: set[int] = set()  # positions inside an organisation's or a titled name
    names: list[tuple[str, int, int]] = []
    date_starts: list[int] = []
    for m in CAPS_RE.finditer(text, content):
        run = m.group()
        if " " in run:
            date_starts.extend(m.start() + d.start() for d in NAMED_DATE_START_RE.finditer(run))
        elif run.rstrip(".") in DATE_WORDS:
            date_starts.append(m.start())
        for kind, s, e in _names(run, m.start()):
            if kind == "organisation":
                add(("organisation", s, e))
                covered.update(range(s, e))
            else:
                names.append((kind, s, e))
                if kind == "titled":
                    covered.update(range(s, e))

    # The lexicon: one match per word or phrase found. ``lexical`` keeps every feature it
    # adds (a signal may be dropped later, never added back), so the steps below that look
    # for a lexicon feature skip their scan over the signals when it was never found.
    lexical: set[str] = set()
    prev_end = -2
    prev: tuple[str, int, int] | None = None
    for m in LEXICON_RE.finditer(lower, content):
        s, e = m.span()
        if s in covered:
            continue
        if text[s].isupper() and _proper_noun(text, s, content):
            continue  # "the United States", "Rose Park": a name, not the word
        hit = m.group()
        feature = ENTRY_FEATURE.get(hit) or ENTRY_FEATURE.get(" ".join(hit.split()))
        if feature is None or feature == "-":
            prev = None
            continue
        if (
            feature == "opinion"
            and prev is not None
            and prev_end >= s - 1
            and lower[prev[1] : prev[2]] in INTENSIFIABLE
        ):
            # "the most important", "so painful": an opinion, not a comparison.
            signals.remove(prev)
            s = prev[1]
        prev = (feature, s, e)
        add(prev)
        lexical.add(feature)
        prev_end = e

    if "deontic" in lexical and "must" in lower:
        # "A hearing must be held within 48 hours", "Under the plan, all new buildings must
        # be zero-emission": a rule, not a call to act ("Ministers must fund the courts").
        for i, sig in enumerate(signals):
            if sig[0] == "deontic" and lower[sig[1] : sig[2]] in ("must", "must not"):
                rule = OBLIGATION_RE.match(lower, sig[1])
                if rule or RULE_BEFORE_RE.search(lower, content, sig[1]):
                    signals[i] = ("obligation", sig[1], rule.end() if rule else sig[2])

    first = FIRST_WORD_RE.match(text, content)
    if first and first.group(1).lower() in IMPERATIVES:
        add(("imperative", first.start(1), first.end(1)))
    elif first and first.group(1) == "Every" and (habit := HABITUAL_RE.match(text, first.start(1))):
        add(("habitual", habit.start(), habit.end()))
    if "ha" in lower or "'" in lower:
        for m in PERFECT_RE.finditer(lower, content):
            add(("perfect", m.start(), m.end()))
    reporting = not REPORTING.isdisjoint(lexical) and not REPORTING.isdisjoint(
        [sig[0] for sig in signals]
    )
    if reporting:
        for m in REPORTED_CLAIM_RE.finditer(lower, content):
            add(("reported_claim", m.start(1), m.end(1)))
        for m in REPORTED_SELF_RE.finditer(lower, content):
            add(("reported_self", m.start(), m.end()))
    if "ing" in lower and (" is " in lower or " are " in lower):
        for m in NARRATION_RE.finditer(lower, content):
            add(("narration", m.start(), m.end()))
    if "was " in lower or "were " in lower:
        for m in PASSIVE_RE.finditer(lower, content):
            add(("passive", m.start(), m.end()))
    if "ed" in lower:
        for m in PAST_ED_RE.finditer(lower, content):
            if m.group() not in ENTRY_FEATURE and not (
                text[m.start()].isupper() and _proper_noun(text, m.start(), content)
            ):
                add(("past_ed", m.start(), m.end()))

    has_figure = False
    dated_end = -1
    dated: list[tuple[int, int]] = []
    for i in date_starts:
        if i < dated_end:
            continue
        d = NAMED_DATE_RE.match(text, i)
        if d:
            add((d.lastgroup or "date", d.start(), d.end()))
            dated_end = d.end()
            if d.end() - d.start() > 9 or any(c.isdigit() for c in d.group()):
                dated.append(d.span())
    if DIGIT_RE.search(text, content) and STREET_GATE_RE.search(lower):
        for m in STREET_RE.finditer(text, content):
            add(("address", m.start(), m.end()))
            dated.append(m.span())  # its number is no figure
    if " in " in lower or " out of " in lower:
        for m in SPELLED_RATIO_RE.finditer(lower, content):
            add(("ratio", m.start(), m.end()))
            has_figure = True
    last_end = -1
    for start in FIGURE_START_RE.finditer(text, content):
        i = start.start()
        if i < last_end or (dated and any(ds <= i < de for ds, de in dated)):
            continue  # inside the last figure, or the day and year of "Oct. 30, 2025"
        m = STRUCTURE_RE.match(text, i)
        if m is None:
            continue
        last_end = m.end()
        group = m.lastgroup
        s, e = m.span()
        if s == content and (group == "clock" or _LEADING_TIME_RE.match(text, s)):
            stamp = _LEADING_TIME_RE.match(text, s)
            if stamp or _TIMESTAMP_AFTER_RE.match(text, e):
                # A live blog's timestamp ("10.40am Station Manager ...", "20.15 Vote on
                # ..."), not a schedule and not a figure.
                last_end = stamp.end() if stamp else e
                add(("timestamp", s, last_end))
                continue
        if lower[s - 1 : s] == " " and REFERENCE_BEFORE_RE.search(lower, max(0, s - 8), s):
            # A reference ("No. 23-1847"): its word, or the figure itself ("no. $5").
            reference = REFERENCE_RE.match(text, s)
            last_end = reference.end() if reference else e
            continue
        if (
            group in ("number", "contact", "tally")
            and e - s >= 3
            and DIAL_WORD_RE.search(lower)  # "helpline", "call", "dial" ... anywhere
            and CONTACT_BEFORE_RE.search(lower, max(0, s - 40), s)
            and not MONTH_AFTER_RE.match(text, e)
        ):
            # "the civic helpline 1916", "call 1800 555 014": a number to dial, whole.
            digits = _DIAL_RE.match(text, s)
            e = last_end = max(e, digits.end() if digits else e)
            add(("contact", s, e))
            continue
        if group == "number" and YEAR_RE.match(m.group()):
            group = "date"
        elif group == "number" and (month := MONTH_AFTER_RE.match(text, e)):
            group = "date"
            e = last_end = month.end()
        elif group == "number" and (
            currency := CURRENCY_BEFORE_RE.search(lower, max(content, s - 5), s)
        ):
            group = "money"  # "Rs 20", "KSh 6 billion": quoted with its currency
            s = currency.start()
        elif group == "number":
            group = "count"
        elif group == "tally" and (month := MONTH_AFTER_RE.match(text, e)):
            group = "date"  # "6\u201310 Feb.": days of a month, not a score
            e = last_end = month.end()
        elif group == "years":
            group = "date"
        if group in FIGURES:
            has_figure = True
            before = lower[max(0, s - 10) : s].split()
            if before and before[-1] in COMPARATIVE_BEFORE_NUMBER:
                add(("comparison", s - 1 - len(before[-1]), e))  # "below 60"
            elif before and before[-1] == "by":
                add(("change", s - 3, e))  # "cuts the list by 4,000": the size of a change
        add((group, s, e))
    if has_figure:
        # "$42 billion" is one figure, not a figure and the word "billion".
        figures = [(g[1], g[2]) for g in signals if g[0] in DIGIT_FIGURES]
        signals = [
            g for g in signals if g[0] != "numword" or not any(s <= g[1] < e for s, e in figures)
        ]
        add = signals.append
    if not has_figure and "numword" in lexical:
        has_figure = any(sig[0] == "numword" for sig in signals)

    # A name next to a speech verb is a named source ("said Lena Ortiz", "Holt said").
    speech = bool(names) and _SPEECH_ANYWHERE_RE.search(lower) is not None
    for kind, s, e in names:
        if kind == "titled":
            add(("named_source", s, e))
            continue
        if not speech:
            continue
        before = lower[max(0, s - 12) : s].split()
        after = lower[e : e + 12].split()
        if (before and before[-1].strip(",") in SPEECH) or (
            after and after[0].strip(",.") in SPEECH
        ):
            add(("speaker", s, e))

    if '"' in text or "\u201c" in text:
        for m in CHARACTERISATION_RE.finditer(text, content):
            add(("characterisation", m.start(), m.end()))
    if reporting or "warn" in lower:
        # A view reported in the speaker's stead: "said the plan was reckless", "warned that
        # bans could become ...". What follows the verb, to the next ";", is the view.
        for m in SPEECH_VERB_RE.finditer(lower, content):
            stop = lower.find(";", m.end())
            stop = len(text) if stop < 0 else stop
            view = min(
                (sig[2] for sig in signals if sig[0] in VIEW_FEATURES and m.end() < sig[1] < stop),
                default=-1,
            )
            if view > 0:
                add(("reported_view", m.start(), view))
                break
    if "?" in text and QUESTION_END_RE.search(text):
        # The question is the clause that ends in "?": after a colon or a semicolon, only
        # that clause ("... in Washington: is the economy in a recession?"), so the facts
        # before it keep their own reasons.
        mark = text.rfind("?")
        clause = max(text.rfind(": ", content, mark), text.rfind("; ", content, mark))
        add(("question", clause + 2 if clause >= 0 else content, mark + 1))
    if ("results " in lower or "figures " in lower) and (
        notice := RESULTS_NOTICE_RE.search(lower, content)
    ):
        add(("results_notice", notice.start(), notice.end()))
    if " been " in lower and (note := EDITED_RE.search(lower, content)):
        add(("editorial_note", note.start(), note.end()))
    elif lower.startswith(("the following", "below"), content) and (
        note := EXCERPT_INTRO_RE.match(lower, content)
    ):
        add(("editorial_note", content, note.end()))
    elif text.startswith(WIRE_NOTE_STARTS):
        add(("editorial_note", 0, text.index(" ")))  # "UPDATES with comment in paragraph 6"
    if text[:1] in "RSTWLAM" and (nav := NAVIGATION_RE.match(text)):
        add(("navigation", 0, nav.end()))  # "Related topics: Courts, Crime"
    if (
        " from " in lower
        and " to " in lower
        and (change := FIGURE_CHANGE_RE.search(lower, content))
    ):
        add(("figure_change", change.start(), change.end()))
    if "@" in lower or "www." in lower or "://" in lower or _DOMAIN_GATE_RE.search(lower):
        for m in ADDRESS_RE.finditer(lower, content):
            add(("address", m.start(), m.end()))
    if text.startswith("By ") and text[3:4].isupper() and text.rstrip()[-1] not in '.?!"\u201d':
        add(("byline", 0, len(text.rstrip())))  # "By Dana Whitlock, arts contributor"
    if text.isupper() and len(text) >= 12:
        # "FOR IMMEDIATE RELEASE", "OFFICE OF THE DISTRICT ATTORNEY, MERROW COUNTY": who
        # sends a release, or a heading in capitals; no claim.
        add(("letterhead", 0, len(text.rstrip())))
    if len(text) < 70 and "," in text and DATELINE_RE.match(text):
        # Where and when it was filed, standing alone: its date is no claim.
        signals = [sig for sig in signals if sig[0] != "date"]
        add = signals.append
        add(("dateline", 0, len(text.rstrip().rstrip(".:\u2013\u2014-").rstrip())))

    # "expected", "will", "hopes" put what follows (to the next "," or ";") out of the facts.
    irrealis = len(text)
    if not IRREALIS.isdisjoint(lexical):
        irrealis = min((sig[1] for sig in signals if sig[0] in IRREALIS), default=len(text))
    if irrealis < len(text):
        stop = CLAUSE_END_RE.search(text, irrealis)
        stop = stop.start() if stop else len(text)
        signals = [
            sig for sig in signals if not (sig[0] in IRREALIS_SCOPE and irrealis < sig[1] < stop)
        ]
    tag = QUOTE_TAG_RE.search(text, content) if reporting and QUOTE_CHARS_RE.search(text) else None
    if tag:
        signals = [sig for sig in signals if sig[1] <= tag.start() or sig[0] in TAG_FEATURES]

    values: dict[str, float] = {}
    for sig in signals:
        values[sig[0]] = values.get(sig[0], 0.0) + 1.0
    for feature, value in values.items():
        cap = COUNTED.get(feature)
        values[feature] = min(value, cap) / cap if cap else 1.0
    # A figure or an event in an anecdote or a notice is no claim: "I have covered this team
    # for 15 years", "Doors open at 6:30 p.m. and tickets cost $12".
    has_event = has_figure or not values.keys().isdisjoint(EVENT_FEATURES)
    if has_figure or has_event:
        for sig in list(signals):
            context = CONTEXT_FEATURES.get(sig[0])
            if context is None:
                continue
            if has_figure and context[0] not in values:
                values[context[0]] = 1.0
                signals.append((context[0], sig[1], sig[2]))
            if has_event and context[1] not in values:
                values[context[1]] = 1.0
                signals.append((context[1], sig[1], sig[2]))
    # Interactions, values only (no reason of their own: the words they combine are shown):
    # a figure inside a quote, or a figure or an event beside an opinion, may weigh less
    # than in a report ("Darnell has waited three years to be heard," said his attorney).
    has_past = not values.keys().isdisjoint(EVENT_FEATURES)
    quoted = tag is not None or text[:1] in _OPENING_QUOTES
    if quoted and has_figure:
        values["quoted_figure"] = 1.0
    done = has_past or "support" in values  # "voted 5-4 on Tuesday"
    if done and "date" in values and values.keys().isdisjoint(_NOT_DONE_FEATURES):
        # "was delivered on Jan. 19": a dated past event; the date is its reason.
        values["dated_event"] = 1.0
        signals += [("dated_event", sig[1], sig[2]) for sig in signals if sig[0] == "date"]
    if len(text.split(maxsplit=4)) < 5:
        # Values, not reasons: "Brandt has not conceded." is short, and no procedure; a short
        # line is most often a heading or a fragment, less often when it tells what happened.
        values["short"] = 1.0
        if has_past:
            values["short_event"] = 1.0
        if has_figure:
            values["short_figure"] = 1.0
    if not values.keys().isdisjoint(_OPINION_FEATURES):
        if has_figure:
            values["opinion_figure"] = 1.0
        if has_past:
            values["opinion_event"] = 1.0
    if has_figure:
        if "volition" in values:
            values["volition_figure"] = 1.0
        if "future" in values or "expectation" in values:
            values["future_figure"] = 1.0
        if "modal" in values:
            values["modal_figure"] = 1.0
    return signals, values


# The rest of a number to dial after its first group ("1800 555 014", "905-555-0112").
_DIAL_RE = re.compile(r"\d[\d\s().-]*\d(?:,\sext\.\s\d+)?|\d")
# Only where a sentence may hold a web address is the address pattern tried.
_DOMAIN_GATE_RE = re.compile(r"\.(?:gov|org|com|net|edu|info|ie|in|uk|au|nz|ca|za|ke|sg|hk|eu)\b")
# After a timestamp that opens a live-blog entry: a dash, or a capital letter or a digit.
_TIMESTAMP_AFTER_RE = re.compile(r"\s*(?:[\u2013\u2014-]\s|(?:GMT|BST|ET|UTC)?\s*[A-Z0-9])")
# "20.15 Vote on ...", "16:52 TRY!": a 24-hour time opening a live-blog entry.
_LEADING_TIME_RE = re.compile(r"(?:[01]?\d|2[0-3])[.:][0-5]\d(?=\s+[A-Z\u2013\u2014-])")
# What is planned, expected or only scheduled: a date beside it is no dated event.
_NOT_DONE_FEATURES = frozenset(
    ("future", "expectation", "volition", "procedural", "clock", "future_date", "ticketing")
)
_OPENING_QUOTES = "\"\u201c\u2018'"
_OPINION_FEATURES = frozenset(
    ("opinion", "deontic", "second_person", "characterisation", "reported_view")
)


def features(text: str) -> dict[str, float]:
    """The model's input for ``text``: feature name -> value (absent features are 0)."""
    return find_signals(text, lower_text(text))[1]
