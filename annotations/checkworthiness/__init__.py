"""How worth checking a sentence is, with the reasons for the score as quoted spans.

Pure Python, no Django. Two layers, both readable:

1. **Signals.** A few regular expressions (a trie-compiled lexicon, figures, capitalised
   runs, a little grammar) find the words that matter to a fact-checker (Full Fact's
   claim types: figures, dates, comparisons, causes, rules, support, events; and their
   opposites: opinions, predictions, plans and hopes, personal anecdotes, procedure,
   questions). Each becomes a :class:`Reason` that quotes exactly the words it is about
   (``text == sentence[start:end]``).
2. **Weights.** A logistic model over the signals and the sentence's words turns them into a
   score in 0..1. Its weights live in ``model.json`` in this package (about 46 KB, trained
   from the development corpus by ``python -m annotations.checkworthiness.train``); each
   signal weight's sign is fixed by its kind, so a reason always pushes the way its kind
   says: a figure never lowers a score, a hope never raises one.

The modules, by domain: :mod:`.lexicon` (word lists and their trie pattern),
:mod:`.patterns` (figures, dates, names, grammar; every feature's kind), :mod:`.signals`
(finding them in a sentence), :mod:`.model` (weights and word inputs), :mod:`.reasons`
(reasons as data and as an editor reads them), :mod:`.score` (the score and its reasons),
:mod:`.train` (the trainer; numpy, never imported by the scorer).
"""

from annotations.checkworthiness.lexicon import FUNCTION_WORDS, LEXICON_ENTRIES
from annotations.checkworthiness.model import (
    DEFAULT_THRESHOLD,
    MEANING_PATH,
    MODEL_PATH,
    Model,
    load_model,
    make_model,
    word_features,
    word_tokens,
)
from annotations.checkworthiness.patterns import FEATURE_KINDS
from annotations.checkworthiness.reasons import (
    KIND_LABELS,
    NEGATIVE_KINDS,
    POSITIVE_KINDS,
    Checkworthiness,
    Reason,
    describe_reasons,
    reason_label,
)
from annotations.checkworthiness.score import is_suggested, score_sentence
from annotations.checkworthiness.signals import features

__all__ = [
    "DEFAULT_THRESHOLD",
    "FEATURE_KINDS",
    "FUNCTION_WORDS",
    "KIND_LABELS",
    "LEXICON_ENTRIES",
    "MEANING_PATH",
    "MODEL_PATH",
    "NEGATIVE_KINDS",
    "POSITIVE_KINDS",
    "Checkworthiness",
    "Model",
    "Reason",
    "describe_reasons",
    "features",
    "is_suggested",
    "load_model",
    "make_model",
    "reason_label",
    "score_sentence",
    "word_features",
    "word_tokens",
]
