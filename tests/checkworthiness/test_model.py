"""The model file: small, in the repository, explainable, and reproducible from the dev parts."""

import json

from annotations.checkworthiness import (
    FEATURE_KINDS,
    FUNCTION_WORDS,
    MEANING_PATH,
    MODEL_PATH,
    NEGATIVE_KINDS,
    POSITIVE_KINDS,
    load_model,
    score_sentence,
)
from annotations.checkworthiness.train import train


def test_the_model_is_a_small_json_file_in_the_repository():
    # Round 8 (28 writers, a lighter penalty on words) keeps more word weights: 47 KB.
    assert MODEL_PATH.stat().st_size < 60_000
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    files = [part["file"] for part in data["trained_on"]]
    assert files[0] == "tests/checkworthiness/dev.jsonl"
    assert all(f.startswith("tests/checkworthiness/dev") for f in files), files
    assert "heldout" not in json.dumps(data["trained_on"])


def test_every_weight_pushes_the_way_its_kind_says():
    model = load_model()
    for feature, weight in model.weights.items():
        kind = FEATURE_KINDS[feature]
        if kind in POSITIVE_KINDS:
            assert weight >= 0, feature
        else:
            assert kind in NEGATIVE_KINDS and weight <= 0, feature


def test_training_from_dev_reproduces_the_committed_weights():
    committed = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    retrained, meaning = train()
    assert retrained["bias"] == committed["bias"]
    assert retrained["weights"] == committed["weights"]
    assert retrained["words"] == committed["words"]
    assert retrained["trained_on"] == committed["trained_on"]
    assert meaning == json.loads(MEANING_PATH.read_text(encoding="utf-8"))


def test_the_meaning_table_is_one_number_per_word_and_no_function_word():
    assert MEANING_PATH.stat().st_size < 500_000
    meaning = load_model().meaning
    assert len(meaning) > 20_000
    assert not FUNCTION_WORDS & meaning.keys()
    assert all(isinstance(v, float) for v in meaning.values())
    # Words no development sentence uses have a number too: that is what carries.
    assert {"parasite", "mosquito", "contaminated", "indicted"} <= meaning.keys()


def test_the_meaning_block_moves_a_score_by_the_mean_of_its_words():
    from dataclasses import replace

    model = load_model()
    text = "The parasite is spread by the bite of an infected sandfly."
    without = score_sentence(text, replace(model, meaning={})).score
    assert score_sentence(text, model).score != without
    lifted = replace(model, meaning={"parasite": 50.0})
    assert score_sentence(text, lifted).score > 0.99


def test_word_weights_move_the_score_but_are_never_reasons():
    model = load_model()
    assert model.words and model.pairs
    text = "The council meets again at 9 a.m. Monday."
    kinds = {r.kind for r in score_sentence(text).reasons}
    assert kinds <= set(POSITIVE_KINDS + NEGATIVE_KINDS)
