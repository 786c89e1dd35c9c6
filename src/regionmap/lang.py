"""The language of an article: English, Russian or Dari/Persian, detected by py3langid or set by hand."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# the languages the linker reads; Dari is written and detected as Persian ("fa")
LANGUAGES = {"en": "English", "ru": "Russian", "fa": "Dari/Persian"}
SAMPLE = 20_000  # characters read to decide: detection never costs more on a long text
LETTERS = {
    "latin": re.compile(r"[A-Za-zÀ-ɏ]"),
    "cyrillic": re.compile(r"[Ѐ-ӿ]"),
    "arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
}


class LanguageError(ValueError):
    """A language the linker does not read; the message names it and the choices."""


def check(code: str) -> str:
    """``code`` as a supported language code (``en``, ``ru``, ``fa``; ``prs``/``dari`` mean ``fa``)."""
    c = (code or "").strip().lower()
    c = {"prs": "fa", "dari": "fa", "persian": "fa", "farsi": "fa", "russian": "ru", "english": "en"}.get(
        c, c
    )
    if c not in LANGUAGES:
        choices = ", ".join(f"{k} ({v})" for k, v in LANGUAGES.items())
        raise LanguageError(f"unknown language {code!r}: choose one of {choices}")
    return c


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    return ident


def script_counts(text: str) -> dict[str, int]:
    """Letters of each script in the first :data:`SAMPLE` characters."""
    sample = text[:SAMPLE]
    return {name: len(rx.findall(sample)) for name, rx in LETTERS.items()}


def detect(text: str) -> str:
    """The language of ``text``: ``en``, ``ru`` or ``fa``.

    A text in Latin letters only is English without asking the model (the common case costs
    nothing); otherwise py3langid, restricted to the three languages, decides. Text with no
    letters at all is English.
    """
    counts = script_counts(text)
    if counts["cyrillic"] == 0 and counts["arabic"] == 0:
        return "en"
    lang, _ = _identifier().classify(text[:SAMPLE])
    return str(lang)


def name(code: str) -> str:
    """The language's name for people ("Dari/Persian")."""
    return LANGUAGES.get(code, code)
