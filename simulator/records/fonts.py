"""The certificate fonts: Noto fonts shipped in ``assets/fonts/`` (SIL OFL 1.1, see OFL.txt).

Noto Sans Regular and Bold cover Latin (Vietnamese included), Greek and Cyrillic. The
fallbacks, loaded only when a name needs them, add Georgian and Japanese (kana and the
kanji of Japanese, which also print many Chinese names), and Arabic and Hebrew when text
shaping is available. Simplified Chinese and Korean Noto fonts are not shipped: each weighs
6 to 9 MB, more than the rest together. A name whose letters no shipped font covers is
refused by the certificate with a clear message rather than printed wrongly.

The folder is found through :func:`simulator.resources.data_dir`, so it works from a source
checkout, an editable install and an installed wheel alike.
"""

from __future__ import annotations

from pathlib import Path

from simulator.resources import data_dir

#: The main font: (regular, bold) file names.
MAIN = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
#: Fallback fonts as (family, regular file, bold file), tried in this order for letters
#: the main font lacks.
FALLBACKS = (("NotoGeorgian", "NotoSansGeorgian-Regular.ttf", "NotoSansGeorgian-Bold.ttf"),
             ("NotoJP", "NotoSansJP-Regular.otf", "NotoSansJP-Bold.otf"))
#: Right-to-left fallbacks, used only when text shaping (uharfbuzz) is available.
RTL_FALLBACKS = (("NotoArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
                 ("NotoHebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"))


def fonts_dir() -> Path:
    """Return the folder of the shipped certificate fonts.

    Returns:
        ``assets/fonts`` of this installation.

    Raises:
        FileNotFoundError: If the assets folder is missing from this installation.

    """
    return data_dir("assets") / "fonts"


__all__ = ["FALLBACKS", "MAIN", "RTL_FALLBACKS", "fonts_dir"]
