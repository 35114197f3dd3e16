"""The model file: small, in the repository, explainable, and reproducible from the dev parts."""

import json

from annotations.checkworthiness import (
    FEATURE_KINDS,
    MODEL_PATH,
    NEGATIVE_KINDS,
    POSITIVE_KINDS,
    load_model,
    score_sentence,
)
from annotations.checkworthiness.train import train


def test_the_model_is_a_small_json_file_in_the_repository():
    assert MODEL_PATH.stat().st_size < 20_000
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
    retrained = train()
    assert retrained["bias"] == committed["bias"]
    assert retrained["weights"] == committed["weights"]
    assert retrained["words"] == committed["words"]
    assert retrained["trained_on"] == committed["trained_on"]


def test_word_weights_move_the_score_but_are_never_reasons():
    model = load_model()
    assert model.words and model.pairs
    text = "The council meets again at 9 a.m. Monday."
    kinds = {r.kind for r in score_sentence(text).reasons}
    assert kinds <= set(POSITIVE_KINDS + NEGATIVE_KINDS)
