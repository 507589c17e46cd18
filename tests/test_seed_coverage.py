"""Every concept, question and challenge of the seed documents is taught in a lecture and
practised in an exercise (../shared/seeds, mapped in the README of that folder).

Each row names where a concept lives; the test fails when an edit removes it, so the map
stays true. A regex is searched in the markdown and code of the notebook, case-insensitive.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# concept: (lecture, regex), (exercise or None, regex)
COVERAGE = {
    "seed 000 Question 1 (DL as an optimization challenge)": (
        ("00_introduction", r"how is Deep Learning primarily viewed"),
        ("ex00_notation_and_shapes", r"how is Deep Learning primarily viewed"),
    ),
    "seed 000 Question 2 (multivariate calculus and linear algebra)": (
        ("00_introduction", r"foundational mathematical skill"),
        ("ex00_notation_and_shapes", r"foundational mathematical skill"),
    ),
    "seed 000 challenge: dL/dW has the shape D x K of W": (
        ("04_chain_rule_and_computational_graphs", r"W\s*:=\s*W\s*-\s*\\eta"),
        ("ex00_notation_and_shapes", r"shape of .*dL/dW|\\partial L.*\\partial W"),
    ),
    "function approximation, minimizing L(theta)": (
        ("00_introduction", r"function approximation"),
        ("ex00_notation_and_shapes", r"L\(\\theta\)|optimization"),
    ),
    "learned vs hand-made features": (("00_introduction", r"hand-made features"), (None, None)),
    "why deep learning worked: data, compute, algorithms": (("00_introduction", r"GPU"), (None, None)),
    "seed 001 chain rule, eq. 1.1": (
        ("04_chain_rule_and_computational_graphs", r"f'\(g\(x\)\)"),
        ("ex04_chain_rule", r"f'\(g\(x\)\)"),
    ),
    "backpropagation from the last layer, intermediates stored": (
        ("05_backpropagation", r"last layer"),
        ("ex05_backprop", r"cache"),
    ),
    "the perceptron (1958), y = sign(w.x + b)": (("01_perceptron", r"1958"), ("ex01_perceptron", r"sign")),
    "XOR is not linearly separable; the AI winter": (("01_perceptron", r"AI winter"), ("ex01_perceptron", r"XOR")),
    "networks as function composition f_n(...f_1(x))": (
        ("02_xor_and_multilayer_networks", r"f_n|f_\{n\}"),
        ("ex02_xor_mlp", r"two-layer"),
    ),
    "the neuron z = w.x + b, a = sigma(z)": (("02_xor_and_multilayer_networks", r"neuron"), ("ex02_xor_mlp", r"XOR")),
    "universal approximation": (("02_xor_and_multilayer_networks", r"universal approximation"), (None, None)),
    "why depth matters (parameter efficiency, not memorization)": (
        ("02_xor_and_multilayer_networks", r"memoriz"),
        ("ex02_xor_mlp", r"parameter"),
    ),
    "activations sigmoid, tanh, ReLU, GELU": (("03_activation_functions", r"GELU"), ("ex03_activations", r"gelu")),
    "why non-linearity matters: linear layers collapse": (
        ("03_activation_functions", r"collapse"),
        ("ex03_activations", r"collapse"),
    ),
    "learning = optimization: forward, loss, backprop, update": (
        ("05_backpropagation", r"forward.*loss.*backprop"),
        ("ex05_backprop", r"train"),
    ),
    "better initialization": (("05_backpropagation", r"Xavier"), ("ex07_deep_networks", r"He initiali[sz]ation")),
    "modern optimizers (Adam, RMSProp)": (("06_optimizers", r"RMSProp"), ("ex06_optimizers", r"adam")),
    "batch normalization": (("07_deep_networks", r"batch normali[sz]ation"), ("ex07_deep_networks", r"batchnorm")),
    "deep learning vs traditional ML table": (("07_deep_networks", r"traditional"), (None, None)),
}


def notebook_text(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in nb["cells"])


@pytest.mark.parametrize("concept", sorted(COVERAGE))
def test_seed_concept_is_taught_and_practised(concept):
    (lecture, lecture_re), (exercise, exercise_re) = COVERAGE[concept]
    text = notebook_text(ROOT / "lectures" / f"{lecture}.ipynb")
    assert re.search(lecture_re, text, re.I | re.S), f"{concept}: not found in lecture {lecture} ({lecture_re!r})"
    if exercise:
        text = notebook_text(ROOT / "exercises" / exercise / f"{exercise}.ipynb")
        assert re.search(exercise_re, text, re.I | re.S), (
            f"{concept}: not found in exercise {exercise} ({exercise_re!r})"
        )
