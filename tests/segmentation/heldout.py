"""Held-out news paragraphs for sentence segmentation, never used to write the rules.

Written fresh for this project (not taken from the seed article or from cases.py)
and committed *before* the spaCy-based correction layer was tuned, so the score on
them is an estimate of accuracy on unseen news text. Same format as cases.py:
``|`` marks a sentence boundary; the input is the string with the marks removed.
"""

HELDOUT: list[tuple[str, str]] = [
    (
        "dateline",
        "NAIROBI, Kenya (AP) \u2014 Kenya's central bank cut its benchmark rate by half a "
        "percentage point on Tuesday. |It was the third cut this year. |Governor Kamau Thugge "
        "said inflation had eased to 3.6% in October.",
    ),
    (
        "dateline",
        "SAN ANTONIO, Texas \u2014 Floodwaters receded Sunday after two days of record rain. "
        "|At least 14 people died, officials said. |The National Weather Service warned of "
        "more storms by Wednesday.",
    ),
    (
        "money",
        "The ministry spent $2.75 billion on fuel subsidies in 2023, up from $1.9 billion a year "
        "earlier. |Auditors found that 11.4% of the payments could not be traced. |The finance "
        "minister promised an inquiry.",
    ),
    (
        "money",
        "Shares of Northwind Holdings Inc. fell 8.2% to \u00a314.30 in London. |The company "
        "cut its profit forecast for a second time. |Analysts at Barclays called the outlook "
        "\u201cgrim.\u201d",
    ),
    (
        "quote",
        "\u201cWe have no water, no power and no medicine,\u201d said Fatima Yusuf, 41, a "
        "mother of five. |\u201cThe children are sick. |Nobody has come.\u201d",
    ),
    (
        "quote",
        "\u201cIs anyone listening?\u201d the mayor asked at the hearing. |Council members did "
        "not reply. |The session was adjourned at 4:15 p.m.",
    ),
    (
        "quote over paragraphs",
        "\u201cThe port has been closed for six weeks,\u201d the trader said. |\u201cPrices "
        "have doubled since then.\n"
        "|\u201cIf it stays closed, we will go bankrupt by March.\u201d",
    ),
    (
        "initials",
        "The study was led by A. J. Okonkwo of the University of Ibadan. |It followed 2,300 "
        "patients for five years. |Its findings appear in the Lancet.",
    ),
    (
        "initials",
        "Franklin D. Roosevelt signed the act in 1935. |It created a pension for the elderly. "
        "|Congress has amended it many times since.",
    ),
    (
        "abbreviation",
        "Lt. Gen. Sarah Okafor took command of the division on Friday. |She replaces Maj. Gen. "
        "Paul Adeyemi, who retired. |The handover took place at Fort Bragg, N.C.",
    ),
    (
        "abbreviation",
        "The hearing was moved to Courtroom No. 4 after the power cut. |Judge Maria Santos "
        "allowed the press to attend. |The trial resumes Monday.",
    ),
    (
        "date",
        "The ceasefire took effect at 6 a.m. local time on Dec. 3. |Within hours, both sides "
        "reported violations. |Mediators met again on Dec. 5 in Doha.",
    ),
    (
        "date",
        "Polling stations opened at 7 a.m. |Long queues formed in the capital. |By noon, "
        "turnout had reached 38 percent.",
    ),
    (
        "u.s.",
        "The U.S. Treasury imposed sanctions on three shipping firms on Thursday. |The firms "
        "are based in the U.A.E. and Hong Kong. |None responded to requests for comment.",
    ),
    (
        "u.s.",
        "Wheat exports to the U.S. rose sharply last year. |But shipments to Europe fell by a "
        "third.",
    ),
    (
        "ellipsis",
        "The letter ends abruptly: \u201cWe tried to warn them, but ...\u201d |Its author has "
        "not been found.",
    ),
    (
        "question",
        "Why did the dam fail? |Engineers say the spillway was blocked. |The operator denies this.",
    ),
    (
        "parenthesis",
        "The opposition won 62 of 120 seats (up from 41 in 2019). |The ruling party conceded "
        "defeat late on Sunday.",
    ),
    (
        "company",
        "Acme Corp. and Globex Ltd. agreed to merge in a deal worth $8 billion. |The combined "
        "company will be based in Chicago. |Regulators must still approve it.",
    ),
    (
        "title",
        "Sen. Tammy Baldwin, D-Wis., called the vote a mistake. |Rep. Mike Johnson disagreed. "
        "|The bill passed 218-214.",
    ),
    (
        "paragraph end",
        "Rescuers pulled 12 survivors from the rubble\n"
        "|The search will continue overnight, the fire brigade said.",
    ),
    (
        "plain",
        "The river burst its banks after midnight. |Water reached the first floor of the "
        "hospital. |Patients were moved to a school on higher ground. |Nobody was hurt.",
    ),
    (
        "number",
        "The rocket reached an altitude of 212.5 km. |The second stage failed 40 seconds later. "
        "|Debris fell into the Pacific.",
    ),
    (
        "dash",
        "The mine \u2014 the largest in the region \u2014 employs 4,000 people. |It closed for "
        "a week in May. |Production has since recovered.",
    ),
    (
        "st.",
        "The fire started in a warehouse on St. John's Road. |Firefighters from St. Albans "
        "helped to put it out. |The cause is unknown.",
    ),
]
