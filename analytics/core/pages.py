"""The one list of the app's pages: URL path, script, title key, icon and who may open it.

app.py builds the navigation from it; the observations name their places by it; the tests, the benchmarks and
``make screenshots`` open the pages it lists (each with the example links given here). Pure data: no Streamlit.
"""
from __future__ import annotations

from dataclasses import dataclass

from analytics.core.access import MANAGE_DATA, VIEW


@dataclass(frozen=True)
class Page:
    slug: str
    """URL path (Finnish, as people share the links): ``/vaaratapahtumat?period=5-8/2024``."""
    file: str
    """The page's script, relative to the repository root."""
    title_key: str
    """Message key of its title in the navigation and on observations."""
    icon: str
    permission: str = VIEW
    """What a signed-in user must be allowed to open it."""
    examples: tuple[str, ...] = ()
    """Query strings that show the page at its most telling (screenshots, tests)."""
    public: bool = False
    """Shown in a public read-only deployment (``access.public_mode``): the whole county's figures only, nothing
    to edit. The other pages do not exist there, whatever the address."""


PAGES: tuple[Page, ...] = (
    Page("yleiskatsaus", "app_pages/overview.py", "nav.overview", ":material/dashboard:",
         examples=("period=5-8/2024", "period=5-8/2024&lang=en")),
    Page("vaaratapahtumat", "app_pages/incidents.py", "nav.incidents", ":material/report:",
         examples=("period=5-8/2024", "period=5-8/2024&lang=en")),
    Page("pelastustoimi", "app_pages/rescue.py", "nav.rescue", ":material/fire_truck:",
         examples=("period=5-8/2024", "period=5-8/2024&lang=en&alue=Lahti&jakso=quarter")),
    Page("rai-laatu", "app_pages/rai.py", "nav.rai", ":material/elderly:",
         examples=("period=5-8/2024&palvelu=asumispalvelut&yksikko=PH-IKU-02-02", "period=5-8/2024&lang=en")),
    Page("asiakaskokemus", "app_pages/experience.py", "nav.experience", ":material/sentiment_satisfied:",
         examples=("period=5-8/2024", "period=5-8/2024&lang=en&kortti=c")),
    Page("omat-mittarit", "app_pages/own.py", "nav.own", ":material/add_chart:",
         examples=("period=5-8/2024", "period=5-8/2024&lang=en&mittari=own_staff_turnover")),
    Page("tavoitteet", "app_pages/goals.py", "nav.goals", ":material/flag:", examples=("", "lang=en")),
    Page("aluevertailu", "app_pages/compare.py", "nav.compare", ":material/compare_arrows:",
         examples=("period=5-8/2024", "period=5-8/2024&lang=en")),
    Page("ennusteet", "app_pages/forecasts.py", "nav.forecasts", ":material/trending_up:",
         examples=("period=9-12/2024", "period=9-12/2024&lang=en&aihe=rescue&sarja=rescue:I")),
    Page("mittarit", "app_pages/indicators.py", "nav.indicators", ":material/menu_book:",
         examples=("palvelualue=Kotihoito", "lang=en")),
    Page("aineisto", "app_pages/data.py", "nav.data", ":material/database:", permission=MANAGE_DATA,
         examples=("", "lang=en")),
    Page("kehittamistoimet", "app_pages/actions.py", "nav.actions", ":material/checklist:",
         examples=("period=5-8/2024", "lang=en")),
    Page("esitys", "app_pages/present.py", "nav.present", ":material/slideshow:",
         examples=("period=5-8/2024&present=1&step=2", "period=5-8/2024&present=1&step=7&lang=sv")),
    Page("tiivistelma", "app_pages/brief.py", "nav.brief", ":material/summarize:", public=True,
         examples=("period=5-8/2024", "period=5-8/2024&lang=en")),
)
BY_SLUG = {page.slug: page for page in PAGES}
OVERVIEW = BY_SLUG["yleiskatsaus"]
PRESENTATION = BY_SLUG["esitys"]
DATA = BY_SLUG["aineisto"]
BRIEF = BY_SLUG["tiivistelma"]
PUBLIC_PAGES = tuple(page for page in PAGES if page.public)


def example_links() -> list[str]:
    """Every page's example links (``slug?query``), in the registry's order."""
    return [f"{page.slug}?{query}" if query else page.slug for page in PAGES for query in page.examples]
