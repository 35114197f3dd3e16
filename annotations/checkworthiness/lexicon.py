"""The word lists of the signals, and the one trie-compiled pattern that finds them all."""

from __future__ import annotations

import re
from collections.abc import Iterable

# ---------------------------------------------------------------------------
# Word lists: general news language, grouped by the signal they raise
# ---------------------------------------------------------------------------


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Each feature: (reason kind, words or phrases). Phrases are matched on lower-cased
# words, so "according to" is one entry.
LEXICON: dict[str, tuple[str, str]] = {
    "change": (
        "comparison",
        """rose risen rise rises rising fell fallen falls falling grew grown grows growing
        increased increase increases decreased decrease decreases declined decline declines
        dropped drop drops climbed climb climbs slowed slowing eased eases narrowed widened
        shrank shrunk shrinking surged soared jumped plunged slipped gained doubled tripled
        quadrupled halved tumbled slumped rebounded recovered retreated thinned contracted
        expanded worsened improved""",
    ),
    "comparison": (
        "comparison",
        """largest biggest smallest highest lowest most fewest least worst longest shortest
        fastest slowest strongest weakest warmest coldest wettest driest deadliest oldest
        newest record than compared versus vs outnumber outpaced exceeding exceeded
        surpassed majority minority ranked ranks straight consecutive row first-ever
        above-average below-average; up from; down from; more than any; for the first
        time; since records began; the first; as many as; as much as; twice as; remain below;
        remains below; remain above; remains above; below their; above their; below the;
        above the; above average; below average""",
    ),
    "numword": (
        "quantity",
        """two three four five six seven eight nine ten eleven twelve thirteen fourteen
        fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
        eighty ninety hundred hundreds thousand thousands million millions billion billions
        dozen dozens half third thirds quarter quarters fifth fifths two-thirds
        three-quarters twice triple several""",
    ),
    "money_word": (
        "quantity",
        """cost costs budget budgets funding grant grants revenue revenues deficit deficits
        debt debts tax taxes spending fees salary salaries wages price prices income
        profit profits losses subsidy subsidies""",
    ),
    "universal": (
        "quantity",
        "every each only all; not a single; no other; any other; all but",
    ),
    "negated_event": (
        "event",
        """no none nobody nothing neither never hasn't haven't hadn't didn't wasn't weren't
        doesn't; has not; have not; had not; did not; was not; were not; does not; has
        never; have never; had never""",
    ),
    # What is not the case, stated as a general fact ("Antibiotics do not work against
    # viruses", "Naloxone cannot harm"); opinions use it too, so the model weighs it apart.
    "negated_state": (
        "event",
        """cannot can't isn't aren't; do not; is not; are not; no longer; not allowed""",
    ),
    "date": (
        "date",
        """yesterday today tonight; last week; last month; last year; last decade; last season; last
        summer; last winter; last spring; last autumn; last fall; last quarter; last
        century; this week; this month; this year; this season; this decade; past week;
        past month; past year; past decade; past century; previous year; previous month""",
    ),
    "future_date": (
        "procedural",
        """tomorrow upcoming; next week; next month; next year; next season; next
        summer; next winter; next spring; next autumn; next fall; this weekend; later
        this year; later this month""",
    ),
    "evidence": (
        "attribution",
        """according found finds show shows showed shown data figures statistics records
        survey surveys study studies report reports reported review audit analysis
        estimated estimates estimate measured recorded counted census published filings
        documents testified testimony evidence poll polls; according to; found that""",
    ),
    "source_role": (
        "attribution",
        """prosecutors investigators officials authorities regulators researchers scientists
        police inspectors auditors economists experts""",
    ),
    "said": (
        "attribution",
        """said says say told tells added stated argued insisted claimed claims wrote
        noted explained asked""",
    ),
    "causal": (
        "causal",
        """because caused causes cause causing result resulted driven driver blamed
        attributed attributes linked triggered forced prompted contributed fuelled fueled
        due; led to; leading to; thanks to; as a result""",
    ),
    "rule": (
        "rule",
        """law laws legal illegal unlawful rule rules regulation regulations require
        requires required requirement bars barred ban bans banned prohibits prohibited
        allows allowed permits exempt exemption eligible mandatory statute ordinance
        treaty constitution charged charges convicted convict conviction guilty sentenced
        sentence prison parole probation verdict jurors ordered ruling ruled clause
        defines definition guidelines policy code codes licence license contract obliged
        entitled liable penalty fined; under the; under state; under federal""",
    ),
    "support": (
        "support",
        """endorsed endorses endorse backed backs supported supporting opposed opposes
        funded funds sponsored co-sponsors cosponsors sponsor signed voted votes vote
        pledged donated approved rejected vetoed ratified joined unanimously unanimous;
        voted for; voted against; in favour; in favor""",
    ),
    "event_verb": (
        "event",
        """resigned elected appointed announced launched closed won beat lost scored
        arrested pleaded acquitted died killed injured hospitalized hospitalised
        confirmed declared released filed sued awarded named identified discovered
        detected observed hired fired spent paid sold bought acquired built completed
        visited attended passed shut reopened cancelled canceled delayed suspended
        dismissed expelled deported seized raided struck collapsed flooded burned
        erupted crashed retired conceded testify traced commissioned exhibited
        inspected certified registered recalled withdrew invaded deployed imposed
        returned replaced replacing connected""",
    ),
    # Irregular past tenses the "-ed" pattern cannot see ("The trial ran at four sites").
    "past_strong": (
        "event",
        """took gave made went came began became held met ran saw brought caught fought
        kept left sent stood threw broke chose drove flew knew sank sat shook shot slept
        spoke stole swore taught tore wore hid froze bore undertook overtook withdrew
        underwent forgave""",
    ),
    "opinion": (
        "opinion",
        """important wonderful terrible great fantastic remarkable outstanding
        extraordinary incredible incredibly amazing exciting excited heartbreaking
        painful shameful disgraceful unacceptable outrageous tantalizing tantalising
        bold reckless wasteful unfair fair wrong better worse proud grateful
        delighted optimistic pessimistic hopeful clearly obviously simply truly really
        honestly deserves deserve deserved luxury special powerful electric pure boring
        blunt fragile beautiful brilliant disappointing alarming shocking appalling
        ridiculous absurd nonsense frankly thrilled relieved preventable fairer reform
        dangerous excellent superb magnificent poorly disastrous crucial vital essential
        welcome welcomed praise praised condemned unprecedented overwhelming tragic
        tragedy sad happy angry upset ashamed afraid worried worry scared nervous
        frustrated feel feels felt love hate fear fears cried modest very extremely
        absolutely deeply utterly hugely totally owe unsure uncertain uncertainty untold
        lenient harsh bloated joyless astonishing stunning gripping dull hilarious charming
        clumsy uneven overlong masterpiece triumph flawed compelling delightful haunting
        forgettable memorable lovely mesmerising mesmerizing breathtaking tedious gorgeous
        elegant witty funny luminous stubbornly stubborn thrilling riveting exquisite
        dazzling wonderfully sublime disappointed misguided naive cynical brazen
        irresponsible sensible reasonable unreasonable generous stingy unkind cruel
        brave courageous cowardly foolish wise smart stupid silly;
        not sure; would rather; 'd rather; turning point; no way; what
        matters; it is time; too early; far too""",
    ),
    "deontic": (
        "opinion",
        # "must" with "should": a call to action more often than a rule, and a rule carries
        # its own words ("requires", "under the law", "within 48 hours").
        """should ought must; need to; needs to; have to; has to; let's; let us; we must;
        you must; i must; cannot be allowed; can only; must not""",
    ),
    "second_person": ("opinion", "you your yours yourself yourselves"),
    "future": (
        "prediction",
        "will won't shall 'll; going to",
    ),
    "expectation": (
        "prediction",
        """expect expects expected expecting expectation predicted predicts; looking
        forward; yet to see; remains to be seen; set to; on track to""",
    ),
    # What a person or an office means to do: a plan with a figure is still a plan ("We plan
    # to hire four investigators"), unlike a forecast ("is expected to cost $3m").
    "volition": (
        "prediction",
        """hope hopes hoped hoping intend intends intended promise promises promised want
        wants wish wishes vowed pledges; plan to; plans to; planned to; planning to; plans
        a; plans an; is planning; are planning; aim
        to; aims to; we will; we'll; we are going to; we're going to; is determined to;
        are determined to""",
    ),
    "modal": ("hedge", "would could might may perhaps possibly probably likely unlikely"),
    "first_person": ("personal", "i me my mine myself i'm i've i'd i'll"),
    "anecdote": (
        "personal",
        """mother father son daughter grandfather grandmother grandparents wife husband
        neighbours neighbors mum dad kids twins congregation whose resident; told me; i
        met; i remember; who runs; who owns""",
    ),
    "procedural": (
        "procedural",
        """meeting meets session sessions scheduled schedule agenda registration
        register webcast dial-in briefing website
        contact email phone hotline helpline freephone parking resume resumes adjourned recess break
        deadline livestream broadcast shown televised stream coverage kickoff interview
        conversation edited condensed transcript remarks deliberating deliberations
        forward-looking open opens opening postponed rescheduled resumed; open house; doors
        open; available online;
        will be held; is set for; is due; are due; due to end; due to start; due to begin;
        due to resume; due to meet; due to vote; available on; available at;
        available from; free of charge; sign up; live coverage; this explainer; this live
        blog; our full story; next meeting; first pitch; spoke to; as delivered; as
        prepared; is now; are now; is being; are being; listed below; takes effect; take
        effect; go on sale; goes on sale; runs until; runs through; runs from; run until;
        reconvenes; convenes; sworn in; is on; will meet; meets again; returns to court;
        reported from; reporting from; contributed from; contributed reporting; contributed
        to this report; call 999; call 911; call 111; call 101; dial 999; dial 911; issued
        by; is rated; rated r; rated pg; rated pg-13; rated 12a; runs for; running time; in
        theaters; in theatres; in cinemas; declined to comment; declined to say; declined
        to be; did not return; did not respond; did not immediately respond; could not be
        reached; seeking comment; for comment; no comment; not been named; be named; was
        not named; were not named; stars out of; rating:;
        pictured:; signed:; photo:; image:; caption:; editor's note:; the following was
        provided; members present; members are present; meeting to order; called to order;
        have signed up; has signed up; led from the dock; was taken down; were taken down;
        taken her seat; taken his seat; taken their seats; taken the bench; reached a
        verdict; reached verdicts; verdict has been reached; verdicts have been reached;
        showed no emotion; showed no visible emotion; showed no reaction; showed no visible
        reaction; showed little emotion; polls closed; polls have closed; polls opened;
        polls have opened; terms were not disclosed; terms of the deal were not disclosed;
        has not independently verified; have not independently verified; could not
        independently verify; could not be independently verified""",
    ),
    # A price in a notice is logistics ("Tickets cost £25"), not a claim.
    "ticketing": (
        "procedural",
        """tickets ticket admission priced; on sale; box office; cost from; are available;
        cost:""",
    ),
    "greeting": (
        "procedural",
        """thank thanks welcome hello goodbye friends applause congratulations; good
        morning; good evening; good afternoon; ladies and gentlemen""",
    ),
    "transition": (
        "procedural",
        """; here is; here are; here's; let me; what follows; we will update; read on; in
        practical terms; that said""",
    ),
}
# Phrases that take back what their words signalled: "most of" is no superlative, "the
# second half" of a match is no quantity.
_CANCELS = frozenset(
    tuple(p.split())
    for p in (
        "most of",
        "first half",
        "second half",
        "at first",
        "at least",
        "rather than",
        "close contact",
    )
)
INTENSIFIABLE = word_set("most more less least very so too really")
IRREALIS = frozenset(("future", "expectation", "volition"))
# Signals that an irrealis word ("expected", "will", "hopes") takes out of the facts.
# The features of a past event (a past tense, a passive, "did not ..."): what happened.
EVENT_FEATURES = (
    "event_verb",
    "past_ed",
    "past_strong",
    "passive",
    "perfect",
    "negated_event",
    "change",
)
IRREALIS_SCOPE = frozenset((*EVENT_FEATURES, "support", "causal"))
CLAUSE_END_RE = re.compile(r"[,;]")
SOURCE_FEATURES = frozenset(("named_source", "speaker", "organisation"))
REPORTING = frozenset(("said", "evidence", "event_verb"))
TAG_FEATURES = frozenset(("said", "named_source", "speaker", "reported_self"))
COMPARATIVE_BEFORE_NUMBER = word_set("below above over under exceeding beyond")

# Sentence-initial verbs that make an instruction or a call to action ("Bring a photo ID").
IMPERATIVES = word_set("""
    bring call keep enter turn come visit check please read join leave fix tell go take
    make remember don't do sign email contact follow click use ask get try stop send find
    look watch vote write donate apply book register park avoid wash wear stay choose
    consider imagine picture think give put
    drink empty seek move engrave report never protect boil store unplug cover secure
    switch dispose pack prepare know listen submit drop expect see have be let stock fill
    download print reserve arrive tune rsvp monitor share collect learn bookmark lock
    photograph install
    """)
# Capitalised words that start a sentence and are not names.
STOP_CAPS = word_set("""
    The A An In On At As For If When While After Before Since Although Though However But And
    Or So Yet Then Now Also Some Many Most Both Each Another What Why How Who Where Which No
    Not This That These Those There Their His Her Its Our My Your It He She They We I You
    Of To From By With Without During Despite Under Over Into Once Only Even Still Just All
    Every Last Next Until Unless Because Meanwhile Instead Earlier Later Here Thank Please
    Good Friends Well Yes Q A Let Under Mr Mrs
    """)
# A capitalised run ending (or containing) one of these is an organisation.
ORG_HEADS = word_set("""
    Office Bureau Institute Institution Department Council Commission Committee Agency
    Authority University College School Service Services Centre Center Centers Bank Court
    Trust Fund Association Foundation Organization Organisation Project Collaborative Society
    Union Party Ministry Board Group Network Press Wire News Times Observatory Company
    Corporation Inc. Inc Ltd Club FC United Athletic Rovers League Alliance Coalition
    Parliament Senate Congress Assembly Administration Treasury Museum Hospital Clinic Watch
    Forum Cooperative Partnership Laboratory Lab Program Programme Panel Statistics Data
    Ledger Courier Post Journal Review Magazine Police Guard Army Navy Force Forces Reserve
    Exchange Fed Commission Tribunal Cabinet Mission Organization Secretariat Federation
    Conference Party Chamber Administration Service Therapeutics Pharmaceuticals Capital
    """)
ACRONYM_STOP = word_set("""
    GDP MMR LED ID TV PhD ET EST EDT PT PST CT GMT BST UTC AM PM OK Q A U.S. U.K. US UK EU's
    AP FOR IMMEDIATE RELEASE NEWS MVP CEO CFO COVID HIV AIDS NASDAQ NYSE
    """)
TITLES = word_set("""
    Dr. Prof. Sen. Rep. Gov. Gen. Lt. Col. Maj. Capt. Sgt. Adm. Rev. Mr. Mrs. Ms. Mx. Insp.
    Supt. Det. Cpl. Pvt. Cmdr. Amb. Atty. Brig. Hon. Pres. Sr. Fr. St.
    President Senator Governor Mayor Judge Justice Chief Minister Secretary Director
    Professor Doctor Commissioner Superintendent Sheriff Inspector Councillor Councilor
    Chancellor Ambassador General Colonel Captain Lieutenant Sergeant Admiral Bishop
    Father Sister Clerk Chairman Chairwoman Chair Speaker Deputy Vice Prime
    """)
MONTH_ABBREVIATIONS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
MONTHS = "January|February|March|April|June|July|August|September|October|November|December"
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
SPEECH = word_set("said says told added argued insisted wrote asked warned stated noted")

# ---------------------------------------------------------------------------
# Finding the signals: a few regular expressions, one Python step per hit
# ---------------------------------------------------------------------------


def _trie_pattern(phrases: Iterable[str]) -> str:
    """One regular expression for many words and phrases, factored by common prefixes.

    Python's ``re`` tries the branches of ``a|b|c`` one by one at every position; a trie
    (``fo(?:und|rced)``) makes the choice once per character, which keeps an 800-entry
    lexicon as cheap as a short pattern. Longer entries win ("found that" over "found").
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def walk(node: dict) -> str:
        ends = "" in node
        branches = [
            (r"\s+" if c == " " else re.escape(c)) + walk(child)
            for c, child in sorted(node.items())
            if c
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            # Stop at the shorter entry only at a word end ("most" but not "mostly").
            return f"(?:{body}|(?=\\b))" if len(branches) > 1 or len(body) > 1 else f"{body}?"
        return body

    return walk(trie)


def _lexicon_tables() -> tuple[dict[str, str], re.Pattern[str]]:
    """Entry -> feature (the first list an entry appears in wins), and the pattern for all.

    In each entry of :data:`LEXICON`, the words before the first ``;`` are single words;
    after it, each ``;``-separated item is a phrase. :data:`_CANCELS` map to ``"-"``.
    """
    entries: dict[str, str] = {}
    for feature, (_kind, listed) in LEXICON.items():
        head, _, rest = listed.partition(";")
        for word in head.split():
            entries.setdefault(word, feature)
        for phrase in rest.split(";"):
            phrase = " ".join(phrase.split())
            if phrase:
                entries.setdefault(phrase, feature)
    for phrase in _CANCELS:
        entries[" ".join(phrase)] = "-"
    pattern = re.compile(r"(?<![\w'-])" + _trie_pattern(entries) + r"(?![\w'-])")
    return entries, pattern


ENTRY_FEATURE, LEXICON_RE = _lexicon_tables()
# Every word and phrase of the lexicon (the trainer keeps them out of the word weights).
LEXICON_ENTRIES = frozenset(ENTRY_FEATURE)

# Words that weigh nothing of their own (not model inputs; never quoted as reasons).
FUNCTION_WORDS = word_set("""
    the a an of in on at by to for from with and or but as is was are were be been it its
    that this these those there their his her he she they we i you
    """)
# Words that may weigh something but explain nothing to an editor: a ``wording`` reason never
# quotes them alone (grammar: pronouns, auxiliaries, relative and question words).
UNQUOTED_WORDS = FUNCTION_WORDS | word_set("""
    which who whom whose what when where while why how also not no nor so than then here us
    our me my him them your one do does did done has have had having am being would will
    can could may might shall should must
    """)
