"""Screenshots of the app's pages to look at: ``python -m harness.screenshots OUT_DIR [LINK …]``.

Without links, every page's example links from the page registry (analytics/core/pages.py), in the languages
they name. A link is a path and query, e.g. ``vaaratapahtumat?period=5-8/2024&lang=en``.
"""
from __future__ import annotations

import sys
from pathlib import Path

from analytics.core import pages as site_pages
from harness.app import screenshots, streamlit_server

if __name__ == "__main__":
    out = Path(sys.argv[1])
    with streamlit_server() as url:
        for shot in screenshots(url, sys.argv[2:] or site_pages.example_links(), out):
            print(shot)
