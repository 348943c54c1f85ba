"""Table downloads: CSV that opens right in Finnish or English spreadsheet software."""
from __future__ import annotations

import pandas as pd


def csv_bytes(frame: pd.DataFrame, lang: str = "fi") -> bytes:
    """CSV with a BOM; Finnish uses ``;`` and a decimal comma, English ``,`` and a decimal point."""
    if lang == "fi":
        text = frame.to_csv(index=False, sep=";", decimal=",")
    else:
        text = frame.to_csv(index=False)
    return text.encode("utf-8-sig")
