"""Wrong submissions of ex03_activations, each with the hint its feedback must show.

Each entry: ``name`` (unique), ``cells`` ({grade_id of a solution cell: the wrong source}),
``hints`` (texts the feedback HTML must contain), ``loses`` (exactly the test cells that
must score below their points). See tests/grading/README.md.
"""

SIGMOID_GRAD = """

def sigmoid_grad(x):
    s = sigmoid(x)
    return s * (1 - s)
"""

TANH = """def tanh(x):
    return 2 * sigmoid(2 * x) - 1

"""

GELU_HEAD = """def gelu(x):
    u = np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)
    return 0.5 * x * (1 + np.tanh(u))


def gelu_grad(x):
    u = np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)
    du = np.sqrt(2 / np.pi) * (1 + 3 * 0.044715 * x**2)
"""

STABLE_HINT = (
    "exp overflows: e^1000 is larger than the largest float64 (about 1.8e308). Compute with e = exp(-|x|), "
    "which is at most 1"
)

WRONG = [
    dict(
        name="naive_sigmoid_overflows",
        cells={"sigmoid": "def sigmoid(x):\n    return 1 / (1 + np.exp(-x))\n" + SIGMOID_GRAD},
        hints=["raised RuntimeWarning: overflow encountered in exp", STABLE_HINT],
        loses=["test_sigmoid_stable"],
    ),
    dict(
        name="sigmoid_np_where_computes_both_branches",
        cells={
            "sigmoid": (
                "def sigmoid(x):\n"
                "    return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))\n" + SIGMOID_GRAD
            )
        },
        hints=[
            "np.where(cond, A, B) computes both A and B for every element, so an overflow in the branch that is not picked still happens."
        ],
        loses=["test_sigmoid_stable"],
    ),
    dict(
        name="sigmoid_grad_missing_a_factor",
        cells={
            "sigmoid": (
                "def sigmoid(x):\n"
                "    e = np.exp(-np.abs(x))\n"
                "    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))\n\n\n"
                "def sigmoid_grad(x):\n"
                "    return sigmoid(x)\n"
            )
        },
        hints=["sigma'(x) = sigma(x) (1 - sigma(x)); you returned sigma(x): the factor (1 - sigma(x)) is missing."],
        loses=["test_sigmoid_grad"],
    ),
    dict(
        name="sigmoid_imported_from_dlf",
        cells={"sigmoid": "from dlf.functions import sigmoid, sigmoid_grad\n"},
        hints=[
            "sigmoid must be your own function, written in this notebook with NumPy (def sigmoid(...)); yours is imported (`from dlf.functions import sigmoid, sigmoid_grad`).",
            "sigmoid_grad must be your own function",
        ],
        loses=["test_sigmoid", "test_sigmoid_grad"],
    ),
    dict(
        name="tanh_with_np_tanh",
        cells={"tanh": "def tanh(x):\n    return np.tanh(x)\n\n\ndef tanh_grad(x):\n    return 1 - np.tanh(x) ** 2\n"},
        hints=["tanh(x) did not call your sigmoid: compute it as 2 * sigmoid(2 * x) - 1 (not with np.tanh), as asked."],
        loses=["test_tanh"],
    ),
    dict(
        name="tanh_grad_missing_the_inner_factor_2",
        cells={"tanh": TANH + "def tanh_grad(x):\n    return 2 * sigmoid_grad(2 * x)\n"},
        hints=[
            "a factor 2 of the chain rule is missing: d/dx [2 sigma(2x) - 1] = 2 sigma'(2x) * 2 = 4 sigma'(2x); you returned 2 sigma'(2x)."
        ],
        loses=["test_tanh_grad"],
    ),
    dict(
        name="leaky_relu_grad_like_relu",
        cells={
            "relu": (
                "def relu(x):\n    return np.maximum(x, 0)\n\n\n"
                "def relu_grad(x):\n    return (x > 0).astype(float)\n\n\n"
                "def leaky_relu(x, alpha=0.01):\n    return np.where(x > 0, x, alpha * x)\n\n\n"
                "def leaky_relu_grad(x, alpha=0.01):\n    return (x > 0).astype(float)\n"
            )
        },
        hints=["for x < 0 the slope of leaky_relu is alpha, not 0 (0 is ReLU's slope)."],
        loses=["test_leaky_relu"],
    ),
    dict(
        name="relu_in_place",
        cells={
            "relu": (
                "def relu(x):\n    x[x < 0] = 0\n    return x\n\n\n"
                "def relu_grad(x):\n    return (x > 0).astype(float)\n\n\n"
                "def leaky_relu(x, alpha=0.01):\n    return np.where(x > 0, x, alpha * x)\n\n\n"
                "def leaky_relu_grad(x, alpha=0.01):\n    return np.where(x > 0, 1.0, alpha)\n"
            )
        },
        hints=[
            "relu changed the array it was given (x[x < 0] = 0 works in place): return a new array, e.g. np.maximum(x, 0)."
        ],
        loses=["test_relu"],
    ),
    dict(
        name="gelu_exact_with_erf",
        cells={
            "gelu": (
                "from scipy.special import erf\n\n\n"
                "def gelu(x):\n    return 0.5 * x * (1 + erf(x / np.sqrt(2)))\n\n\n"
                "def gelu_grad(x):\n"
                "    return 0.5 * (1 + erf(x / np.sqrt(2))) + x * np.exp(-x**2 / 2) / np.sqrt(2 * np.pi)\n"
            )
        },
        hints=[
            "this is the exact GELU, x Phi(x) with the error function; the exercise asks for the tanh approximation.",
            "this is the derivative of the exact GELU, Phi(x) + x phi(x); the exercise asks for the tanh approximation.",
        ],
        loses=["test_gelu", "test_gelu_grad"],
    ),
    dict(
        name="gelu_grad_without_the_product_rule",
        cells={"gelu": GELU_HEAD + "    return 0.5 * (1 + np.tanh(u))\n"},
        hints=[
            "only the first term of the product rule: gelu'(x) = 1/2 (1 + tanh u) + x/2 (1 - tanh^2 u) u'(x); the derivative of tanh u(x) is missing."
        ],
        loses=["test_gelu_grad"],
    ),
    dict(
        name="gelu_grad_missing_the_chain_rule_factor",
        cells={"gelu": GELU_HEAD + "    t = np.tanh(u)\n    return 0.5 * (1 + t) + 0.5 * x * (1 - t**2)\n"},
        hints=["the chain-rule factor u'(x) = sqrt(2/pi) (1 + 3 * 0.044715 x^2) is missing."],
        loses=["test_gelu_grad"],
    ),
    dict(
        name="collapse_W2_times_W1",
        cells={"collapse_linear": "def collapse_linear(W1, b1, W2, b2):\n    return W2 @ W1, b1 @ W2 + b2\n"},
        hints=[
            "raised ValueError",
            "With W1 (D, H) and W2 (H, K), the product that is defined is W1 @ W2, of shape (D, K): (X W1) W2 = X (W1 W2).",
        ],
        loses=["test_collapse"],
    ),
    dict(
        name="collapse_forgets_b1_W2",
        cells={"collapse_linear": "def collapse_linear(W1, b1, W2, b2):\n    return W1 @ W2, b2\n"},
        hints=["b: b1 W2 is missing: (X W1 + b1) W2 + b2 = X W1 W2 + b1 W2 + b2, so b = b1 W2 + b2."],
        loses=["test_collapse"],
    ),
]
