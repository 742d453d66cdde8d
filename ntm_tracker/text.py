"""Text as it comes in: one Unicode form, no control characters.

Vietnamese can be typed or pasted in two Unicode forms: composed (NFC, "ạ" is one code point) and
decomposed (NFD, "a" + a combining dot below; macOS file names and some input methods produce it).
They look the same but compare unequal, so a search typed in NFD finds nothing and an imported
"Đạt" is not recognised. Everything the app receives is therefore brought to NFC on the way in:
query and form values by `InputGuardMiddleware`, workbook and CSV cells by the readers through
`clean_text`, and any other body (JSON) by calling `nfc` on what it reads.

Control characters (NUL above all: PostgreSQL refuses it in text) are refused in a request with a
400 by the middleware; in an uploaded file (a workbook can hold "_x0000_", a CSV a raw NUL) they
mean nothing a person typed, so the readers drop them (`clean_text`).
"""

import re
import unicodedata
from typing import Any

# The control characters (Unicode category Cc: C0, DEL and C1). Tab, line feed and carriage return
# are the only ones a person types, in a multi-line text; every other one (NUL above all:
# PostgreSQL refuses it in text) is refused wherever it comes.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def nfc(value: Any) -> Any:
    """`value` in Unicode NFC when it is a string; anything else unchanged (cells hold numbers, dates)."""
    if isinstance(value, str) and not value.isascii():
        return unicodedata.normalize("NFC", value)
    return value


def has_control(value: str, *, multiline: bool = False) -> bool:
    """Does `value` hold a control character? With `multiline`, tab, CR and LF are allowed."""
    return (_CONTROL_IN_TEXT if multiline else _CONTROL).search(value) is not None


def clean_text(value: Any) -> Any:
    """An uploaded cell or text as the app reads it: NFC, without control characters other than
    tab, CR and LF; anything that is not a string unchanged."""
    if isinstance(value, str):
        return nfc(_CONTROL_IN_TEXT.sub("", value))
    return value


def fold(text: str | None) -> str:
    """Lower-case text without Vietnamese diacritics and with single spaces, for searching and
    matching headers or labels ("Bưởi  Phúc Trạch" → "buoi phuc trach").

    'đ'/'Đ' is a letter of its own, not d + a combining mark, so NFD leaves it alone: map it explicitly.
    """
    text = str(text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())
