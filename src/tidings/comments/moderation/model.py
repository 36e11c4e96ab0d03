"""A logistic regression over a comment's features, small enough to ship and to explain.

Training sees every word and letter n-gram that occurs in at least two training comments;
the shipped model keeps only the strongest of them, by name, so a score can always be
traced back to the words that drove it. Weights are stored as float16 (the rounding is
applied before the model is used anywhere, so evaluation measures what ships). A model that
does not read links sees every comment without them (``CommentFeatures.without_links``),
in training and in scoring alike.
"""

from __future__ import annotations

import io
import json
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tidings.comments.moderation.features import DATA, SIGNALS, CommentFeatures, letter_pieces

SHIPPED = DATA / "weights.npz"  # written by train.py; see data/ATTRIBUTION.md


@dataclass(frozen=True)
class LinearModel:
    bias: float
    terms: dict[str, float]  # n-gram -> weight
    signals: tuple[float, ...]  # aligned with features.SIGNALS
    reads_links: bool = True

    def reads(self, features: CommentFeatures) -> CommentFeatures:
        return features if self.reads_links else features.without_links()

    def logit(self, features: CommentFeatures) -> float:
        features = self.reads(features)
        total = self.bias
        for term, value in features.values().items():
            total += self.terms.get(term, 0.0) * value
        return total + sum(w * x for w, x in zip(self.signals, features.signals, strict=True))

    def probability(self, features: CommentFeatures) -> float:
        return sigmoid(self.logit(features))

    def word_contributions(self, features: CommentFeatures) -> dict[str, float]:
        """How much each word of the comment added to the logit.

        A letter piece's weight is shared by the words it occurs in, a word pair's by its
        two words, so the contributions add up to the n-gram part of the logit.
        """
        features = self.reads(features)
        tokens = features.tokens
        owners: dict[str, list[str]] = {}
        for token in tokens:
            owners.setdefault(f"w:{token}", []).append(token)
            for piece in {f"c:{piece}" for piece in letter_pieces(token)}:
                owners.setdefault(piece, []).append(token)
        for first, second in zip(tokens, tokens[1:], strict=False):
            owners.setdefault(f"b:{first} {second}", []).extend((first, second))
        contributions: defaultdict[str, float] = defaultdict(float)
        for term, value in features.values().items():
            weight = self.terms.get(term)
            if not weight or term not in owners:
                continue
            share = weight * value / len(owners[term])
            for token in owners[term]:
                contributions[token] += share
        return dict(contributions)


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def fit(
    examples: Sequence[CommentFeatures],
    labels: Sequence[bool],
    *,
    l2: float,
    keep: int,
    signals: Sequence[str] = SIGNALS,
    reads_links: bool = True,
    min_documents: int = 2,
) -> LinearModel:
    """Fit an L2-regularised logistic regression with classes weighted equally.

    1. The vocabulary is every n-gram in at least ``min_documents`` training comments.
    2. Newton-CG minimises the weighted log loss plus ``l2``/2 times the squared weights
       (the bias is not penalised); it is deterministic, so the same data gives the same
       model.
    3. Only the named ``signals`` take part; the others keep a weight of zero, so a model
       never learns from a signal that means nothing for it (a link is no insult);
       without ``reads_links`` it does not see the links among the words either.
    4. The ``keep`` n-grams with the largest weights (by size) stay; the rest are dropped
       and the weights are rounded to float16, as they are stored.
    """
    if not reads_links:
        examples = [example.without_links() for example in examples]
    document_counts: Counter[str] = Counter()
    for example in examples:
        document_counts.update(example.values().keys())
    vocabulary = sorted(term for term, n in document_counts.items() if n >= min_documents)
    column = {term: index for index, term in enumerate(vocabulary)}
    rows, cols, data = [], [], []
    for row, example in enumerate(examples):
        for term, value in example.values().items():
            if term in column:
                rows.append(row)
                cols.append(column[term])
                data.append(value)
        for offset, value in enumerate(example.signals):
            if value and SIGNALS[offset] in signals:
                rows.append(row)
                cols.append(len(vocabulary) + offset)
                data.append(value)
    width = len(vocabulary) + len(SIGNALS)
    from scipy import optimize, sparse  # training only: scoring need not load scipy

    matrix = sparse.csr_matrix((data, (rows, cols)), shape=(len(examples), width))
    y = np.asarray(labels, dtype=float)
    if y.min() == y.max():
        raise ValueError("training needs both classes")
    # Each class carries half the total weight, whatever its size.
    positives = y.sum()
    sample_weight = np.where(y == 1, 0.5 / positives, 0.5 / (len(y) - positives))

    def loss_and_gradient(theta: np.ndarray) -> tuple[float, np.ndarray]:
        weights, bias = theta[:-1], theta[-1]
        z = matrix @ weights + bias
        loss = np.sum(sample_weight * (np.logaddexp(0.0, z) - y * z))
        residual = sample_weight * (1.0 / (1.0 + np.exp(-z)) - y)
        gradient = np.empty_like(theta)
        gradient[:-1] = matrix.T @ residual + l2 * weights
        gradient[-1] = residual.sum()
        return loss + 0.5 * l2 * float(weights @ weights), gradient

    def hessian_times(theta: np.ndarray, vector: np.ndarray) -> np.ndarray:
        p = 1.0 / (1.0 + np.exp(-(matrix @ theta[:-1] + theta[-1])))
        curvature = sample_weight * p * (1.0 - p) * (matrix @ vector[:-1] + vector[-1])
        product = np.empty_like(vector)
        product[:-1] = matrix.T @ curvature + l2 * vector[:-1]
        product[-1] = curvature.sum()
        return product

    # Newton-CG needs only products with the Hessian, which a linear model gives cheaply;
    # it converges in a few dozen steps where L-BFGS-B takes hundreds of slower ones.
    result = optimize.minimize(
        loss_and_gradient,
        np.zeros(width + 1),
        jac=True,
        hessp=hessian_times,
        method="Newton-CG",
        options={"xtol": 1e-6, "maxiter": 200},
    )
    weights, bias = result.x[:-1], result.x[-1]
    term_weights = weights[: len(vocabulary)]
    strongest = np.argsort(-np.abs(term_weights), kind="stable")[:keep]
    return LinearModel(
        bias=float(np.float16(bias)),
        terms={
            vocabulary[i]: float(np.float16(term_weights[i]))
            for i in sorted(strongest)
            if np.float16(term_weights[i]) != 0
        },
        signals=tuple(float(np.float16(w)) for w in weights[len(vocabulary) :]),
        reads_links=reads_links,
    )


def save(models: dict[str, LinearModel], path: Path, about: dict) -> None:
    """One .npz: per model its terms (UTF-8, one a line), float16 weights, signal weights,
    bias and whether it reads links; plus ``about`` (what trained it) as JSON. No pickles,
    so loading is safe."""
    arrays: dict[str, np.ndarray] = {}
    for name, model in models.items():
        terms = list(model.terms)
        arrays[f"{name}.terms"] = np.frombuffer("\n".join(terms).encode(), dtype=np.uint8)
        arrays[f"{name}.weights"] = np.array([model.terms[t] for t in terms], dtype=np.float16)
        arrays[f"{name}.signals"] = np.array(model.signals, dtype=np.float16)
        arrays[f"{name}.signal_names"] = np.frombuffer("\n".join(SIGNALS).encode(), np.uint8)
        arrays[f"{name}.bias"] = np.array([model.bias], dtype=np.float16)
        arrays[f"{name}.reads_links"] = np.array([model.reads_links], dtype=np.bool_)
    arrays["about"] = np.frombuffer(json.dumps(about, sort_keys=True).encode(), dtype=np.uint8)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, allow_pickle=False, **arrays)
    path.write_bytes(buffer.getvalue())


def load(path: Path) -> tuple[dict[str, LinearModel], dict]:
    with np.load(path, allow_pickle=False) as stored:
        names = sorted({key.split(".")[0] for key in stored.files if key != "about"})
        models = {}
        for name in names:
            signal_names = tuple(stored[f"{name}.signal_names"].tobytes().decode().split("\n"))
            if signal_names != SIGNALS:
                raise ValueError(f"{path.name} was trained on other signals; retrain it")
            terms = stored[f"{name}.terms"].tobytes().decode().split("\n")
            weights = stored[f"{name}.weights"].astype(float)
            models[name] = LinearModel(
                bias=float(stored[f"{name}.bias"][0]),
                terms=dict(zip(terms, weights.tolist(), strict=True)),
                signals=tuple(stored[f"{name}.signals"].astype(float).tolist()),
                reads_links=bool(stored[f"{name}.reads_links"][0]),
            )
        about = json.loads(stored["about"].tobytes().decode())
    return models, about
