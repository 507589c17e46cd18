"""Wrong submissions of ex03_activations, each with the hint its feedback must show.

Each entry: ``name`` (unique), ``cells`` ({grade_id of a solution cell: the wrong source}),
``hints`` (texts the feedback HTML must contain), ``loses`` (exactly the test cells that
must score below their points). See tests/grading/README.md.

Many entries are the reference solution of ``solutions/ex03_activations`` with one line
changed, so they stay in step with it.
"""

from functools import partial

from gradingkit import reference_with

reference_with = partial(reference_with, "ex03_activations")  # reference_with(grade_id, (old, new), ...)

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
        loses=["test_sigmoid", "test_sigmoid_grad", "test_sigmoid_stable"],
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
        hints=["relu(x) changed its input x in place. Leave the arguments as they are and compute new arrays"],
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
    # ---- issue 13: numerical derivatives, libraries, loops, inputs changed in place
    dict(
        name="sigmoid_grad_by_central_differences",
        cells=reference_with(
            "sigmoid",
            (
                "    s = sigmoid(x)\n    return s * (1.0 - s)",
                "    h = 1e-5\n    return (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)",
            ),
        ),
        hints=[
            "sigmoid_grad computes a derivative numerically",
            "The task asks for the analytic derivative (sigma'(x) = sigma(x) (1 - sigma(x)))",
        ],
        loses=["test_sigmoid_grad"],
    ),
    dict(
        name="sigmoid_grad_with_a_numerical_helper",
        cells=reference_with(
            "sigmoid",
            (
                "def sigmoid_grad(x):",
                "def derivative_at(f, x, eps=1e-6):\n    return (f(x + eps) - f(x - eps)) / (2 * eps)\n\n\ndef sigmoid_grad(x):",
            ),
            (
                "    s = sigmoid(x)\n    return s * (1.0 - s)",
                "    return derivative_at(sigmoid, np.asarray(x, dtype=float))",
            ),
        ),
        hints=["sigmoid_grad computes a derivative numerically: in derivative_at"],
        loses=["test_sigmoid_grad"],
    ),
    dict(
        name="sigmoid_wraps_scipy_expit",
        cells={
            "sigmoid": (
                "from scipy.special import expit\n\n\n"
                "def sigmoid(x):\n    return expit(x)  # stable already\n\n\n"
                "def sigmoid_grad(x):\n    s = sigmoid(x)\n    return s * (1 - s)\n"
            )
        },
        hints=[
            "sigmoid uses a library this task asks you not to use",
            "`expit` comes from `from scipy.special import expit`",
        ],
        loses=["test_sigmoid", "test_sigmoid_stable"],
    ),
    dict(
        name="sigmoid_loop_with_math_exp",
        cells={
            "sigmoid": (
                "import math\n\n\n"
                "def sigmoid(x):\n"
                "    x = np.asarray(x, dtype=float)\n"
                "    out = np.empty_like(x)\n"
                "    for i, v in np.ndenumerate(x):\n"
                "        out[i] = 1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v))\n"
                "    return out\n" + SIGMOID_GRAD
            )
        },
        hints=["sigmoid is not vectorized", "np.ndenumerate(x)` loops over the data"],
        loses=["test_sigmoid"],
    ),
    dict(
        name="sigmoid_exp_over_one_plus_exp",
        cells=reference_with(
            "sigmoid",
            (
                "    e = np.exp(-np.abs(x))                  # in (0, 1]: never overflows\n"
                "    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
                "    return np.exp(x) / (1.0 + np.exp(x))",
            ),
        ),
        hints=[
            "sigmoid([-1000, 1000]) with warnings as errors raised RuntimeWarning: overflow encountered in exp",
            STABLE_HINT,
        ],
        loses=["test_sigmoid_stable"],
    ),
    dict(
        name="tanh_doubles_x_in_place",
        cells=reference_with(
            "tanh",
            (
                "    return 2.0 * sigmoid(2.0 * np.asarray(x, dtype=float)) - 1.0",
                "    x *= 2\n    return 2 * sigmoid(x) - 1",
            ),
        ),
        hints=["tanh(x) changed its input x in place"],
        loses=["test_tanh"],
    ),
    dict(
        name="tanh_grad_by_central_differences",
        cells=reference_with(
            "tanh",
            ("    t = tanh(x)\n    return 1.0 - t * t", "    return (tanh(x + 1e-6) - tanh(x - 1e-6)) / 2e-6"),
        ),
        hints=["tanh_grad computes a derivative numerically", "tanh'(x) = 1 - tanh(x)^2 = 4 sigma'(2x)"],
        loses=["test_tanh_grad"],
    ),
    dict(
        name="tanh_comprehension_over_rows",
        cells=reference_with(
            "tanh",
            (
                "    return 2.0 * sigmoid(2.0 * np.asarray(x, dtype=float)) - 1.0",
                "    return np.array([2 * sigmoid(2 * row) - 1 for row in np.asarray(x, dtype=float)])",
            ),
        ),
        hints=["tanh is not vectorized", "loops over the data"],
        loses=["test_tanh"],
    ),
    dict(
        name="relu_grad_by_central_differences",
        cells=reference_with(
            "relu",
            (
                "    return (np.asarray(x) > 0).astype(float)",
                "    h = 1e-6\n    return (relu(x + h) - relu(x - h)) / (2 * h)",
            ),
        ),
        hints=["relu_grad computes a derivative numerically"],
        loses=["test_relu"],
    ),
    dict(
        name="relu_loop_over_the_elements",
        cells=reference_with(
            "relu",
            (
                "    return np.maximum(np.asarray(x, dtype=float), 0.0)",
                "    x = np.asarray(x, dtype=float)\n    return np.array([max(v, 0.0) for v in x.ravel()]).reshape(x.shape)",
            ),
        ),
        hints=["relu is not vectorized", "loops over the data"],
        loses=["test_relu"],
    ),
    dict(
        name="leaky_relu_in_place",
        cells=reference_with(
            "relu",
            (
                "    x = np.asarray(x, dtype=float)\n    return np.where(x > 0, x, alpha * x)",
                "    x[x < 0] *= alpha\n    return x",
            ),
        ),
        hints=["leaky_relu(x) changed its input x in place"],
        loses=["test_leaky_relu"],
    ),
    dict(
        name="leaky_relu_ignores_alpha",
        cells=reference_with(
            "relu", ("    return np.where(x > 0, x, alpha * x)", "    return np.where(x > 0, x, 0.01 * x)")
        ),
        hints=["leaky_relu(x, alpha=0.2): leaky_relu ignores its argument alpha (a fixed 0.01?)."],
        loses=["test_leaky_relu"],
    ),
    dict(
        name="leaky_relu_grad_by_central_differences",
        cells=reference_with(
            "relu",
            (
                "    return np.where(np.asarray(x) > 0, 1.0, alpha)",
                "    h = 1e-6\n    return (leaky_relu(x + h, alpha) - leaky_relu(x - h, alpha)) / (2 * h)",
            ),
        ),
        hints=["leaky_relu_grad computes a derivative numerically"],
        loses=["test_leaky_relu"],
    ),
    dict(
        name="gelu_wraps_dlf",
        cells={
            "gelu": (
                "import dlf.functions as F\n\n\n"
                "def gelu(x):\n    return F.gelu_tanh(x)\n\n\n"
                "def gelu_grad(x):\n    return F.gelu_tanh_grad(x)\n"
            )
        },
        hints=[
            "gelu uses a library this task asks you not to use",
            "gelu_grad uses a library this task asks you not to use",
        ],
        loses=["test_gelu", "test_gelu_grad"],
    ),
    dict(
        name="gelu_grad_with_dlf_numerical_gradient",
        cells={
            "gelu": reference_with("gelu", ("def gelu_grad(x):", "def gelu_grad_unused(x):"))["gelu"]
            + (
                "\n\nfrom dlf.gradcheck import numerical_gradient\n\n\n"
                "def gelu_grad(x):\n"
                "    x = np.array(x, dtype=float)\n"
                "    return numerical_gradient(lambda z: gelu(z).sum(), x)\n"
            )
        },
        hints=["gelu_grad computes a derivative numerically", "is a numerical derivative"],
        loses=["test_gelu_grad"],
    ),
    dict(
        name="gelu_grad_by_central_differences",
        cells=reference_with(
            "gelu",
            (
                "    t = np.tanh(u)\n    return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du",
                "    h = 1e-5\n    return (gelu(x + h) - gelu(x - h)) / (2 * h)",
            ),
        ),
        hints=["gelu_grad computes a derivative numerically"],
        loses=["test_gelu_grad"],
    ),
    # ---- issue 15: the gradient through a chain of sigmoid units, zero-centered outputs
    dict(
        name="chain_sigma_instead_of_sigma_prime",
        cells=reference_with("chain_gradients", ("g = g * sigmoid_grad(Z[k]) * w[k]", "g = g * sigmoid(Z[k]) * w[k]")),
        hints=["the factors use sigma(z_l), the activation; the chain rule needs its derivative sigma'(z_l)"],
        loses=["test_saturation"],
    ),
    dict(
        name="chain_forgets_the_weights",
        cells=reference_with("chain_gradients", ("g = g * sigmoid_grad(Z[k]) * w[k]", "g = g * sigmoid_grad(Z[k])")),
        hints=["the weights are missing: z_l = w_l a_(l-1) + b_l, so d a_l / d a_(l-1) = sigma'(z_l) w_l"],
        loses=["test_saturation"],
    ),
    dict(
        name="chain_products_from_the_first_layer",
        cells=reference_with("chain_gradients", ("for k in range(len(Z) - 1, -1, -1):", "for k in range(len(Z)):")),
        hints=["the products run from the first layer: you computed d a_l / d a_0"],
        loses=["test_saturation"],
    ),
    dict(
        name="chain_sigma_prime_of_the_activation",
        cells=reference_with(
            "chain_gradients", ("Z.append(z)\n        a = sigmoid(z)", "a = sigmoid(z)\n        Z.append(a)")
        ),
        hints=["sigma' is taken at the activation a_l instead of the pre-activation z_l"],
        loses=["test_saturation"],
    ),
    dict(
        name="fraction_counts_only_positive_columns",
        cells=reference_with(
            "same_sign_fraction",
            ("one_sign = np.all(dW > 0, axis=0) | np.all(dW < 0, axis=0)", "one_sign = np.all(dW > 0, axis=0)"),
        ),
        hints=["you counted only the columns that are all positive"],
        loses=["test_zero_centered"],
    ),
    dict(
        name="fraction_of_dZ_T_times_X",
        cells=reference_with("same_sign_fraction", ("dW = X.T @ dZ  ", "dW = dZ.T @ X  ")),
        hints=["you looked at the ROWS of dW (or computed dZ.T @ X, which is (K, H))"],
        loses=["test_zero_centered"],
    ),
    dict(
        name="fraction_returns_a_count",
        cells=reference_with("same_sign_fraction", ("return float(np.mean(one_sign))", "return int(np.sum(one_sign))")),
        hints=["you returned the number of such columns: return the fraction, the number divided by K."],
        loses=["test_zero_centered"],
    ),
    dict(
        name="fraction_with_any_instead_of_all",
        cells=reference_with(
            "same_sign_fraction",
            (
                "one_sign = np.all(dW > 0, axis=0) | np.all(dW < 0, axis=0)",
                "one_sign = np.any(dW > 0, axis=0) | np.any(dW < 0, axis=0)",
            ),
        ),
        hints=["you counted columns with SOME positive or SOME negative entry"],
        loses=["test_zero_centered"],
    ),
]


RIGHT = [
    dict(
        name="sigmoid_with_masks_and_grad_from_exp",
        cells={
            "sigmoid": (
                "def sigmoid(x):\n"
                "    x = np.asarray(x, dtype=float)\n"
                "    out = np.empty_like(x)\n"
                "    pos = x >= 0\n"
                "    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))\n"
                "    e = np.exp(x[~pos])  # x < 0 here: no overflow\n"
                "    out[~pos] = e / (1.0 + e)\n"
                "    return out\n\n\n"
                "def sigmoid_grad(x):\n"
                "    e = np.exp(-np.abs(np.asarray(x, dtype=float)))  # sigma'(x) = e / (1 + e)^2, symmetric in x\n"
                "    return e / (1.0 + e) ** 2\n"
            )
        },
    ),
    dict(
        name="logaddexp_sigmoid_and_tanh_grad_by_the_chain_rule",
        cells={
            "sigmoid": (
                "def sigmoid(x):\n    return np.exp(-np.logaddexp(0.0, -np.asarray(x, dtype=float)))\n\n\n"
                "def sigmoid_grad(x):\n    s = sigmoid(x)\n    return s - s * s\n"
            ),
            "tanh": (
                "def tanh(x):\n    x = np.asarray(x, dtype=float)\n    return 2 * sigmoid(x + x) - 1\n\n\n"
                "def tanh_grad(x):\n    return 4 * sigmoid_grad(2 * np.asarray(x, dtype=float))  # chain rule\n"
            ),
        },
    ),
    dict(
        name="relu_by_products_and_gelu_with_helpers",
        cells={
            "relu": (
                "def relu(x):\n    x = np.asarray(x, dtype=float)\n    return x * (x > 0)\n\n\n"
                "def relu_grad(x):\n    return np.heaviside(np.asarray(x, dtype=float), 0.0)\n\n\n"
                "def leaky_relu(x, alpha=0.01):\n    x = np.asarray(x, dtype=float)\n    return np.maximum(x, alpha * x)  # alpha < 1\n\n\n"
                "def leaky_relu_grad(x, alpha=0.01):\n    g = np.ones_like(np.asarray(x, dtype=float))\n"
                "    g[np.asarray(x) <= 0] = alpha  # g is a new array\n    return g\n"
            ),
            "gelu": (
                "C = np.sqrt(2 / np.pi)\n\n\n"
                "def inner(x):\n    return C * (x + 0.044715 * x**3)\n\n\n"
                "def gelu(x):\n    x = np.asarray(x, dtype=float)\n    return x / 2 * (1 + tanh(inner(x)))\n\n\n"
                "def gelu_grad(x):\n    x = np.asarray(x, dtype=float)\n"
                "    du = C * (1 + 3 * 0.044715 * x**2)\n"
                "    return (1 + tanh(inner(x))) / 2 + x / 2 * tanh_grad(inner(x)) * du\n"
            ),
        },
    ),
    dict(
        name="collapse_with_einsum_and_a_print",
        cells={
            "collapse_linear": (
                "def collapse_linear(W1, b1, W2, b2):\n"
                "    W = np.einsum('dh,hk->dk', W1, W2)\n"
                "    b = np.einsum('h,hk->k', b1, W2) + b2\n"
                "    print('collapsed to W', W.shape, 'and b', b.shape)\n"
                "    return W, b\n"
            )
        },
    ),
    dict(
        name="chain_from_stored_activations_and_cumprod",
        cells={
            "chain_gradients": (
                "def chain_gradients(x, w, b):\n"
                "    A = [np.asarray(x, dtype=float)]\n"
                "    for w_l, b_l in zip(w, b):\n"
                "        A.append(sigmoid(w_l * A[-1] + b_l))\n"
                "    A = np.stack(A[1:], axis=1)  # (N, L): a_1, ..., a_L\n"
                "    local = A * (1 - A) * np.asarray(w)  # sigma'(z_l) w_l = a_l (1 - a_l) w_l\n"
                "    return np.cumprod(local[:, ::-1], axis=1)[:, ::-1]  # products from each layer to the last\n"
            )
        },
    ),
    dict(
        name="fraction_with_einsum_and_sign_sums",
        cells={
            "same_sign_fraction": (
                "def same_sign_fraction(X, dZ):\n"
                "    dW = np.einsum('nj,nk->jk', X, dZ)\n"
                "    signs = np.sign(dW).sum(axis=0)  # +H or -H exactly when a column has one sign\n"
                "    return float(np.mean(np.abs(signs) == dW.shape[0]))\n"
            )
        },
    ),
]
