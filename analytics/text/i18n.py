"""Everything a user reads: the fi/en message catalogue and number/date formats.

Finnish is the default. Finnish numbers use a decimal comma and a space as the thousands
separator (``5 049``, ``44,3 %``); dates are ``d.m.yyyy``. English uses ``5,049``, ``44.3%`` and
``d/m/yyyy``.
"""
from __future__ import annotations

import math
import re
from datetime import date

import pandas as pd

LANGUAGES: tuple[str, ...] = ("fi", "en", "sv")
DEFAULT_LANGUAGE = "fi"
COMMA_LANGUAGES = ("fi", "sv")
"""Languages written with a decimal comma, a space as thousands separator, ``44,3 %`` and ``d.m.yyyy``."""

MESSAGES: dict[str, dict[str, str]] = {
    # app shell
    "app.synthetic": {
        "fi": "Esimerkkiaineisto: synteettistä dataa, joka toistaa Päijät-Hämeen julkaistut luvut. Ei oikeita asiakastietoja.",
        "en": "Sample data: synthetic records calibrated to Päijät-Häme's published figures. No real client data.",
    },
    "app.data_error": {
        "fi": "Aineistoa ei voitu lukea: {error}",
        "en": "The data could not be read: {error}",
    },
    "app.data_error_hint": {
        "fi": "Korjaa tiedosto, palauta sen edellinen versio Aineisto-sivulla (tai komennolla `python -m analytics undo TAULU`) tai palauta esimerkkiaineisto komennolla `python -m analytics sample --out data`.",
        "en": "Fix the file, put back its previous version on the Data page (or with `python -m analytics undo TABLE`), or restore the sample data with `python -m analytics sample --out data`.",
    },
    "app.loading": {"fi": "Ladataan aineistoa…", "en": "Loading the data…"},
    "app.no_periods": {
        "fi": "Aineistossa ei ole yhtään täyttä katsauskautta (1-4, 5-8 tai 9-12). Tuo aineisto, joka kattaa koko kauden.",
        "en": "The data holds no complete review period (1-4, 5-8 or 9-12). Load data that covers a whole period.",
    },
    "nav.overview": {"fi": "Yleiskatsaus", "en": "Overview"},
    "nav.indicators": {"fi": "Mittarit", "en": "Indicators"},
    "filter.header": {"fi": "Rajaukset", "en": "Filters"},
    "filter.language": {"fi": "Kieli", "en": "Language"},
    "filter.county": {"fi": "Hyvinvointialue", "en": "Wellbeing services county"},
    "filter.toimiala": {"fi": "Toimiala", "en": "Division"},
    "filter.palvelualue": {"fi": "Palvelualue", "en": "Service area"},
    "filter.period": {"fi": "Katsauskausi", "en": "Review period"},
    "filter.all": {"fi": "Kaikki", "en": "All"},
    "filter.share_hint": {
        "fi": "Rajaukset tallentuvat osoitteeseen: kopioi selaimen osoite jakaaksesi tämän näkymän.",
        "en": "Filters are kept in the address: copy the browser's address to share this view.",
    },
    "filter.unknown": {
        "fi": "Osoitteen rajausta {name} = '{value}' ei löydy aineistosta; käytetään oletusta.",
        "en": "The filter {name} = '{value}' in the address is not in the data; using the default.",
    },
    # common words
    "word.value": {"fi": "Arvo", "en": "Value"},
    "word.change": {"fi": "Muutos", "en": "Change"},
    "word.target": {"fi": "Tavoite", "en": "Target"},
    "word.status": {"fi": "Tila", "en": "Status"},
    "word.indicator": {"fi": "Mittari", "en": "Indicator"},
    "word.month": {"fi": "Kuukausi", "en": "Month"},
    "word.national": {"fi": "Koko maa", "en": "Whole country"},
    "word.method": {"fi": "Menetelmä", "en": "Method"},
    "word.data": {"fi": "Taulukko", "en": "Table"},
    "word.download_csv": {"fi": "Lataa CSV", "en": "Download CSV"},
    "word.no_target": {"fi": "ei tavoitetta", "en": "no target"},
    "word.lower_better": {"fi": "pienempi parempi", "en": "lower is better"},
    "word.higher_better": {"fi": "suurempi parempi", "en": "higher is better"},
    # status words
    "status.met": {"fi": "Tavoite saavutettu", "en": "Target met"},
    "status.near": {"fi": "Lähellä tavoitetta", "en": "Close to target"},
    "status.not_met": {"fi": "Tavoitetta ei saavutettu", "en": "Target not met"},
    "status.no_target": {"fi": "Ei tavoitetta", "en": "No target"},
    "status.no_data": {"fi": "Ei tietoa", "en": "No data"},
    # overview page
    "overview.title": {
        "fi": "Miten omavalvonnan mittarit kehittyvät kaudella {period}?",
        "en": "How are the self-monitoring indicators doing in {period}?",
    },
    "overview.intro": {
        "fi": "Osavuosikatsaus yhdellä silmäyksellä: arvo, sama kausi vuotta aiemmin, muutos, tavoite ja kehitys.",
        "en": "The interim review at a glance: value, the same period a year before, change, target and trend.",
    },
    "overview.incidents": {"fi": "Vaaratapahtumailmoitukset", "en": "Incident reports"},
    "overview.rescue": {"fi": "Pelastustoimen toimintavalmius", "en": "Rescue services response"},
    "overview.rai": {"fi": "RAI-laatuindikaattorit", "en": "RAI quality indicators"},
    "overview.trend_title": {"fi": "Kuukausittain {first}–{last}", "en": "By month, {first}–{last}"},
    "overview.headlines_title": {
        "fi": "Otsikkoluvut kaudelta {period}",
        "en": "Headline figures for {period}",
    },
    "overview.no_incidents": {
        "fi": "Valitulla rajauksella ei ole vaaratapahtumailmoituksia kaudella {period}.",
        "en": "No incident reports for the chosen filters in {period}.",
    },
    "overview.no_rescue": {
        "fi": "Pelastustoimen tehtäviä ei ole valitulla rajauksella (pelastustoimi ei jakaudu sote-palvelualueisiin; valitse toimiala Pelastuslaitos tai poista rajaus).",
        "en": "No rescue tasks for the chosen filters (rescue services are not split into health and social service areas; choose the Pelastuslaitos division or clear the filter).",
    },
    "overview.no_rai": {
        "fi": "RAI-tuloksia ei ole valitulla rajauksella (RAI koskee ikääntyneiden kotihoitoa ja ympärivuorokautista hoivaa).",
        "en": "No RAI results for the chosen filters (RAI covers home care and 24-hour care for older people).",
    },
    "overview.rai_half_years": {
        "fi": "RAI: uusin puolivuotisjakso ennen katsauskautta, {half} ({n} arvioitua asiakasta), verrattuna jaksoon {previous}.",
        "en": "RAI: the latest half-year before the review period, {half} ({n} assessed clients), compared with {previous}.",
    },
    "overview.finding": {
        "fi": "Kaudella {period} tehtiin {total} asiakas- ja potilasturvallisuusilmoitusta ({change} vuotta aiemmasta). {verdict} Ilmoitusmäärän kasvu kertoo usein paremmasta ilmoituskulttuurista eikä välttämättä lisääntyneistä haitoista. {met} / {with_target} tavoitteellisesta mittarista saavutti tavoitteensa.",
        "en": "In {period}, {total} client and patient safety reports were made ({change} on a year before). {verdict} More reports often mean a better reporting culture, not necessarily more harm. {met} of {with_target} indicators with a target met it.",
    },
    "overview.download_trends": {"fi": "Lataa kuukausitrendit (CSV)", "en": "Download monthly trends (CSV)"},
    "overview.finding_all_reports": {
        "fi": "Kaudella {period} tehtiin {total} vaaratapahtumailmoitusta ({change} vuotta aiemmasta); asiakas- ja potilasturvallisuusilmoituksia ei valitulla rajauksella ole. {verdict} {met} / {with_target} tavoitteellisesta mittarista saavutti tavoitteensa.",
        "en": "In {period}, {total} incident reports were made ({change} on a year before); the chosen filters hold no client and patient safety reports. {verdict} {met} of {with_target} indicators with a target met it.",
    },
    "overview.no_patient_safety": {
        "fi": "Valitulla rajauksella ei ole asiakas- ja potilasturvallisuusilmoituksia kaudella {period} eikä vuotta aiemmin; alla kaikki ilmoitukset.",
        "en": "The chosen filters hold no client and patient safety reports in {period} or a year before; below, all reports.",
    },
    "overview.method": {
        "fi": "Luvut lasketaan suoraan aineistosta valitulle kaudelle ja rajaukselle. Vaaratapahtumat lasketaan ilmoituspäivän mukaan; reagointiaika on ilmoituspäivästä ensimmäiseen käsittelyyn. Toimintavalmius: kiireellisten (A, B) tehtävien osuus, joissa ensimmäinen yksikkö oli kohteessa riskiluokan tavoiteajassa (I 6 min, II 10 min, III 20 min). RAI-arvot ovat osuuksia arvioiduista asiakkaista (osoittaja / nimittäjä yli yksiköiden), vertailuna koko maan arvo ja alueen tavoite. Tila on 'lähellä', kun arvo on enintään 10 % tavoitteesta väärään suuntaan. Trendiviiva näyttää 24 kuukautta ennen kauden loppua. Ilmoitusmäärien muutoksen luottamusväli ja p-arvo lasketaan kuukausittaisista määristä kvasi-Poisson-mallilla (kuukauden päivien määrä huomioiden), joten kuukausien välinen ylimääräinen vaihtelu leventää väliä.",
        "en": "Figures are computed directly from the data for the chosen period and filters. Incidents are counted by report date; reaction time runs from the report to its first handling. Response: the share of urgent (A, B) tasks where the first unit was on scene within the risk-class target (I 6 min, II 10 min, III 20 min). RAI values are shares of assessed clients (numerator / denominator summed over units), against the national value and the county's target. Status is 'close' when the value misses the target by at most 10 % of the target. The trend line shows the 24 months up to the end of the period. The interval and p-value of a change in report counts come from the monthly counts with a quasi-Poisson model (per day of the month), so extra month-to-month variation widens the interval.",
    },
    # indicators page
    "indicators.title": {"fi": "Miksi näitä mittareita seurataan?", "en": "Why do we follow these indicators?"},
    "indicators.intro": {
        "fi": "Mittariluettelo: mitä kukin mittari kertoo, miten se lasketaan, kumpi suunta on parempi ja mikä on tavoite.",
        "en": "The indicator catalogue: what each indicator tells, how it is computed, which direction is better and the target.",
    },
    "indicators.why": {"fi": "Miksi tämä mittari?", "en": "Why this indicator?"},
    "indicators.numerator": {"fi": "Osoittaja", "en": "Numerator"},
    "indicators.denominator": {"fi": "Nimittäjä", "en": "Denominator"},
    "indicators.direction": {"fi": "Suunta", "en": "Direction"},
    "indicators.kind": {"fi": "Laji", "en": "Kind"},
    "indicators.finding": {
        "fi": "Luettelossa on {n} mittaria, joista {with_target} on tavoite.",
        "en": "The catalogue holds {n} indicators, {with_target} of them with a target.",
    },
    "indicators.method": {
        "fi": "Luettelo luetaan tiedostosta data/indicators.toml, jota voi muokata tekstieditorilla ja joka versioidaan aineiston mukana.",
        "en": "The catalogue is read from data/indicators.toml, which can be edited in a text editor and is versioned with the data.",
    },
    "catalogue.id": {"fi": "Tunnus", "en": "Id"},
    "catalogue.name": {"fi": "Mittari", "en": "Indicator"},
    "catalogue.domain": {"fi": "Aihe", "en": "Domain"},
    "catalogue.setting": {"fi": "Palvelu", "en": "Setting"},
    "catalogue.kind": {"fi": "Laji", "en": "Kind"},
    "catalogue.better": {"fi": "Suunta", "en": "Direction"},
    "catalogue.unit": {"fi": "Yksikkö", "en": "Unit"},
    "catalogue.target": {"fi": "Tavoite", "en": "Target"},
    "catalogue.target_kind": {"fi": "Tavoitteen laji", "en": "Target kind"},
    "target_kind.level": {"fi": "saavutettava taso", "en": "level to reach"},
    "target_kind.below": {"fi": "alle rajan", "en": "below the limit"},
    "target_kind.growth": {"fi": "kasvu vuodesta", "en": "growth on a year before"},
    "catalogue.target_period": {"fi": "Tavoitekausi", "en": "Target period"},
    "catalogue.numerator": {"fi": "Osoittaja", "en": "Numerator"},
    "catalogue.denominator": {"fi": "Nimittäjä", "en": "Denominator"},
    "catalogue.why": {"fi": "Miksi tämä mittari?", "en": "Why this indicator?"},
    # domains
    "domain.incidents": {"fi": "Vaaratapahtumat", "en": "Incidents"},
    "domain.rescue": {"fi": "Pelastustoimi", "en": "Rescue services"},
    "domain.rai": {"fi": "RAI", "en": "RAI"},
    "kind.share": {"fi": "osuus", "en": "share"},
    "kind.count": {"fi": "lukumäärä", "en": "count"},
    "kind.score": {"fi": "pisteluku", "en": "score"},
    "kind.ratio": {"fi": "suhdeluku", "en": "ratio"},
    "kind.days": {"fi": "päivää", "en": "days"},
    # report categories (DOMAIN §3)
    "category.patient_safety": {"fi": "Asiakas- ja potilasturvallisuus (HaiPro)", "en": "Client and patient safety (HaiPro)"},
    "category.occupational_safety": {"fi": "Työturvallisuus (HaiPro)", "en": "Occupational safety (HaiPro)"},
    "category.environment": {"fi": "Toimintaympäristö (HaiPro)", "en": "Operating environment (HaiPro)"},
    "category.information_security": {"fi": "Tietoturva (HaiPro)", "en": "Information security (HaiPro)"},
    "category.grievance": {"fi": "Epäkohtailmoitukset (SPro)", "en": "Grievance reports (SPro)"},
    "category.total": {"fi": "Yhteensä", "en": "Total"},
    "kind_event.harm": {"fi": "Haittatapahtuma", "en": "Harm event"},
    "kind_event.near_miss": {"fi": "Läheltä piti", "en": "Near miss"},
    "kind_event.observation": {"fi": "Muu havainto tai kehittämisehdotus", "en": "Other observation or improvement proposal"},
    "event_type.medication": {"fi": "Lääkehoito", "en": "Medication"},
    "event_type.accident": {"fi": "Tapaturma, onnettomuus", "en": "Accident (incl. falls)"},
    "event_type.information_flow": {"fi": "Tiedonkulku ja tiedonhallinta", "en": "Information flow and management"},
    "event_type.care_procedure": {"fi": "Hoito ja tutkimus", "en": "Care and examination"},
    "event_type.violence": {"fi": "Väkivalta tai sen uhka", "en": "Violence or threat of violence"},
    "event_type.devices": {"fi": "Laitteet ja tarvikkeet", "en": "Devices and supplies"},
    "event_type.identification": {"fi": "Tunnistaminen", "en": "Identification"},
    "event_type.samples": {"fi": "Näytteet ja laboratorio", "en": "Samples and laboratory"},
    "event_type.other": {"fi": "Muu", "en": "Other"},
    "event_type.workload": {"fi": "Työkuormitus", "en": "Workload"},
    "event_type.premises": {"fi": "Tilat ja kiinteistö", "en": "Premises"},
    "event_type.data_protection": {"fi": "Tietosuoja", "en": "Data protection"},
    "event_type.care_conditions": {"fi": "Hoidon olosuhteet", "en": "Conditions of care"},
    "harm.none": {"fi": "Ei haittaa", "en": "No harm"},
    "harm.mild": {"fi": "Lievä haitta", "en": "Mild harm"},
    "harm.moderate": {"fi": "Kohtalainen haitta", "en": "Moderate harm"},
    "harm.severe": {"fi": "Vakava haitta", "en": "Severe harm"},
    "reporter.staff": {"fi": "Henkilöstö", "en": "Staff"},
    "reporter.client": {"fi": "Asiakas, potilas tai omainen", "en": "Client, patient or relative"},
    "theme.procedures": {"fi": "Toimintatavat ja menettelyt", "en": "Ways of working and procedures"},
    "theme.training": {"fi": "Perehdytys ja koulutus", "en": "Induction and training"},
    "theme.communication": {"fi": "Viestintä ja tiedonkulku", "en": "Communication"},
    "theme.equipment": {"fi": "Laitteet ja tilat", "en": "Equipment and premises"},
    "setting.kotihoito": {"fi": "Kotihoito", "en": "Home care"},
    "setting.asumispalvelut": {"fi": "Asumispalvelut (ympärivuorokautinen)", "en": "Housing services (24-hour care)"},
    "risk_class.I": {"fi": "Riskiluokka I", "en": "Risk class I"},
    "risk_class.II": {"fi": "Riskiluokka II", "en": "Risk class II"},
    "risk_class.III": {"fi": "Riskiluokka III", "en": "Risk class III"},
    "risk_class.IV": {"fi": "Riskiluokka IV", "en": "Risk class IV"},
    # headline names on the overview
    "headline.patient_safety_reports": {"fi": "Asiakas- ja potilasturvallisuusilmoitukset", "en": "Client and patient safety reports"},
    "headline.all_reports": {"fi": "Kaikki ilmoitukset", "en": "All reports"},
    "headline.near_miss_ratio": {"fi": "Läheltä piti / haittatapahtuma", "en": "Near misses per harm event"},
    "headline.observation_share": {"fi": "Havaintojen ja kehittämisehdotusten osuus", "en": "Share of observations and proposals"},
    "headline.reaction_median": {"fi": "Reagointiaika, mediaani", "en": "Reaction time, median"},
    "headline.client_reports": {"fi": "Asiakkaiden ja omaisten ilmoitukset", "en": "Reports by clients and relatives"},
    "headline.development_actions": {"fi": "Kehittämistoimenpiteet", "en": "Development actions"},
    "headline.compliance": {"fi": "Toimintavalmius, riskiluokka {risk_class} ({minutes} min)", "en": "Response within target, risk class {risk_class} ({minutes} min)"},
    "headline.persons_rescued": {"fi": "Välittömästä vaarasta pelastetut", "en": "Persons rescued from immediate danger"},
    "headline.property_saved": {"fi": "Pelastettu omaisuus (rakennuspalot ja -palovaarat)", "en": "Property saved (building fires and fire hazards)"},
    "target.grows": {"fi": "↑ kasvaa vuotta aiemmasta", "en": "↑ grows on a year before"},
    "unit.days": {"fi": "vrk", "en": "days"},
    "unit.points": {"fi": "%-yks.", "en": "pp", "sv": "%-enh."},
    # incidents page
    "nav.incidents": {"fi": "Vaaratapahtumat", "en": "Incidents"},
    "incidents.title": {"fi": "Vaaratapahtumailmoitukset kaudella {period}", "en": "Incident reports in {period}"},
    "incidents.intro": {
        "fi": "HaiPro- ja SPro-ilmoitukset ilmoituspäivän mukaan, verrattuna samaan kauteen vuotta aiemmin.",
        "en": "HaiPro and SPro reports by report date, against the same period a year before.",
    },
    "incidents.finding": {
        "fi": "Kaudella {period} tehtiin {total} ilmoitusta ({previous} vuotta aiemmin, {change}). {verdict} Ilmoitusmäärän kasvu kertoo usein paremmasta ilmoituskulttuurista eikä välttämättä lisääntyneistä haitoista.",
        "en": "In {period}, {total} reports were made ({previous} a year before, {change}). {verdict} More reports often mean a better reporting culture, not necessarily more harm.",
    },
    "incidents.finding_withheld": {
        "fi": "Valitun rajauksen ilmoitusten määrää ei näytetä kaudelta {period} (vuotta aiemmin {previous}): siitä ja "
              "muista näytetyistä luvuista voisi päätellä alle 5 ilmoituksen luvun (THL:n pienten lukujen sääntö). "
              "Laajempi rajaus näyttää sen.",
        "en": "The number of reports of the chosen filters is not shown for {period} ({previous} a year before): with "
              "the other figures shown it would give away a count under 5 (THL's small-number rule). A wider filter "
              "shows it.",
    },
    "incidents.no_data": {
        "fi": "Valitulla rajauksella ei ole ilmoituksia kaudella {period} eikä vuotta aiemmin. Valitse laajempi rajaus tai toinen kausi.",
        "en": "The chosen filters hold no reports in {period} or a year before. Choose wider filters or another period.",
    },
    "incidents.no_category": {
        "fi": "Valitulla rajauksella ei ole luokan {category} ilmoituksia kaudella {period} eikä vuotta aiemmin, joten kohdat 2–7 jäävät tyhjiksi. Valitse toinen ilmoitusluokka yllä tai laajempi rajaus.",
        "en": "The chosen filters hold no {category} reports in {period} or a year before, so sections 2–7 are empty. Choose another report category above or wider filters.",
    },
    "incidents.q_how_many": {"fi": "Kuinka monta ilmoitusta, ja onko muutos todellinen?", "en": "How many reports, and is the change real?"},
    "incidents.q_trend": {"fi": "Mikä on suunta?", "en": "What is the trend?"},
    "incidents.q_kinds": {"fi": "Millaisia tapahtumia?", "en": "What kind of events?"},
    "incidents.q_types": {"fi": "Mitkä tapahtumatyypit?", "en": "Which event types?"},
    "incidents.q_reaction": {"fi": "Kuinka nopeasti ilmoitukset käsitellään?", "en": "How fast are reports handled?"},
    "incidents.q_reporters": {"fi": "Kuka ilmoittaa, ja mitä seuraa?", "en": "Who reports, and what follows?"},
    "incidents.q_where": {"fi": "Missä?", "en": "Where?"},
    "incidents.choose_category": {"fi": "Ilmoitusluokka (kohdat 2–7)", "en": "Report category (sections 2–7)"},
    "incidents.choose_type": {"fi": "Tapahtumatyyppi", "en": "Event type"},
    "incidents.all_types": {"fi": "Kaikki tyypit", "en": "All types"},
    "incidents.type_hint": {
        "fi": "Valitse tyyppi listasta tai napsauttamalla palkkia: kaavion alapuolen kuvat rajautuvat siihen. Kaksoisnapsautus tyhjentää valinnan.",
        "en": "Pick a type from the list or by clicking its bar: the charts below narrow to it. Double-click clears the choice.",
    },
    "incidents.type_active": {"fi": "Näytetään vain tyyppi: {type}.", "en": "Showing only the type: {type}."},
    "incidents.category": {"fi": "Ilmoitusluokka", "en": "Report category"},
    "incidents.interval": {"fi": "Muutoksen 95 %:n luottamusväli", "en": "95% interval of the change"},
    "incidents.variation": {"fi": "Tavanomaista vaihtelua?", "en": "Normal variation?"},
    "incidents.real": {"fi": "✖ Ei: muutos on todellinen", "en": "✖ No: the change is real"},
    "incidents.normal": {"fi": "✔ Kyllä", "en": "✔ Yes"},
    "incidents.unit": {"fi": "Yksikkö", "en": "Unit"},
    "incidents.all_units": {"fi": "Kaikki yksiköt", "en": "All units"},
    "incidents.median_days": {"fi": "Reagointiaika, mediaani (vrk)", "en": "Reaction time, median (days)"},
    "incidents.reports": {"fi": "Ilmoituksia", "en": "Reports"},
    "incidents.within_target": {"fi": "Alle 14 vrk", "en": "Under 14 days"},
    "incidents.unhandled": {"fi": "Käsittelemättä", "en": "Unhandled"},
    "incidents.event_type": {"fi": "Tapahtumatyyppi", "en": "Event type"},
    "incidents.share": {"fi": "Osuus", "en": "Share"},
    "incidents.trend_title": {"fi": "{category}: ilmoitukset kuukausittain ({chart})", "en": "{category}: reports by month ({chart})"},
    "incidents.chart_choice": {"fi": "Kortti", "en": "Chart"},
    "incidents.chart_choice.auto": {"fi": "Suositeltu", "en": "Advised"},
    "incidents.chart_choice.c": {"fi": "c-kortti", "en": "c chart"},
    "incidents.chart_choice.i": {"fi": "I-kortti (XmR)", "en": "I chart (XmR)"},
    "incidents.chart_choice_help": {
        "fi": "Suositeltu kortti valitaan kuukausimäärien vaihtelusta: c-kortti, kun määrät vaihtelevat kuten Poisson-malli olettaa, muuten I-kortti.",
        "en": "The advised chart follows from the variation of the monthly counts: a c chart when they vary as the Poisson model assumes, an I chart otherwise.",
    },
    "incidents.trend_caption": {
        "fi": "Harmaa katkoviiva = valvontarajat (±3 sigmaa), harmaa viiva = keskiarvo; punainen timantti = erityissyyn merkki; rengas = valitun kauden kuukaudet joka vuonna.",
        "en": "Grey dashes = control limits (±3 sigma), grey line = mean; red diamond = a sign of a special cause; ring = the chosen period's months in every year.",
    },
    "incidents.no_trend": {
        "fi": "Kuukausisarja on liian lyhyt tai tyhjä valvontakortille (vähintään 8 kuukautta).",
        "en": "The monthly series is too short or empty for a control chart (at least 8 months).",
    },
    "incidents.trend_withheld": {
        "fi": "Osa valitun rajauksen kuukausista jää piiloon THL:n pienten lukujen säännön vuoksi, joten "
              "valvontakorttia ei piirretä. Kaavio näyttää kuukaudet, joiden luvut voi näyttää; laajempi rajaus "
              "näyttää valvontakortin.",
        "en": "Some months of the chosen filters are hidden by THL's small-number rule, so no control chart is drawn. "
              "The chart shows the months whose counts can be shown; a wider filter shows the control chart.",
    },
    "incidents.trend_shown_months": {"fi": "Ilmoitukset kuukausittain (piilotetut kuukaudet puuttuvat)",
                                     "en": "Reports by month (hidden months left out)"},
    "incidents.kinds_title": {"fi": "Tapahtuman laji kuukausittain", "en": "Event kind by month"},
    "incidents.ratio_title": {"fi": "Läheltä piti -tilanteet haittatapahtumaa kohden, kausittain", "en": "Near misses per harm event, by period"},
    "incidents.observation_title": {"fi": "Havaintojen ja kehittämisehdotusten osuus, kausittain (tavoite 10 %)", "en": "Share of observations and proposals, by period (target 10%)"},
    "incidents.kinds_finding": {
        "fi": "Läheltä piti -tilanteita oli {ratio} haittatapahtumaa kohden ({previous} vuotta aiemmin): {ratio_verdict} Havaintojen ja kehittämisehdotusten osuus oli {share} (tavoite {target}): {share_verdict}",
        "en": "There were {ratio} near misses per harm event ({previous} a year before): {ratio_verdict} Observations and proposals made up {share} (target {target}): {share_verdict}",
    },
    "incidents.kinds_withheld": {
        "fi": "Läheltä piti -tilanteiden suhdetta haittatapahtumiin ja havaintojen osuutta ei näytetä kaudelta "
              "{period}: ne tarvitsisivat luvun, joka jää piiloon THL:n pienten lukujen säännön vuoksi.",
        "en": "The ratio of near misses to harm events and the share of observations are not shown for {period}: "
              "they would need a count hidden by THL's small-number rule.",
    },
    "incidents.grows": {"fi": "tavoite kasvusta toteutui.", "en": "the goal of growth was met."},
    "incidents.not_grows": {"fi": "tavoite kasvusta ei toteutunut.", "en": "the goal of growth was not met."},
    "incidents.share_met": {"fi": "tavoite saavutettiin.", "en": "the target was met."},
    "incidents.share_not_met": {"fi": "tavoitetta ei saavutettu.", "en": "the target was not met."},
    "incidents.types_title_counts": {"fi": "Tapahtumatyypit kaudella {period} (ilmoituksia; osuudet piilotettu)",
                                     "en": "Event types in {period} (reports; shares hidden)"},
    "incidents.types_title": {"fi": "Tapahtumatyypit kaudella {period} (osuus ilmoituksista)", "en": "Event types in {period} (share of reports)"},
    "incidents.reaction_title": {"fi": "Reagointiaika (ilmoitus → ensimmäinen käsittely), vrk", "en": "Reaction time (report → first handling), days"},
    "incidents.reaction_finding": {
        "fi": "Reagointiajan mediaani oli {median} vrk ({previous} vrk vuotta aiemmin); {within} käsitellyistä ilmoituksista otettiin käsittelyyn alle {target} vrk:ssa. Käsittelemättä on {unhandled} ilmoitusta.",
        "en": "The median reaction time was {median} days ({previous} days a year before); {within} of handled reports were taken up within {target} days. {unhandled} reports are still unhandled.",
    },
    "incidents.reaction_withheld": {
        "fi": "Valitun rajauksen reagointiaikoja ei näytetä kaudelta {period}: niistä voisi päätellä alle 5 "
              "ilmoituksen luvun (THL:n pienten lukujen sääntö). Laajempi rajaus näyttää ne.",
        "en": "The reaction times of the chosen filters are not shown for {period}: they would give away a count "
              "under 5 (THL's small-number rule). A wider filter shows them.",
    },
    "incidents.reaction_none": {
        "fi": "Yhtään kauden ilmoitusta ei ole vielä käsitelty; käsittelemättä {unhandled}.",
        "en": "No report of the period has been handled yet; {unhandled} unhandled.",
    },
    "incidents.within": {"fi": "alle 14 vrk", "en": "under 14 days"},
    "incidents.over": {"fi": "14 vrk tai yli", "en": "14 days or more"},
    "incidents.days": {"fi": "Vuorokautta", "en": "Days"},
    "incidents.reporters_finding": {
        "fi": "Asiakkaat, potilaat ja omaiset tekivät {clients} ilmoitusta ({clients_change} vuotta aiemmasta). Kehittämistoimenpide suunniteltiin {actions} ilmoituksen pohjalta ({actions_change}). {top}",
        "en": "Clients, patients and relatives made {clients} reports ({clients_change} on a year before). A development action was planned for {actions} reports ({actions_change}). {top}",
    },
    "incidents.top_theme": {"fi": "Eniten toimenpiteitä koski teemaa {theme} ({count}).", "en": "Most actions concerned {theme} ({count})."},
    "incidents.themes_title": {"fi": "Kehittämistoimenpiteiden teemat", "en": "Themes of the development actions"},
    "incidents.reporters_title": {"fi": "Ilmoittaja kuukausittain", "en": "Reporter by month"},
    "incidents.where_caption": {
        "fi": "Yksikkötason määrät 1–4 näytetään muodossa \"< 5\" (THL:n pienten lukujen sääntö); silloin myös muutos ja mediaani jätetään pois. Palvelualueiden luvut ovat tarkkoja.",
        "en": "Unit-level counts of 1–4 are shown as \"< 5\" (THL's small-number rule); the change and median are then left out too. Service-area figures are exact.",
    },
    "incidents.method": {
        "fi": "Ilmoitukset lasketaan ilmoituspäivän mukaan. Muutoksen luottamusväli ja p-arvo: kvasi-Poisson-malli kauden ja vuotta aiemman kauden kuukausittaisista määristä (kuukauden päivät altisteena), joten kuukausien välinen ylimääräinen vaihtelu leventää väliä. Suunta: valvontakortti koko historiasta ja Anhøjn säännöt (pisin jakso samalla puolella keskiviivaa, keskiviivan ylitysten määrä). Kortti valitaan kuukausimäärien vaihtelusta: kvasi-Poisson-hajontakerroin φ = Pearsonin χ² / vapausasteet Poisson-mallista, jossa on trendi ja kahden vuoden sarjassa kalenterikuukaudet. Kun φ on selvästi yli 1 (χ²-testi, p < 0,05), kuvassa on I-kortti (XmR: keskiarvo ± 3 × keskimääräinen liukuva vaihteluväli / 1,128, yli 3,267-kertaiset vaihteluvälit karsittuina), koska c-kortin rajat olisivat liian kapeat; muuten c-kortti (keskiarvo ± 3√keskiarvo). Kortin voi vaihtaa itse. Läheltä piti -suhde = läheltä piti / haittatapahtumat. Reagointiaika = ilmoituspäivästä ensimmäiseen käsittelyyn; tavoite alle 14 vrk. Yksikkötason luvuissa THL:n pienten lukujen sääntö (1–4 → < 5).",
        "en": "Reports are counted by report date. Interval and p-value of a change: a quasi-Poisson model of the monthly counts of the period and the same period a year before (days of the month as exposure), so extra month-to-month variation widens the interval. Trend: a control chart over the whole history with the Anhøj rules (longest run on one side of the centre line, number of crossings). The chart follows from the variation of the monthly counts: the quasi-Poisson dispersion φ = Pearson's χ² / degrees of freedom of a Poisson model with a trend and, in a series of two years or more, calendar months. When φ is clearly above 1 (χ² test, p < 0.05) the chart is an I chart (XmR: mean ± 3 × mean moving range / 1.128, moving ranges above 3.267 × their mean screened out), because a c chart's limits would be too narrow; otherwise a c chart (mean ± 3√mean). You can switch the chart yourself. Near-miss ratio = near misses / harm events. Reaction time = from the report to its first handling; target under 14 days. Unit-level figures follow THL's small-number rule (1–4 → < 5).",
    },
    # RAI page
    "nav.rai": {"fi": "RAI-laatu", "en": "RAI quality"},
    "rai.title": {"fi": "RAI-laatuindikaattorit: {setting}, {half}", "en": "RAI quality indicators: {setting}, {half}"},
    "rai.intro": {
        "fi": "Yksiköiden RAI-arviointien laatuindikaattorit puolivuosittain, verrattuna koko maahan ja alueen tavoitteeseen.",
        "en": "Quality indicators from the units' RAI assessments by half-year, against the whole country and the county's target.",
    },
    "rai.choose_setting": {"fi": "Palvelu", "en": "Service"},
    "rai.choose_half": {"fi": "Puolivuotisjakso", "en": "Half-year"},
    "rai.choose_indicator": {"fi": "Mittari", "en": "Indicator"},
    "rai.choose_unit": {"fi": "Yksikkö", "en": "Unit"},
    "rai.choose_centre": {"fi": "Vertailukohta", "en": "Compare with"},
    "rai.centre_county": {"fi": "alueen arvo", "en": "the county value"},
    "rai.centre_national": {"fi": "koko maan arvo", "en": "the national value"},
    "rai.overdispersion": {"fi": "Huomioi yksiköiden välinen ylimääräinen vaihtelu", "en": "Allow for extra variation between units"},
    "rai.no_unit": {"fi": "Valitse yksikkö", "en": "Choose a unit"},
    "rai.no_data": {
        "fi": "Valitulla rajauksella ei ole RAI-tuloksia (RAI koskee ikääntyneiden kotihoitoa ja ympärivuorokautista hoivaa). Poista palvelualue- tai toimialarajaus tai valitse Kotihoito tai Asumispalvelut.",
        "en": "The chosen filters hold no RAI results (RAI covers home care and 24-hour care for older people). Clear the service area or division filter, or choose Kotihoito or Asumispalvelut.",
    },
    "rai.q_status": {"fi": "Missä olemme?", "en": "Where do we stand?"},
    "rai.q_trend": {"fi": "Miten mittarit ovat kehittyneet?", "en": "How have the indicators moved?"},
    "rai.q_units": {"fi": "Mitkä yksiköt eroavat?", "en": "Which units differ?"},
    "rai.q_why": {"fi": "Miksi tämä mittari?", "en": "Why this indicator?"},
    "rai.finding": {
        "fi": "{setting}, {half} ({n} arvioitua asiakasta): {met} / {total} tavoitteellisesta mittarista saavutti tavoitteensa.",
        "en": "{setting}, {half} ({n} assessed clients): {met} of {total} indicators with a target met it.",
    },
    "rai.finding_worst": {
        "fi": "Suhteessa kauimpana tavoitteesta: {name} {value} (tavoite {target}).",
        "en": "Furthest from its target, relative to it: {name} {value} (target {target}).",
    },
    "rai.finding_no_data": {
        "fi": "Jaksolta {half} ei ole näytettäviä arvoja valitulla rajauksella.",
        "en": "No values to show for {half} with the chosen filters.",
    },
    "rai.finding_withheld": {
        "fi": "Valitun rajauksen arvoja ei näytetä jaksolta {half}: niistä ja koko alueen luvuista voisi päätellä "
              "yksikön, jossa on alle 5 arvioitua asiakasta (THL:n pienten lukujen sääntö). Koko alueen luvut "
              "näkyvät ilman palvelualue- tai toimialarajausta.",
        "en": "The values of the chosen filters are not shown for {half}: with the county's figures they would give "
              "back a unit with fewer than 5 assessed clients (THL's small-number rule). The county's figures are "
              "shown without a palvelualue or toimiala filter.",
    },
    "rai.gap_better": {"fi": "{amount} parempi", "en": "{amount} better"},
    "rai.gap_worse": {"fi": "{amount} heikompi", "en": "{amount} worse"},
    "rai.gap_equal": {"fi": "tasan tavoitteessa", "en": "exactly on target"},
    "rai.better": {"fi": "Parempi", "en": "Better"},
    "rai.status_n": {
        "fi": "Arvioituja asiakkaita: {half} {n}, {previous} {previous_n}, koko maa {national_n}. Nuoli kertoo kumpi suunta on parempi (↓ pienempi, ↑ suurempi).",
        "en": "Assessed clients: {half} {n}, {previous} {previous_n}, whole country {national_n}. The arrow tells which direction is better (↓ lower, ↑ higher).",
    },
    "rai.status_caption": {
        "fi": "Arvo on osuus arvioiduista asiakkaista (%), RUG-kustannuspaino on pisteluku (keskiarvo, ei osuus). Tila verrataan tavoitteeseen näytetyllä tarkkuudella; 'lähellä' = enintään 10 % tavoitteesta väärään suuntaan. Koko maan arvo on samalta jaksolta.",
        "en": "A value is a share of assessed clients (%); the RUG cost weight is a score (a mean, not a share). Status compares the value as shown with the target; 'close' = missing it by at most 10 % of the target. The national value is of the same half-year.",
    },
    "rai.trend_title": {
        "fi": "{setting}: mittarit puolivuosittain, {first}–{last}",
        "en": "{setting}: the indicators by half-year, {first}–{last}",
    },
    "rai.trend_caption": {
        "fi": "Sininen = alue (valittu rajaus), harmaa katkoviiva = koko maa, oranssi katkoviiva = tavoite. Pystyviiva = sarjan katko: vuoden 2022 muutos lääkelistojen lukutavassa nosti monilääkityksen osuutta, joten arvot ennen ja jälkeen eivät ole vertailukelpoisia.",
        "en": "Blue = the county (chosen filters), grey dashes = the whole country, orange dashes = the target. Vertical rule = a break in the series: the 2022 change in reading medication lists raised polypharmacy shares, so values before and after are not comparable.",
    },
    "rai.break": {"fi": "Sarjan katko", "en": "Break in the series"},
    "rai.series_county": {"fi": "Alue", "en": "County"},
    "rai.funnel_title": {
        "fi": "{indicator}, {half}: yksiköt suhteessa arvioitujen asiakkaiden määrään",
        "en": "{indicator}, {half}: units against their number of assessed clients",
    },
    "rai.funnel_caption": {
        "fi": "Suppilon rajat ovat tarkat binomirajat (Spiegelhalter) vertailuarvon ympärillä: katkoviiva 95 %, yhtenäinen 99,8 %. Rajojen ulkopuolella oleva yksikkö eroaa enemmän kuin satunnaisvaihtelu selittää. Napsauta pistettä nähdäksesi yksikön profiilin.",
        "en": "The funnel's limits are exact binomial limits (Spiegelhalter) around the benchmark: dashed 95 %, solid 99.8 %. A unit outside the limits differs more than chance explains. Click a point to see the unit's profile.",
    },
    "rai.assessed": {"fi": "Arvioituja asiakkaita", "en": "Assessed clients"},
    "rai.limit95": {"fi": "95 %:n raja", "en": "95% limit"},
    "rai.limit998": {"fi": "99,8 %:n raja", "en": "99.8% limit"},
    "rai.flag.above": {"fi": "yli 99,8 %:n rajan", "en": "above the 99.8% limit"},
    "rai.flag.below": {"fi": "alle 99,8 %:n rajan", "en": "below the 99.8% limit"},
    "rai.flag.within": {"fi": "rajojen sisällä", "en": "within the limits"},
    "rai.outside": {"fi": "99,8 %:n rajojen ulkopuolella", "en": "outside the 99.8% limits"},
    "rai.side.worse": {"fi": "heikompi", "en": "worse"},
    "rai.side.better": {"fi": "parempi", "en": "better"},
    "rai.funnel_none": {
        "fi": "Kaikki {count} yksikköä ovat 99,8 %:n rajojen sisällä vertailukohdan ({centre}, {value}) ympärillä: erot mahtuvat satunnaisvaihteluun.",
        "en": "All {count} units lie within the 99.8% limits around the benchmark ({centre}, {value}): the differences are within chance variation.",
    },
    "rai.funnel_some": {
        "fi": "Vertailukohta on {centre} {value}; {count} yksikköä kuvassa. {which}",
        "en": "The benchmark is {centre}, {value}; {count} units shown. {which}",
    },
    "rai.funnel_worse": {
        "fi": "Selvästi heikompi (99,8 %:n rajan ulkopuolella): {units}.",
        "en": "Clearly worse (outside the 99.8% limit): {units}.",
    },
    "rai.funnel_better": {
        "fi": "Selvästi parempi (99,8 %:n rajan ulkopuolella): {units}.",
        "en": "Clearly better (outside the 99.8% limit): {units}.",
    },
    "rai.funnel_score": {
        "fi": "RUG-kustannuspaino on pisteluku eikä osuus, joten sille ei piirretä binomisuppiloa; yksiköiden keskiarvot näkyvät taulukossa.",
        "en": "The RUG cost weight is a score, not a share, so it has no binomial funnel; the units' means are in the table.",
    },
    "rai.funnel_too_few": {
        "fi": "Suppilokuvaan tarvitaan vähintään {min} yksikköä, joiden arvon saa näyttää.",
        "en": "A funnel plot needs at least {min} units whose value may be shown.",
    },
    "rai.units_hidden": {
        "fi": "Yksiköitä jätetty pois: {count} (arvioituja asiakkaita alle {min}, tai 0 % / 100 % pienessä ryhmässä, tai niiden ja kokonaisluvun erotuksesta saisi pois jätetyn yksikön luvut; THL:n sääntö).",
        "en": "Units left out: {count} (fewer than {min} assessed clients, or 0% / 100% in a small group, or the total minus them would give a left-out unit's figures; THL's rule).",
    },
    "rai.profile_title": {
        "fi": "{unit}: osuusmittarit verrattuna alueeseen, {half}",
        "en": "{unit}: the share indicators against the county, {half}",
    },
    "rai.profile_withheld": {
        "fi": "Yksikön {unit} arvoja ei näytetä, jotta toisen yksikön pieniä lukuja ei voisi laskea niistä "
              "(THL:n pienten lukujen sääntö).",
        "en": "The values of {unit} are not shown, so that another unit's small numbers cannot be worked out "
              "from them (THL's small-number rule).",
    },
    "rai.profile_hidden": {
        "fi": "Yksikön {unit} arvoja ei näytetä: arvioituja asiakkaita on alle {min} (THL:n pienten lukujen sääntö).",
        "en": "The values of {unit} are not shown: fewer than {min} assessed clients (THL's small-number rule).",
    },
    "rai.profile_none": {
        "fi": "{unit}: kaikki mittarit ovat alueen arvon 99,8 %:n rajojen sisällä.",
        "en": "{unit}: every indicator lies within the 99.8% limits around the county value.",
    },
    "rai.profile_some": {"fi": "{unit}: {which}", "en": "{unit}: {which}"},
    "rai.profile_worse": {"fi": "selvästi aluetta heikompi: {names}.", "en": "clearly worse than the county: {names}."},
    "rai.profile_better": {"fi": "selvästi aluetta parempi: {names}.", "en": "clearly better than the county: {names}."},
    "rai.unit_value": {"fi": "Yksikkö", "en": "Unit"},
    "rai.county_value": {"fi": "Alue", "en": "County"},
    "rai.difference": {"fi": "Ero 99,8 %:n rajoilla", "en": "Difference at 99.8% limits"},
    "catalogue.break_note": {
        "fi": "Sarjassa on katko jaksosta {period} alkaen: arvot ennen ja jälkeen eivät ole vertailukelpoisia.",
        "en": "The series has a break from {period} on: values before and after are not comparable.",
    },
    "rai.units_table": {"fi": "Yksiköt, {half}", "en": "Units, {half}"},
    "rai.method": {
        "fi": "Arvot ovat THL:n RAI-vertailutiedon mukaisia osuuksia: puolivuotisjakson viimeisin täysi arviointi kultakin asiakkaalta; alueen arvo = yksiköiden osoittajien summa / nimittäjien summa. RUG-kustannuspaino on keskiarvo (pisteluku). Tila verrataan tavoitteeseen näytetyllä tarkkuudella. Suppilokuva: Spiegelhalterin tarkat binomirajat (95 % ja 99,8 %) alueen tai koko maan arvon ympärillä; valinnainen ylihajonnan huomiointi FunnelPlotR:n tapaan (arkussinimuunnos, 10 %:n winsorointi, DerSimonian–Laird τ²): rajoja levennetään vain, kun hajontasuhde φ on yli 1, muuten piirretään tarkat binomirajat. Pienet luvut: yksikön tai rajatun ryhmän arvoa ei näytetä, jos arvioituja asiakkaita on alle 5, eikä 0 %:n tai 100 %:n osuutta alle 10 asiakkaan ryhmässä; koko alueen luvut ovat tarkkoja.",
        "en": "Values are shares as in THL's RAI benchmarking: each client's latest full assessment in the half-year; the county value = sum of the units' numerators / sum of their denominators. The RUG cost weight is a mean (a score). Status compares the value as shown with the target. Funnel plot: Spiegelhalter's exact binomial limits (95% and 99.8%) around the county or national value; optionally widened for overdispersion as in FunnelPlotR (arcsine transform, 10% winsorising, DerSimonian–Laird τ²): the limits are widened only when the dispersion ratio φ exceeds 1, otherwise the exact binomial limits are drawn. Small numbers: a unit's or a filtered group's value is not shown when fewer than 5 clients were assessed, nor a share of 0% or 100% in a group of fewer than 10; county figures are exact.",
    },
    # rescue page
    "nav.rescue": {"fi": "Pelastustoimi", "en": "Rescue services"},
    "rescue.title": {"fi": "Pelastustoimen toimintavalmius kaudella {period}", "en": "Rescue services response in {period}"},
    "rescue.intro": {
        "fi": "Kiireelliset tehtävät (A, B; ei ensivastetta) hälytysajan mukaan: ehtikö ensimmäinen yksikkö kohteeseen riskiluokan tavoiteajassa?",
        "en": "Urgent tasks (A, B; first response excluded) by alarm time: did the first unit reach the scene within its risk class's target time?",
    },
    "rescue.no_data": {
        "fi": "Valitulla rajauksella ei ole pelastustoimen tehtäviä (pelastustoimi ei jakaudu sote-palvelualueisiin). Valitse toimiala Pelastuslaitos tai poista palvelualuerajaus.",
        "en": "The chosen filters hold no rescue tasks (rescue services are not split into health and social service areas). Choose the Pelastuslaitos division or clear the service area filter.",
    },
    "rescue.no_tasks_period": {
        "fi": "Valitulla alueella ei ole kiireellisiä tehtäviä kaudella {period}.",
        "en": "The chosen area has no urgent tasks in {period}.",
    },
    "rescue.no_minute_target": {
        "fi": "Riskiluokalle IV ei ole valtakunnallista minuuttitavoitetta, joten osuutta ei lasketa; {n} tehtävää.",
        "en": "Risk class IV has no national minute target, so no share is computed; {n} tasks.",
    },
    "rescue.area_kind_choice": {"fi": "Aluejako", "en": "Areas by"},
    "rescue.area_kind.municipality": {"fi": "Kunta", "en": "Municipality"},
    "rescue.area_kind.station": {"fi": "Paloaseman alue", "en": "Station area"},
    "rescue.areas": {"fi": "Alue", "en": "Area"},
    "rescue.grain": {"fi": "Aikajakso", "en": "Time grain"},
    "grain.month": {"fi": "Kuukausi", "en": "Month"},
    "grain.quarter": {"fi": "Neljännes", "en": "Quarter"},
    "grain.tertial": {"fi": "Tertiili", "en": "Tertial"},
    "rescue.q_compliance": {"fi": "Täyttyykö palvelutasopäätös?", "en": "Do we meet the service-level decision?"},
    "rescue.q_control": {"fi": "Miten osuus vaihtelee jaksoittain?", "en": "Period by period?"},
    "rescue.q_times": {"fi": "Kuinka kauan kohteeseen kestää?", "en": "How long do we take?"},
    "rescue.q_areas": {"fi": "Missä on puutteita?", "en": "Where are the gaps?"},
    "rescue.q_effect": {"fi": "Mitä saatiin aikaan?", "en": "What did it achieve?"},
    "rescue.finding": {
        "fi": "Kaudella {period} ensimmäinen yksikkö oli kohteessa tavoiteajassa: {classes}. {verdict}",
        "en": "In {period} the first unit reached the scene within the target time in {classes}. {verdict}",
    },
    "rescue.finding_class": {"fi": "riskiluokka {risk_class} {share} tehtävistä (n = {n})", "en": "{share} of class {risk_class} tasks (n = {n})"},
    "rescue.all_met": {"fi": "Tavoiteosuus saavutettiin kaikissa luokissa.", "en": "The target share was met in every class."},
    "rescue.some_missed": {"fi": "Tavoiteosuutta ei saavutettu riskiluokissa {classes}.", "en": "The target share was not met in class(es) {classes}."},
    "rescue.finding_none": {"fi": "Kaudella {period} ei ole tehtäviä, joille on tavoiteaika.", "en": "No tasks with a target time in {period}."},
    "rescue.risk_class": {"fi": "Riskiluokka", "en": "Risk class"},
    "rescue.tasks": {"fi": "Tehtäviä", "en": "Tasks"},
    "rescue.share_in_time": {"fi": "Tavoiteajassa", "en": "Within target time"},
    "rescue.interval": {"fi": "95 %:n luottamusväli", "en": "95% interval"},
    "rescue.median": {"fi": "Mediaani (min)", "en": "Median (min)"},
    "rescue.p90": {"fi": "90. persentiili (min)", "en": "90th percentile (min)"},
    "rescue.target_text": {"fi": "{share} ({source})", "en": "{share} ({source})"},
    "rescue.source.national": {"fi": "valtakunnallinen", "en": "national"},
    "rescue.source.county": {"fi": "palvelutasopäätös", "en": "service-level decision"},
    "rescue.source.None": {"fi": "–", "en": "–"},
    "rescue.compliance_caption": {
        "fi": "Osuus = tehtävät, joissa ensimmäinen yksikkö oli kohteessa tavoiteajassa (I 6 min, II 10 min, III 20 min), luottamusväli Wilsonin menetelmällä. Riskiluokalle IV ei ole valtakunnallista minuuttitavoitetta: sille näytetään ajat mutta ei osuutta.",
        "en": "Share = tasks where the first unit was on scene within the target time (I 6 min, II 10 min, III 20 min), interval by Wilson's method. Risk class IV has no national minute target: its times are shown but no share.",
    },
    "rescue.compliance_chart_title": {
        "fi": "Tavoiteajassa tavoitetut tehtävät riskiluokittain, {period} (95 %:n luottamusväli)",
        "en": "Tasks reached within the target time by risk class, {period} (95% interval)",
    },
    "rescue.control_title": {
        "fi": "{name}: tavoiteajassa tavoitettujen osuus ({grain}, p′-kortti)",
        "en": "{name}: share within the target time ({grain}, p′ chart)",
    },
    "rescue.control_caption": {
        "fi": "Laneyn p′-kortti: rajat huomioivat suuret nimittäjät ja jaksojen välisen vaihtelun. Oranssi katkoviiva = tavoiteosuus; punainen timantti = erityissyyn merkki.",
        "en": "Laney's p′ chart: the limits allow for large denominators and variation between periods. Orange dashes = the target share; red diamond = a special-cause signal.",
    },
    "rescue.control_withheld": {
        "fi": "Valitulla alueella osa jaksoista jää piiloon THL:n pienten lukujen säännön vuoksi (tehtäviä tai "
              "tavoiteajasta myöhästyneitä 1–4, tai niistä voisi päätellä sellaisen), joten säätökorttia ei piirretä; "
              "taulukossa piilotetut jaksot ovat tyhjiä. Laajempi alue tai koko hyvinvointialue näyttää kortin.",
        "en": "In the chosen area some periods are hidden by THL's small-number rule (1–4 tasks or late arrivals, or "
              "figures that would give such a count back), so no control chart is drawn; the hidden periods are "
              "empty in the table. A wider area or the whole county shows the chart.",
    },
    "rescue.control_too_few": {
        "fi": "Säätökorttiin tarvitaan vähintään {min} jaksoa; valitse lyhyempi aikajakso.",
        "en": "A control chart needs at least {min} periods; choose a shorter time grain.",
    },
    "rescue.times_finding": {
        "fi": "Toimintavalmiusaika (hälytyksestä kohteeseen) riskiluokittain: {classes}.",
        "en": "Response time (alarm to arrival) by risk class: {classes}.",
    },
    "rescue.times_class": {"fi": "riskiluokka {risk_class}: mediaani {median} min, 90 % tehtävistä {p90} minuutissa", "en": "class {risk_class}: median {median} min, 90% of tasks within {p90} min"},
    "rescue.ecdf_title": {
        "fi": "Kuinka suuri osa tehtävistä tavoitettiin x minuutissa, {period}",
        "en": "Share of tasks reached within x minutes, {period}",
    },
    "rescue.ecdf_caption": {
        "fi": "Kertymäkäyrä: käyrän korkeus tavoiteajan kohdalla (pystyviiva) on tavoiteajassa tavoitettujen osuus. Vaakaviiva = 50 %.",
        "en": "Cumulative curve: its height at the target time (vertical rule) is the share reached in time. Horizontal rule = 50%.",
    },
    "rescue.minutes": {"fi": "Minuuttia hälytyksestä", "en": "Minutes from the alarm"},
    "rescue.median_title": {
        "fi": "Toimintavalmiusajan mediaani kuukausittain riskiluokittain",
        "en": "Median response time by month and risk class",
    },
    "rescue.area_none": {"fi": "Valitulla rajauksella ei ole tehtäviä tällä kaudella.", "en": "No tasks for the chosen filters in this period."},
    "rescue.area_all_met": {"fi": "Kaikki alueet saavuttivat tavoiteosuuden kaikissa riskiluokissa.", "en": "Every area met the target share in every risk class."},
    "rescue.area_missed": {"fi": "Tavoiteosuus jäi saavuttamatta: {areas}.", "en": "The target share was missed in: {areas}."},
    "rescue.area_miss": {"fi": "{area} (riskiluokka {risk_class}, {share}, n = {n}; {how})", "en": "{area} (class {risk_class}, {share}, n = {n}; {how})"},
    "rescue.clearly": {"fi": "selvästi, koko luottamusväli alle tavoitteen", "en": "clearly: the whole interval is below the target"},
    "rescue.maybe_chance": {"fi": "voi olla satunnaisvaihtelua", "en": "could be chance"},
    "rescue.cells_hidden": {
        "fi": "Soluja, joissa on 1–4 tehtävää, ei näytetä, eikä niitä, joista ne voisi laskea riskiluokan kokonaismäärästä ({count}).",
        "en": "Cells with 1–4 tasks are not shown, nor cells from which they could be computed out of the class total ({count}).",
    },
    "rescue.area_caption": {
        "fi": "Napsauta sarakeotsikkoa lajitellaksesi. Solut, joissa on 1–4 tehtävää, näytetään muodossa \"< 5\" ilman osuutta (pienten lukujen sääntö).",
        "en": "Click a column header to sort. Cells with 1–4 tasks show as \"< 5\" without a share (small-number rule).",
    },
    "rescue.effect_finding": {
        "fi": "Kaudella {period} välittömästä vaarasta pelastettiin {rescued} henkilöä (vuotta aiemmin {rescued_before}). Rakennuspaloissa ja rakennuspalovaaroissa vaarassa oli {threatened} omaisuutta, josta pelastettiin {saved} eli {share} (vuotta aiemmin {share_before}).",
        "en": "In {period}, {rescued} persons were rescued from immediate danger ({rescued_before} a year before). In building fires and fire hazards {threatened} of property was threatened and {saved} saved, {share} ({share_before} a year before).",
    },
    "rescue.task_type": {"fi": "Tehtävätyyppi", "en": "Task type"},
    "rescue.threatened": {"fi": "Vaarassa (M€)", "en": "Threatened (M€)"},
    "rescue.saved": {"fi": "Pelastettu (M€)", "en": "Saved (M€)"},
    "rescue.saved_share": {"fi": "Pelastettu osuus", "en": "Share saved"},
    "rescue.effect_caption": {
        "fi": "Omaisuusvahingot kirjataan rakennuspaloista ja rakennuspalovaaroista; pelastettu osuus = pelastettu / vaarassa ollut omaisuus.",
        "en": "Property is recorded for building fires and fire hazards; share saved = saved / threatened property.",
    },
    "rescue.method": {
        "fi": "Aineisto: PRONTO-tyyppiset kiireelliset tehtävät (kiireellisyysluokat A ja B), ensivastetehtävät pois lukien, hälytysajan mukaan. Toimintavalmiusaika = yksikön hälytyksestä ensimmäisen yksikön saapumiseen kohteeseen. Tavoiteajat riskiluokittain I 6 min, II 10 min, III 20 min; tavoiteosuus 50 % (valtakunnallinen) tai alueen palvelutasopäätöksen tiukempi tavoite mittariluettelosta. Luottamusväli: Wilson. Jaksoittainen vaihtelu: Laneyn p′-kortti (keskiviiva = osuus koko historiasta, rajat ±3σ korjattuna jaksojen välisellä vaihtelulla) ja Anhøjn säännöt. Alueittaiset solut, joissa on 1–4 tehtävää, näytetään muodossa \"< 5\".",
        "en": "Data: PRONTO-style urgent tasks (urgency classes A and B) excluding first-response tasks, by alarm time. Response time = from the unit's alarm to the first unit's arrival on scene. Target times by risk class I 6 min, II 10 min, III 20 min; target share 50 % (national) or the county's stricter service-level target from the catalogue. Interval: Wilson. Period-to-period variation: Laney's p′ chart (centre = share over the whole history, limits ±3σ adjusted for between-period variation) with the Anhøj rules. Area cells with 1–4 tasks show as \"< 5\".",
    },
    "task_type.rakennuspalo": {"fi": "Rakennuspalo", "en": "Building fire"},
    "task_type.rakennuspalovaara": {"fi": "Rakennuspalovaara", "en": "Building fire hazard"},
    "task_type.liikenneonnettomuus": {"fi": "Liikenneonnettomuus", "en": "Traffic accident"},
    "task_type.maastopalo": {"fi": "Maastopalo", "en": "Wildfire"},
    "task_type.ihmisen pelastaminen": {"fi": "Ihmisen pelastaminen", "en": "Rescuing a person"},
    "task_type.automaattisen paloilmoittimen tehtävä": {"fi": "Automaattisen paloilmoittimen tehtävä", "en": "Automatic fire alarm"},
    "task_type.vahingontorjunta": {"fi": "Vahingontorjunta", "en": "Damage control"},
    "task_type.muu tehtävä": {"fi": "Muu tehtävä", "en": "Other task"},
    # forecasts page
    "nav.forecasts": {"fi": "Ennusteet", "en": "Forecasts"},
    "forecast.title": {"fi": "Ennuste: {series}", "en": "Forecast: {series}"},
    "forecast.intro": {
        "fi": "Tilastollinen ennuste valitusta sarjasta: malli valitaan sen mukaan, mikä olisi ennustanut sarjan omaa historiaa parhaiten, ja epävarmuus näytetään ennustevälinä.",
        "en": "A statistical forecast of the chosen series: the model is the one that would have forecast the series' own history best, and the uncertainty shows as a prediction interval.",
    },
    "forecast.domain": {"fi": "Aihe", "en": "Domain"},
    "forecast.series": {"fi": "Sarja", "en": "Series"},
    "forecast.area": {"fi": "Palvelualue", "en": "Service area"},
    "forecast.all_areas": {"fi": "Koko valittu rajaus", "en": "All of the chosen filters"},
    "forecast.grain": {"fi": "Jakso", "en": "Grain"},
    "forecast.horizon": {"fi": "Ennustejaksoja", "en": "Periods ahead"},
    "forecast.target": {"fi": "Tavoite", "en": "Target"},
    "forecast.target_help": {
        "fi": "Oletuksena mittariluettelon tavoite; voit kokeilla muuta arvoa tai tyhjentää kentän.",
        "en": "By default the catalogue's target; try another value or clear the field.",
    },
    "forecast.direction": {"fi": "Tavoite täyttyy, kun arvo on", "en": "The target is met when the value is"},
    "forecast.direction.higher": {"fi": "vähintään tavoite", "en": "at least the target"},
    "forecast.direction.lower": {"fi": "enintään tavoite", "en": "at most the target"},
    "forecast.target_period": {"fi": "Tavoitteen tarkastelujakso", "en": "Period to judge the target at"},
    "forecast.reports": {"fi": "{category}, ilmoituksia", "en": "{category}, reports"},
    "forecast.finding": {
        "fi": "Nykyisellä kehityksellä arvo on jaksolla {period} noin {value} (80 %:n ennusteväli {interval}; malli {model}).",
        "en": "At the current trend the value in {period} is about {value} (80% prediction interval {interval}; model {model}).",
    },
    "forecast.chance": {
        "fi": "Tavoite {target} täyttyy jaksolla {period} noin {chance}:n todennäköisyydellä.",
        "en": "The target {target} is met in {period} with a probability of about {chance}.",
    },
    "forecast.chart_title": {
        "fi": "{series}: historia ja ennuste ({grain}, 80 %:n ja 95 %:n ennusteväli)",
        "en": "{series}: history and forecast ({grain}, 80% and 95% prediction intervals)",
    },
    "forecast.what.history": {"fi": "Toteutunut", "en": "Actual"},
    "forecast.what.fitted": {"fi": "Mallin sovite", "en": "Model fit"},
    "forecast.what.forecast": {"fi": "Ennuste", "en": "Forecast"},
    "forecast.band80": {"fi": "80 %:n väli", "en": "80% interval"},
    "forecast.band95": {"fi": "95 %:n väli", "en": "95% interval"},
    "forecast.backtest_title": {"fi": "Miten ehdokasmallit olisivat ennustaneet tämän sarjan?", "en": "How would the candidate models have forecast this series?"},
    "forecast.candidate": {"fi": "Malli", "en": "Model"},
    "forecast.coverage80": {"fi": "80 %:n välin kattavuus (%)", "en": "80% interval coverage (%)"},
    "forecast.coverage95": {"fi": "95 %:n välin kattavuus (%)", "en": "95% interval coverage (%)"},
    "forecast.widening": {"fi": "Levennys", "en": "Widening"},
    "forecast.model.naive": {"fi": "Naiivi (viimeisin arvo)", "en": "Naive (last value)"},
    "forecast.model.snaive": {"fi": "Kausinaiivi (sama jakso vuotta aiemmin)", "en": "Seasonal naive (same period a year before)"},
    "forecast.model.mean": {"fi": "Keskiarvo", "en": "Mean"},
    "forecast.model.combination": {"fi": "Yhdistelmä (Thetan, vaimennetun trendin ja SARIMAn keskiarvo)", "en": "Combination (mean of Theta, damped trend and SARIMA)"},
    "forecast.reason.combination_default": {
        "fi": "Valittiin {model}: vahvojen mallien kiinteä yhdistelmä on oletus, koska muutaman testivirheen perusteella tehty valinta osuu usein huonommin, eikä mikään yksittäinen malli alittanut yhdistelmän testin MASE-arvoa ({mase}) yli {margin}:lla (paras muu: {other}, {other_mase}).",
        "en": "{model} was chosen: a fixed combination of strong models is the default, as a choice made on a few backtest errors is often worse, and no single model beat its backtest MASE ({mase}) by more than {margin} (best other: {other}, {other_mase}).",
    },
    "forecast.reason.beats_combination": {
        "fi": "Valittiin {model}: sen testin MASE ({mase}) oli yli {margin} pienempi kuin yhdistelmän.",
        "en": "{model} was chosen: its backtest MASE ({mase}) was more than {margin} lower than the combination's.",
    },
    "forecast.reason.lowest_mase": {
        "fi": "Valittiin {model}: pienin testin MASE ({mase}; seuraava {other}, {other_mase}).",
        "en": "{model} was chosen: the lowest backtest MASE ({mase}; next {other}, {other_mase}).",
    },
    "forecast.reason.fallback": {
        "fi": "Valittiin {model} (testin MASE {mase}), koska paremmaksi arvioitua mallia ei voitu sovittaa koko historiaan.",
        "en": "{model} was chosen (backtest MASE {mase}) because a better-placed model could not be fitted to the whole history.",
    },
    "forecast.backtest_caption": {
        "fi": "Takautuva testi: kukin malli ennustaa {origins} kertaa sarjan omaa historiaa {step} jaksoa eteenpäin. MASE < 1 = parempi kuin kausinaiivi ennuste sarjan alussa. Valitaan (★) yhdistelmä, ellei jonkin yksittäisen mallin MASE ole yli {margin} pienempi. Kattavuus = kuinka suuri osa toteumista osui mallin omalle 80 %:n / 95 %:n välille; levennys = kerroin, jolla mallin väliä levennetään, jos testi osoitti sen selvästi liian kapeaksi (1 = ei levennystä).",
        "en": "Backtest: each model forecasts the series' own history {origins} times, {step} periods ahead. MASE < 1 = better than a seasonal-naive forecast at the start of the series. The combination is chosen (★) unless a single model's MASE is more than {margin} lower. Coverage = how many actual values fell in the model's own 80% / 95% interval; widening = the factor the model's interval is widened by when the test showed it clearly too narrow (1 = not widened).",
    },
    "forecast.reason.widened": {
        "fi": "Sen välejä levennettiin {widening}-kertaisiksi, koska testissä ne olivat selvästi liian kapeat.",
        "en": "Its intervals were widened ×{widening} because the backtest showed them clearly too narrow.",
    },
    "forecast.unit.month": {"fi": "kuukautta", "en": "months"},
    "forecast.unit.quarter": {"fi": "neljännestä", "en": "quarters"},
    "forecast.note_too_short": {
        "fi": "Historiaa on {have} jaksoa; ennustemallien vertailuun tarvitaan vähintään {n} {unit}. Alla naiivi ennuste (viimeisin arvo), jonka väli kasvaa ajan mukana.",
        "en": "The history has {have} periods; comparing forecasting models needs at least {n} {unit}. Below, the naive forecast (the last value), whose interval grows with time.",
    },
    "forecast.note_no_season": {
        "fi": "Kausivaihtelun malleihin tarvitaan vähintään {n} {unit} historiaa (kaksi täyttä vuotta ensimmäisessä testi-ikkunassa); nyt vertailtiin malleja ilman kausivaihtelua.",
        "en": "Seasonal models need at least {n} {unit} of history (two full years in the first test window); models without seasonality were compared.",
    },
    "forecast.note_failed": {"fi": "Mallin {model} sovitus epäonnistui, joten se jätettiin pois.", "en": "Fitting {model} failed, so it was left out."},
    "forecast.note_constant": {"fi": "Sarja on vakio: ennuste on sama arvo ilman vaihtelua.", "en": "The series is constant: the forecast is the same value without variation."},
    "forecast.cli_text": {
        "fi": "Malli {model}: jaksolla {period} ennuste {mean} (80 %:n ennusteväli {lower}–{upper}).",
        "en": "Model {model}: forecast for {period} {mean} (80% prediction interval {lower}–{upper}).",
    },
    "forecast.axis.count": {"fi": "Lukumäärä", "en": "Count"},
    "forecast.axis.share": {"fi": "Osuus (%)", "en": "Share (%)"},
    "forecast.axis.ratio": {"fi": "Suhde", "en": "Ratio"},
    "forecast.axis.days": {"fi": "Vuorokautta", "en": "Days"},
    "forecast.computing": {"fi": "Lasketaan ennustetta ja verrataan malleja…", "en": "Forecasting and comparing models…"},
    "forecast.download": {"fi": "Lataa ennuste (CSV)", "en": "Download the forecast (CSV)"},
    "forecast.no_series": {
        "fi": "Valitulla rajauksella ei ole ennustettavia sarjoja.",
        "en": "The chosen filters hold no series to forecast.",
    },
    "privacy.checking": {
        "fi": "Tarkistetaan, mitkä luvut pienten lukujen sääntö sallii näyttää (uudella aineistolla kerran)…",
        "en": "Checking which figures the small-number rule lets be shown (once for new data)…",
    },
    "forecast.none_below_county": {
        "fi": "Valitulla rajauksella jokaisessa sarjassa on kuukausi, jonka THL:n pienten lukujen sääntö piilottaa, "
              "joten sarjoja ennustetaan vain koko hyvinvointialueelle. Poista palvelualue- tai toimialarajaus.",
        "en": "With the chosen filters every series has a month that THL's small-number rule hides, so series are "
              "forecast for the whole county only. Remove the palvelualue or toimiala filter.",
    },
    "forecast.cannot": {"fi": "Tätä sarjaa ei voi ennustaa: {error}", "en": "This series cannot be forecast: {error}"},
    "forecast.method": {
        "fi": "Ennustemoottori (analytics/stats/forecast.py, statsmodels): lukumäärät mallinnetaan log(1 + y) -asteikolla ja osuudet logit-asteikolla (0,1–99,9 %), joten osuus pysyy välillä 0–100 % eikä lukumäärä mene alle nollan; välit muunnetaan takaisin kvantiileina ja piste-ennuste on takaisinmuunnettu odotusarvo. Kausivaihtelu todetaan kuten M3-kilpailun voittaneessa Theta-menetelmässä (viiveen m autokorrelaatio yli 90 %:n rajan) ja poistetaan klassisella hajotelmalla. Ehdokkaat: naiivi, kausinaiivi, keskiarvo; eksponentiaalinen tasoitus ilman trendiä, trendillä ja vaimennetulla trendillä sekä niistä AICc:llä valittu (kuten R:n ets); Theta-menetelmä (kuten R:n thetaf); kukin myös kausitasoitetulle sarjalle; SARIMA (0,1,1)(0,1,1); sekä yhdistelmä: Thetan, vaimennetun trendin ja SARIMAn keskiarvo. Valinta: liukuvan alkupisteen takautuva testi (3–8 alkupistettä, laajeneva ikkuna, yhden kauden ennuste). Muutaman testivirheen perusteella tehty valinta osuu usein huonommin kuin kiinteä yhdistelmä, joten yhdistelmä on oletus ja yksittäinen malli valitaan vain, jos sen MASE on yli 40 % pienempi. Välit ovat mallien omia; niitä levennetään vain, jos testi osoittaa ne selvästi liian kapeiksi (kerroin näkyy taulukossa). M3-kilpailun 2 184 sarjalla (python -m benchmarks.m3) MASE oli kuukausisarjoilla 0,856 (M3:n voittaja Theta 0,858) ja neljännessarjoilla 1,089 (1,087); 80 %:n välit kattoivat 0,82 ja 0,78 toteumista. Todennäköisyys tavoitteen täyttymiselle lasketaan ennustejakaumasta. RAI-indikaattorit ovat puolivuosittaisia (8 jaksoa), eikä niille lasketa ennustetta. Ennuste olettaa, että kehitys jatkuu kuten ennenkin: päätökset ja muutokset toiminnassa voivat muuttaa sitä.",
        "en": "Forecasting engine (analytics/stats/forecast.py, statsmodels): counts are modelled on the log(1 + y) scale and shares on the logit scale (0.1–99.9%), so a share stays within 0–100% and a count never goes below zero; intervals are back-transformed quantiles and the point forecast is the back-transformed mean. Seasonality is detected as in the Theta method that won the M3 competition (lag-m autocorrelation beyond its 90% limit) and removed by classical decomposition. Candidates: naive, seasonal naive, mean; exponential smoothing with no, linear and damped trend and the one of them AICc prefers (as R's ets); the Theta method (as R's thetaf); each also on the seasonally adjusted series; SARIMA (0,1,1)(0,1,1); and the combination: the mean of Theta, the damped trend and the SARIMA. Choice: rolling-origin backtest (3–8 origins, expanding window, one-cycle forecasts). A choice made on a few backtest errors is often worse than a fixed combination, so the combination is the default and a single model is chosen only when its MASE is more than 40% lower. Intervals are the models' own; they are widened only when the backtest shows them clearly too narrow (the factor is in the table). On the 2,184 series of the M3 competition (python -m benchmarks.m3) the mean MASE was 0.856 monthly (Theta, the M3 winner, 0.858) and 1.089 quarterly (1.087); the 80% intervals covered 0.82 and 0.78 of the actual values. The probability of meeting the target comes from the forecast distribution. RAI indicators are half-yearly (8 periods) and are not forecast. A forecast assumes the past continues: decisions and changes in the services can change it.",
    },
    # presentation mode
    "nav.present": {"fi": "Esitys", "en": "Presentation"},
    "present.toggle": {"fi": "Esitystila (projektori)", "en": "Presentation mode (projector)"},
    "present.previous": {"fi": "Edellinen", "en": "Previous"},
    "present.next": {"fi": "Seuraava", "en": "Next"},
    "present.exit": {"fi": "Lopeta esitys", "en": "End the presentation"},
    "present.step": {"fi": "{step} / {total}", "en": "{step} / {total}"},
    "present.summary_title": {"fi": "Osavuosikatsaus {period}", "en": "Interim review {period}"},
    "present.targets_met": {"fi": "Tavoitteen saavuttaneet mittarit", "en": "Indicators meeting their target"},
    "present.categories_chart": {"fi": "Ilmoitukset luokittain: {period} ja {before}", "en": "Reports by category: {period} and {before}"},
    "present.culture": {
        "fi": "Ilmoitusmäärän kasvu kertoo usein paremmasta ilmoituskulttuurista eikä välttämättä lisääntyneistä haitoista.",
        "en": "More reports often mean a better reporting culture, not necessarily more harm.",
    },
    "present.ratio_chart": {"fi": "Läheltä piti -tilanteet haittatapahtumaa kohden kuukausittain", "en": "Near misses per harm event by month"},
    "present.kinds_finding": {
        "fi": "Läheltä piti -tilanteita oli {ratio} haittatapahtumaa kohden (vuotta aiemmin {previous}); havaintojen ja kehittämisehdotusten osuus oli {share} (tavoite 10 %).",
        "en": "There were {ratio} near misses per harm event ({previous} a year before); observations and improvement proposals made up {share} (target 10%).",
    },
    "present.types_finding": {"fi": "Yleisimmät tapahtumatyypit: {types}.", "en": "The most common event types: {types}."},
    "present.reaction_chart": {"fi": "Reagointiajan mediaani kuukausittain (tavoite alle 14 vrk)", "en": "Median reaction time by month (target under 14 days)"},
    "present.reaction_finding": {
        "fi": "Reagointiajan mediaani oli {median} ({status}); {within} käsitellyistä ilmoituksista otettiin käsittelyyn alle 14 vrk:ssa. Käsittelemättä {unhandled}.",
        "en": "The median reaction time was {median} ({status}); {within} of handled reports were taken up within 14 days. Unhandled: {unhandled}.",
    },
    "present.clients_chart": {"fi": "Asiakkaiden ja omaisten ilmoitukset kuukausittain", "en": "Reports by clients and relatives by month"},
    "present.reporters_finding": {
        "fi": "Asiakkaat, potilaat ja omaiset tekivät {clients} ilmoitusta. Kehittämistoimenpide suunniteltiin {actions} ilmoituksen pohjalta; yleisin teema: {theme}.",
        "en": "Clients, patients and relatives made {clients} reports. A development action was planned for {actions} reports; the most common theme: {theme}.",
    },
    "present.rescue_finding": {
        "fi": "Ensimmäinen yksikkö oli kohteessa tavoiteajassa: riskiluokka {classes} kiireellisistä tehtävistä.",
        "en": "The first unit was on scene within the target time in risk class {classes} of urgent tasks.",
    },
    "present.rai_title": {"fi": "RAI-laatuindikaattorit: {setting}", "en": "RAI quality indicators: {setting}"},
    "present.rai_finding": {
        "fi": "{setting}, {half}: {met} / {total} tavoitteellisesta mittarista saavutti tavoitteensa.",
        "en": "{setting}, {half}: {met} of {total} indicators with a target met it.",
    },
    "present.no_slides": {"fi": "Valitulla rajauksella ei ole esitettävää.", "en": "Nothing to present for the chosen filters."},
    "app.updated": {
        "fi": "Tiedot päivitetty {when}; uudet tiedot näkyvät automaattisesti (tarkistus {seconds} s välein).",
        "en": "Data updated {when}; new data shows automatically (checked every {seconds} s).",
    },
    # the HTML report
    "report.generated": {"fi": "laadittu {when}", "en": "made {when}"},
    "report.top_types": {"fi": "Yleisimmät tapahtumatyypit: {types}.", "en": "Most common event types: {types}."},
    "report.rescue_effect": {
        "fi": "Välittömästä vaarasta pelastettiin {rescued} henkilöä. Rakennuspaloissa ja rakennuspalovaaroissa pelastettiin {saved} / {threatened} vaarassa olleesta omaisuudesta ({share}).",
        "en": "{rescued} persons were rescued from immediate danger. In building fires and fire hazards {saved} of {threatened} of threatened property was saved ({share}).",
    },
    "report.footer": {
        "fi": "Omavalvonnan osavuosikatsaus. Luvut laskettu sovelluksen aineistosta samalla koodilla kuin sovelluksen sivut ja komento python -m analytics report.",
        "en": "Self-monitoring interim review. Figures computed from the app's data with the same code as the app's pages and the command python -m analytics report.",
    },
    "report.download_html": {"fi": "Lataa katsaus (HTML)", "en": "Download the review (HTML)"},
    # data page
    "nav.data": {"fi": "Aineisto", "en": "Data"},
    "data.title": {"fi": "Aineisto: mitä sovelluksessa on ja uuden aineiston tuonti", "en": "Data: what the app holds, and importing new data"},
    "data.intro": {
        "fi": "Taulukot luetaan kansiosta {folder}. Tuonti tarkistaa tiedoston ennen kuin mitään kirjoitetaan, eikä virheellinen tai keskeytynyt tuonti muuta olemassa olevaa aineistoa.",
        "en": "The tables are read from {folder}. An import checks the file before anything is written; a failed or interrupted import leaves the data as it was.",
    },
    "data.q_state": {"fi": "Mitä aineistossa on nyt?", "en": "What is in the data now?"},
    "data.q_import": {"fi": "Tuo tiedosto", "en": "Import a file"},
    "data.q_undo": {"fi": "Askel taaksepäin", "en": "One step back"},
    "data.q_reference": {"fi": "Viitearvot (Sotkanet)", "en": "Reference values (Sotkanet)"},
    "data.table": {"fi": "Taulu", "en": "Table"},
    "data.rows": {"fi": "Rivejä", "en": "Rows"},
    "data.first": {"fi": "Alkaen", "en": "From"},
    "data.last": {"fi": "Asti", "en": "To"},
    "data.last_import": {"fi": "Viimeisin tuonti", "en": "Last import"},
    "data.never": {"fi": "ei tuotu", "en": "not imported"},
    "data.source": {"fi": "Lähdetiedosto", "en": "Source file"},
    "data.versions": {"fi": "Aiempia versioita", "en": "Earlier versions"},
    "data.status_ok": {"fi": "✔ kunnossa", "en": "✔ fine"},
    "data.status_missing": {"fi": "✖ puuttuu", "en": "✖ missing"},
    "data.status_optional": {"fi": "– ei tuotu (valinnainen)", "en": "– not imported (optional)"},
    "data.table_error": {"fi": "Taulua {table} ei voi lukea: {error}", "en": "The {table} table cannot be read: {error}"},
    "data.synthetic": {
        "fi": "Kansiossa on synteettinen esimerkkiaineisto. Kun tuot alueen omat tiedostot, sivupalkin esimerkkimerkintä poistuu.",
        "en": "The folder holds the synthetic sample data. Once you import the county's own files, the sidebar's sample note goes away.",
    },
    "data.log": {"fi": "Tuontiloki", "en": "Import log"},
    "data.kind": {"fi": "Mihin tauluun?", "en": "Into which table?"},
    "data.mode": {"fi": "Tapa", "en": "Mode"},
    "data.mode.append": {"fi": "Lisää uudet rivit", "en": "Append new rows"},
    "data.mode.replace": {"fi": "Korvaa koko taulu", "en": "Replace the whole table"},
    "data.mode_help.append": {
        "fi": "Uudet rivit lisätään; rivit, joiden tunnus on jo aineistossa samoin tiedoin, ohitetaan, ja eri tiedoin ne ovat virheitä.",
        "en": "New rows are added; rows whose key is already in the data with the same values are skipped, and with different values they are problems.",
    },
    "data.mode_help.replace": {
        "fi": "Tiedosto korvaa koko taulun. Edellinen versio säilyy ja sen voi palauttaa.",
        "en": "The file replaces the whole table. The previous version is kept and can be put back.",
    },
    "data.file": {"fi": "Tiedosto (CSV, XLSX tai parquet; Sotkanet: CSV tai JSON)", "en": "File (CSV, XLSX or parquet; Sotkanet: CSV or JSON)"},
    "data.mapping_file": {"fi": "Sarakemääritys (valinnainen, TOML)", "en": "Column mapping (optional, TOML)"},
    "data.mapping_help": {
        "fi": "Jos tiedoston sarakeotsikoita ei tunnisteta, valitse sarakkeet alla ja lataa määritys talteen seuraavaa kertaa varten.",
        "en": "If the file's headers are not recognised, choose the columns below and download the mapping for next time.",
    },
    "data.mapping_other_kind": {"fi": "Sarakemääritys on taululle {kind}; sitä ei käytetä.", "en": "The mapping is for the {kind} table; it is not used."},
    "data.mapping_error": {"fi": "Sarakemääritystä ei voi lukea: {error}", "en": "The mapping cannot be read: {error}"},
    "data.choose_file": {
        "fi": "Valitse taulu ja tiedosto. Tiedosto tarkistetaan ensin; mitään ei kirjoiteta ennen kuin painat Tuo.",
        "en": "Choose a table and a file. The file is checked first; nothing is written until you press Import.",
    },
    "data.read_error": {"fi": "Tiedostoa ei voi lukea: {error}", "en": "The file cannot be read: {error}"},
    "data.mapping_title": {"fi": "Sarakkeet: mikä tiedoston sarake on mikä", "en": "Columns: which column of the file is which"},
    "data.mapping_caption": {
        "fi": "Tunnistetut sarakkeet on valittu valmiiksi. * = pakollinen. Muuta valintaa, jos tunnistus osui väärin, ja lataa määritys talteen.",
        "en": "Recognised columns are chosen already. * = required. Change a choice if the detection is wrong, and download the mapping.",
    },
    "data.no_column": {"fi": "(ei saraketta)", "en": "(no column)"},
    "data.download_mapping": {"fi": "Lataa sarakemääritys (TOML)", "en": "Download the column mapping (TOML)"},
    "data.rows_read": {"fi": "Rivejä luettu", "en": "Rows read"},
    "data.rows_accepted": {"fi": "Rivejä kunnossa", "en": "Rows accepted"},
    "data.rows_new": {"fi": "Uusia rivejä", "en": "New rows"},
    "data.problems": {"fi": "Ongelmia", "en": "Problems"},
    "data.has_problems": {
        "fi": "Tiedostossa on {count} ongelmaa. Mitään ei kirjoiteta ennen kuin ne on korjattu; alla jokainen rivi, sarake, arvo ja syy (myös ladattavana).",
        "en": "The file has {count} problem(s). Nothing is written until they are fixed; below every row, column, value and reason (also as a download).",
    },
    "data.problem.file": {"fi": "Tiedosto", "en": "File"},
    "data.problem.row": {"fi": "Rivi", "en": "Row"},
    "data.problem.column": {"fi": "Sarake", "en": "Column"},
    "data.problem.header": {"fi": "Otsikko tiedostossa", "en": "Header in the file"},
    "data.problem.value": {"fi": "Arvo", "en": "Value"},
    "data.problem.reason": {"fi": "Syy", "en": "Reason"},
    "data.nothing_new": {"fi": "Kaikki tiedoston rivit ovat jo aineistossa; tuotavaa ei ole.", "en": "Every row of the file is already in the data; there is nothing to import."},
    "data.ready": {"fi": "Tiedosto on kunnossa: {rows} uutta riviä voidaan tuoda.", "en": "The file is fine: {rows} new rows can be imported."},
    "data.import": {"fi": "Tuo", "en": "Import"},
    "data.importing": {"fi": "Tuodaan…", "en": "Importing…"},
    "data.checking": {"fi": "Tiedostoa luetaan ja tarkistetaan osa kerrallaan…",
                      "en": "Reading and checking the file part by part…"},
    "data.too_large": {
        "fi": "Tiedosto on {size} Mt, suurempi kuin tuonnin yläraja {limit} Mt. Sitä ei luettu. Jaa tiedosto osiin "
              "(esimerkiksi jaksoittain) ja tuo osat yksi kerrallaan.",
        "en": "The file is {size} MB, larger than the import limit of {limit} MB. It was not read. Split it (for "
              "example by period) and import the parts one at a time.",
    },
    "data.import_error": {"fi": "Tuonti ei onnistunut: {error}", "en": "The import did not succeed: {error}"},
    "data.imported": {
        "fi": "Tuotu tauluun {table}: {rows} uutta riviä tiedostosta {file}. Kaikki sivut näyttävät nyt uudet luvut.",
        "en": "Imported into {table}: {rows} new rows from {file}. Every page now shows the new figures.",
    },
    "data.no_versions": {"fi": "Aiempia versioita ei ole: mitään ei ole vielä tuotu tähän kansioon.", "en": "There are no earlier versions: nothing has been imported into this folder yet."},
    "data.undo": {"fi": "Palauta taulun {table} edellinen versio ({count} tallessa)", "en": "Put back the previous version of {table} ({count} kept)"},
    "data.undone": {"fi": "Taulun {table} edellinen versio palautettiin.", "en": "The previous version of {table} was put back."},
    "data.no_reference": {
        "fi": "Viitearvoja ei ole tuotu. Tuo Sotkanetin CSV- tai JSON-vienti (esim. indikaattori 127, väestö 31.12.) taulutyypillä Sotkanet; sillä voi suhteuttaa määrät asukaslukuun.",
        "en": "No reference values have been imported. Import a Sotkanet CSV or JSON export (e.g. indicator 127, population on 31 December) as Sotkanet; it turns counts into rates per resident.",
    },
    "data.no_population": {
        "fi": "Alueen {county} väestöä (Sotkanet-indikaattori 127, alue {region}) ei ole tuotu, joten ilmoituksia ei suhteuteta asukaslukuun.",
        "en": "The population of {county} (Sotkanet indicator 127, region {region}) has not been imported, so reports are not related to residents.",
    },
    "data.per_1000": {
        "fi": "Kaudella {period} tehtiin {reports} ilmoitusta eli {rate} / 1 000 asukasta (väestö {population} vuonna {year}).",
        "en": "In {period}, {reports} reports were made: {rate} per 1,000 residents (population {population} in {year}).",
    },
    "data.method": {
        "fi": "Tuonti lukee CSV-tiedostot (pilkku, puolipiste tai sarkain; UTF-8 tai Windows-1252), Excel-tiedostot (.xlsx, myös otsikkorivit taulukon yläpuolella) ja parquet-tiedostot. Sarakkeet tunnistetaan suomen- tai englanninkielisistä otsikoista; luvut saavat olla muodossa 1 234,5, päivämäärät muodossa d.m.yyyy, kyllä/ei-arvot sanoina ja luokat nimillään (esim. Läheltä piti). Tarkistukset ovat taulun sopimus (sarakkeet, arvot, avaimet, päivämäärien järjestys), viittaukset muihin tauluihin ja lopuksi koko aineiston lataus. Kirjoitus on atominen (ensin väliaikaistiedosto, sitten uudelleennimeäminen) ja edellinen versio säilyy kansiossa .history; loki on tiedostossa import_log.jsonl. Komentorivillä: python -m analytics ingest TAULU TIEDOSTO [--mapping M.toml] [--mode append|replace] [--dry-run] ja python -m analytics undo TAULU.",
        "en": "The import reads CSV files (comma, semicolon or tab; UTF-8 or Windows-1252), Excel files (.xlsx, also with title rows above the table) and parquet files. Columns are recognised from Finnish or English headers; numbers may be written 1 234,5, dates d.m.yyyy, yes/no as words and classes by their names (e.g. Läheltä piti). The checks are the table's contract (columns, values, keys, the order of dates), the references to other tables and, last, loading the whole data directory. Writing is atomic (a temporary file, then a rename) and the previous version is kept in .history; the log is import_log.jsonl. On the command line: python -m analytics ingest TABLE FILE [--mapping M.toml] [--mode append|replace] [--dry-run] and python -m analytics undo TABLE.",
    },
    "table.incidents": {"fi": "Vaaratapahtumailmoitukset", "en": "Incident reports"},
    "table.rescue_tasks": {"fi": "Pelastustoimen tehtävät", "en": "Rescue tasks"},
    "table.rai_results": {"fi": "RAI-tulokset yksiköittäin", "en": "RAI results by unit"},
    "table.rai_national": {"fi": "RAI koko maa", "en": "RAI national values"},
    "table.org_units": {"fi": "Organisaatio ja yksiköt", "en": "Organisation and units"},
    "table.indicator_values": {"fi": "Viitearvot", "en": "Reference values"},
    "table.sotkanet": {"fi": "Sotkanet-vienti (viitearvot)", "en": "Sotkanet export (reference values)"},
    "chart.signal": {"fi": "Erityissyyn merkki", "en": "Special-cause signal"},
    "chart.normal": {"fi": "Tavallinen vaihtelu", "en": "Common-cause variation"},
    "chart.same_tertial": {"fi": "Sama kausi", "en": "Same period"},
    "chart.centre": {"fi": "Keskiviiva", "en": "Centre line"},
    "chart.lower": {"fi": "Alaraja", "en": "Lower limit"},
    "chart.upper": {"fi": "Yläraja", "en": "Upper limit"},
    "chart.point": {"fi": "Piste", "en": "Point"},
    "chart.series": {"fi": "Sarja", "en": "Series"},
    "word.period": {"fi": "Kausi", "en": "Period"},
    "word.show_data": {"fi": "Näytä luvut", "en": "Show the numbers"},
    # statistics sentences (analytics.stats.spc, funnel, compare)
    "spc.signal": {
        "fi": "Vaihtelussa on merkkejä muutoksesta: {reasons}.",
        "en": "The variation shows signs of change: {reasons}.",
    },
    "spc.reason_long_run": {
        "fi": "{run} peräkkäistä pistettä samalla puolella keskiviivaa (satunnaisesti enintään {limit})",
        "en": "{run} points in a row on one side of the centre line (at most {limit} by chance)",
    },
    "spc.reason_crossings": {
        "fi": "keskiviiva ylittyy vain {crossings} kertaa (satunnaisesti vähintään {limit})",
        "en": "the centre line is crossed only {crossings} times (at least {limit} by chance)",
    },
    "spc.reason_outside_one": {
        "fi": "yksi piste valvontarajojen ulkopuolella ({latest})",
        "en": "one point outside the control limits ({latest})",
    },
    "spc.reason_outside": {
        "fi": "{count} pistettä valvontarajojen ulkopuolella (viimeisin {latest})",
        "en": "{count} points outside the control limits (latest {latest})",
    },
    "spc.random": {
        "fi": "Vaihtelu on tavanomaista satunnaisvaihtelua: pisin jakso samalla puolella mediaania {run} pistettä (raja {run_limit}), ylityksiä {crossings} (vähintään {crossings_limit}).",
        "en": "The variation is random: the longest run on one side of the median is {run} points (limit {run_limit}) and the median is crossed {crossings} times (at least {crossings_limit}).",
    },
    "spc.random_limits": {
        "fi": "Vaihtelu on tavanomaista satunnaisvaihtelua: kaikki pisteet ovat valvontarajojen sisällä, pisin jakso samalla puolella keskiviivaa {run} pistettä (raja {run_limit}), ylityksiä {crossings} (vähintään {crossings_limit}).",
        "en": "The variation is random: every point is within the control limits, the longest run on one side of the centre line is {run} points (limit {run_limit}) and the centre line is crossed {crossings} times (at least {crossings_limit}).",
    },
    "spc.no_useful": {
        "fi": "Kaikki pisteet ovat keskiviivalla, joten sarjasta ei voi päätellä muutosta.",
        "en": "Every point lies on the centre line, so the series says nothing about change.",
    },
    "spc.chart_name.c": {"fi": "c-kortti", "en": "c chart"},
    "spc.chart_name.i": {"fi": "I-kortti", "en": "I chart"},
    "spc.counts_overdispersed": {
        "fi": "Määrät vaihtelevat selvästi enemmän kuin Poisson-malli olettaa: kvasi-Poisson-hajontakerroin φ = {phi} (Poisson-vaihtelussa 1).",
        "en": "The counts vary clearly more than the Poisson model assumes: quasi-Poisson dispersion φ = {phi} (1 for Poisson variation).",
    },
    "spc.counts_poisson": {
        "fi": "Määrät vaihtelevat kuten Poisson-malli olettaa: kvasi-Poisson-hajontakerroin φ = {phi} (Poisson-vaihtelussa 1).",
        "en": "The counts vary as the Poisson model assumes: quasi-Poisson dispersion φ = {phi} (1 for Poisson variation).",
    },
    "spc.counts_chart_i": {
        "fi": "Siksi kuvassa on {chart} (XmR), jonka rajat perustuvat peräkkäisten arvojen todelliseen vaihteluun; c-kortin rajat olisivat liian kapeat ja merkitsisivät tavallisiakin kuukausia poikkeaviksi.",
        "en": "So the chart is an {chart} (XmR), whose limits come from the real variation between successive values; a c chart's limits would be too narrow and flag ordinary months.",
    },
    "spc.counts_chart_c": {
        "fi": "Siksi kuvassa on {chart} (keskiarvo ± 3√keskiarvo).",
        "en": "So the chart is a {chart} (mean ± 3√mean).",
    },
    "spc.counts_override_c": {
        "fi": "Kuvassa on valintasi mukaan {chart}, vaikka suositus on {advised}: sen rajat ovat liian kapeat, joten osa rajojen ulkopuolisista pisteistä kertoo mallin eikä prosessin muutoksesta.",
        "en": "The chart is a {chart} as you chose, although an {advised} is advised: its limits are too narrow, so some points outside them reflect the model, not a change in the process.",
    },
    "spc.counts_override_i": {
        "fi": "Kuvassa on valintasi mukaan {chart} (XmR), vaikka suositus on {advised}: se sopii tällöinkin, mutta sen rajat arvioidaan vaihtelusta ja ovat siksi epätarkemmat.",
        "en": "The chart is an {chart} (XmR) as you chose, although a {advised} is advised: it still fits, but its limits are estimated from the variation and so less precise.",
    },
    "funnel.none": {
        "fi": "Kaikki {count} yksikköä ovat 99,8 %:n rajojen sisällä yhteisen arvon {centre} ympärillä: erot mahtuvat satunnaisvaihteluun.",
        "en": "All {count} units lie within the 99.8% limits around the pooled value {centre}: the differences are within chance variation.",
    },
    "funnel.some": {
        "fi": "{count} yksikön yhteinen arvo on {centre}. {which}",
        "en": "The {count} units' pooled value is {centre}. {which}",
    },
    "funnel.above": {
        "fi": "Yläpuolella 99,8 %:n rajan: {units}.",
        "en": "Above the 99.8% limit: {units}.",
    },
    "funnel.below": {
        "fi": "Alapuolella 99,8 %:n rajan: {units}.",
        "en": "Below the 99.8% limit: {units}.",
    },
    "funnel.adjusted": {
        "fi": "Rajoja on levennetty yksiköiden välisen ylimääräisen vaihtelun vuoksi (hajontasuhde φ = {phi} > 1).",
        "en": "The limits are widened for extra variation between units (dispersion ratio φ = {phi} > 1).",
    },
    "funnel.not_adjusted": {
        "fi": "Yksiköiden välillä ei ole ylimääräistä vaihtelua (hajontasuhde φ = {phi} ≤ 1), joten rajat ovat tarkat binomirajat.",
        "en": "There is no extra variation between units (dispersion ratio φ = {phi} ≤ 1), so the limits are the exact binomial limits.",
    },
    "compare.change": {
        "fi": "Muutos {change} ({current} vs. {previous}; {level} %:n luottamusväli {lower} … {upper}).",
        "en": "Change {change} ({current} vs. {previous}; {level}% confidence interval {lower} to {upper}).",
    },
    "interval.sentence": {
        "fi": "{estimate} ({level} %:n luottamusväli {lower}–{upper})",
        "en": "{estimate} ({level}% confidence interval {lower}–{upper})",
    },
    "compare.interval": {
        "fi": "Muutoksen {level} %:n luottamusväli {lower} … {upper}.",
        "en": "{level}% confidence interval of the change {lower} to {upper}.",
    },
    "compare.normal": {
        "fi": "Tämä mahtuu tavanomaiseen kuukausivaihteluun ({p}).",
        "en": "This is within normal month-to-month variation ({p}).",
    },
    "compare.real": {
        "fi": "Tämä on enemmän kuin tavanomainen kuukausivaihtelu selittää ({p}).",
        "en": "This is more than normal month-to-month variation explains ({p}).",
    },
    "trend.change": {
        "fi": "Keskimääräinen muutos vuodessa {change} ({months} kuukautta; {level} %:n luottamusväli {lower} … {upper}).",
        "en": "Average change per year {change} ({months} months; {level}% confidence interval {lower} to {upper}).",
    },
    "trend.none": {
        "fi": "Selvää suuntaa ei ole ({p}).",
        "en": "There is no clear trend ({p}).",
    },
    "trend.real": {
        "fi": "Suunta on todellinen eikä satunnaisvaihtelua ({p}).",
        "en": "The trend is real, not chance variation ({p}).",
    },
    "trend.seasonal": {
        "fi": "Kuukausien välinen kausivaihtelu on otettu huomioon.",
        "en": "The seasonal pattern between calendar months is allowed for.",
    },
    "word.and": {"fi": "ja", "en": "and"},
    "privacy.off": {"fi": "Pienten lukujen suojaus on pois päältä (asetus OMAVALVONTA_SMALL_NUMBERS=show): alle 5 tapauksen luvut näytetään. Älä jaa näkymää tai latauksia eteenpäin.",
                    "en": "Small-number protection is off (setting OMAVALVONTA_SMALL_NUMBERS=show): figures from fewer than 5 cases are shown. Do not share this view or its downloads."},
    # county comparison
    'nav.compare': {"fi": 'Aluevertailu', "en": 'County comparison'},
    'county_cmp.title': {"fi": 'Hyvinvointialueiden vertailu kaudella {period}', "en": 'Counties compared in {period}'},
    'county_cmp.intro': {"fi": 'Vertailussa ovat vain luvut, jotka mitataan kaikilla alueilla samalla tavalla. Valittu alue on korostettu; toimiala- ja palvelualuerajaukset eivät koske tätä sivua.', "en": 'Only figures measured the same way in every county are compared. The chosen county is highlighted; the division and service area filters do not apply to this page.'},
    'county_cmp.one_county': {"fi": 'Aineistossa on vain yksi alue ({county}), joten vertailtavaa ei ole. Koko maan aineiston saa esimerkiksi komennolla `python -m analytics sample --scale national --out KANSIO` ja sovelluksen käynnistämällä ympäristömuuttujalla OMAVALVONTA_DATA_DIR=KANSIO.', "en": 'The data holds one county ({county}), so there is nothing to compare. Generate national data with `python -m analytics sample --scale national --out DIR` and start the app with OMAVALVONTA_DATA_DIR=DIR.'},
    'county_cmp.q_rescue': {"fi": 'Pelastustoimen toimintavalmius alueittain', "en": 'Rescue response by county'},
    'county_cmp.rescue_title': {"fi": 'Kohteessa tavoiteajassa, riskiluokka {risk_class} ({minutes} min), {period}: osuus ja 95 %:n luottamusväli', "en": 'On scene within the target time, risk class {risk_class} ({minutes} min), {period}: share and 95% interval'},
    'county_cmp.rescue_finding': {"fi": 'Riskiluokassa {risk_class} {met} / {total} alueesta saavuttaa kansallisen 50 %:n tavoitteen varmasti (koko luottamusväli yli 50 %). {county}: {share} ({rank}. / {total}).', "en": 'In risk class {risk_class}, {met} of {total} counties meet the national 50% target with certainty (the whole interval above 50%). {county}: {share} ({rank} of {total}).'},
    'county_cmp.rescue_below': {"fi": 'Alle tavoitteen tai epävarmoja: {names}.', "en": 'Below the target or uncertain: {names}.'},
    'county_cmp.rescue_none': {"fi": 'Kaudella ei ole kiireellisiä pelastustehtäviä.', "en": 'There are no urgent rescue tasks in this period.'},
    'county_cmp.q_rai': {"fi": 'RAI-laatumittarit suhteessa koko maahan', "en": 'RAI quality indicators against the whole country'},
    'county_cmp.rai_title': {"fi": '{indicator}, {setting}, {half}: alueiden osuudet ja 95 %:n luottamusvälit, koko maa {national}', "en": "{indicator}, {setting}, {half}: counties' shares with 95% intervals, whole country {national}"},
    'county_cmp.rai_finding': {"fi": 'Koko maan arvo on {national}. {county}: {value} ({verdict}).', "en": 'The national value is {national}. {county}: {value} ({verdict}).'},
    'county_cmp.rai_outside': {"fi": 'Selvästi koko maata paremmin: {better}. Selvästi heikommin: {worse}.', "en": 'Clearly better than the country: {better}. Clearly worse: {worse}.'},
    'county_cmp.rai_no_data': {"fi": 'Tälle mittarille ja puolivuodelle ei ole alueiden tuloksia.', "en": 'There are no county results for this indicator and half-year.'},
    'county_cmp.verdict.better': {"fi": 'selvästi koko maata parempi', "en": 'clearly better than the country'},
    'county_cmp.verdict.worse': {"fi": 'selvästi koko maata heikompi', "en": 'clearly worse than the country'},
    'county_cmp.verdict.as_nation': {"fi": 'ero koko maahan mahtuu satunnaisvaihteluun', "en": 'the difference from the country is within chance variation'},
    'county_cmp.verdict.hidden': {"fi": 'alle 5 arvioitua: ei näytetä', "en": 'fewer than 5 assessed: not shown'},
    'county_cmp.none': {"fi": 'ei yhtään', "en": 'none'},
    'county_cmp.setting': {"fi": 'Palvelu', "en": 'Service'},
    'county_cmp.half': {"fi": 'Puolivuosi', "en": 'Half-year'},
    'county_cmp.indicator': {"fi": 'Mittari', "en": 'Indicator'},
    'county_cmp.national': {"fi": 'Koko maa', "en": 'Whole country'},
    'county_cmp.q_incidents': {"fi": 'Miksi vaaratapahtumailmoituksia ei vertailla?', "en": 'Why are incident reports not compared?'},
    'county_cmp.incidents': {"fi": 'Ilmoitusten määrä kertoo yhtä paljon ilmoittamisen aktiivisuudesta ja turvallisuuskulttuurista kuin turvallisuudesta: enemmän ilmoituksia on usein merkki paremmasta ilmoituskulttuurista. Alueilla on eri järjestelmät, luokittelut ja ohjeet, eikä määrille ole yhteistä nimittäjää (esim. asiakaspäivät). Siksi alueita ei aseteta ilmoitusmäärien mukaan järjestykseen. Vertaa aluetta sen omaan aiempaan tasoon sivulla Vaaratapahtumat.', "en": 'The number of reports measures reporting activity and safety culture as much as safety: more reports are often a sign of a better reporting culture. Counties use different systems, categories and instructions, and the counts have no common denominator (such as client days). So counties are not ranked by their reports. Compare a county with its own earlier level on the Incidents page.'},
    'county_cmp.method': {"fi": '**Toimintavalmius:** kiireelliset tehtävät hälytysajan mukaan; osuus, jossa ensimmäinen yksikkö oli kohteessa riskiluokan minuuteissa (I 6, II 10, III 20); 95 %:n Wilsonin luottamusväli. Kaikkia alueita mitataan kansallisella 50 %:n tavoitteella (alueen oma palvelutasopäätös näkyy sivulla Pelastustoimi). **RAI:** alueen yksiköiden osoittajat ja nimittäjät summattuna; 95 %:n Wilsonin väli; ero koko maahan on selvä, kun arvo on 99,8 %:n suppilorajojen ulkopuolella koko maan arvon ympärillä. Rajoja levennetään alueiden välisen todellisen vaihtelun verran (FunnelPlotR-menetelmä), kun hajontasuhde φ on yli 1, koska tuhansien asiakkaiden alueilla pelkät binomirajat merkitsisivät silloin lähes jokaisen alueen poikkeavaksi; muuten rajat ovat tarkat binomirajat. Alle 5 arvioidun tai 0 %/100 % alle 10:stä arvoja ei näytetä.', "en": "**Response:** urgent tasks by alarm time; the share where the first unit was on scene within the class's minutes (I 6, II 10, III 20); 95% Wilson interval. Every county is measured against the national 50% target (a county's own service-level decision is on the Rescue services page). **RAI:** numerators and denominators of the county's units summed; 95% Wilson interval; a difference from the country is clear when the value lies outside the 99.8% funnel limits around the national value. The limits are widened by the real variation between counties (FunnelPlotR's method) when the dispersion ratio φ exceeds 1, because with thousands of clients per county plain binomial limits would then flag almost every county; otherwise they are the exact binomial limits. Values of fewer than 5 assessed, or 0%/100% of fewer than 10, are not shown."},
    'county_cmp.col.county': {"fi": 'Alue', "en": 'County'},
    'county_cmp.col.risk_class': {"fi": 'Riskiluokka', "en": 'Risk class'},
    'county_cmp.col.tasks': {"fi": 'Tehtäviä', "en": 'Tasks'},
    'county_cmp.col.share': {"fi": 'Tavoiteajassa', "en": 'Within target time'},
    'county_cmp.col.interval': {"fi": '95 %:n luottamusväli', "en": '95% interval'},
    'county_cmp.col.median': {"fi": 'Mediaani (min)', "en": 'Median (min)'},
    'county_cmp.col.status': {"fi": 'Tila', "en": 'Status'},
    'county_cmp.col.value': {"fi": 'Arvo', "en": 'Value'},
    'county_cmp.col.n': {"fi": 'Arvioituja', "en": 'Assessed'},
    'county_cmp.col.difference': {"fi": 'Ero koko maahan (%-yks.)', "en": 'Difference from the country (pp)'},
    'county_cmp.col.verdict': {"fi": 'Tulkinta', "en": 'Verdict'},
    'county_cmp.status.met': {"fi": 'Tavoite saavutettu', "en": 'Target met'},
    'county_cmp.status.not_met': {"fi": 'Tavoitetta ei saavutettu', "en": 'Target not met'},
    'county_cmp.status.unclear': {"fi": 'Epävarma: väli ylittää 50 %:n', "en": 'Uncertain: the interval straddles 50%'},
    # observations and development actions
    'nav.actions': {"fi": 'Kehittämistoimet', "en": 'Development actions'},
    'obs.title': {"fi": 'Havainnot', "en": 'Observations'},
    'obs.count': {"fi": 'Havainnot ({n})', "en": 'Observations ({n})'},
    'obs.none': {"fi": 'Tästä kuvasta ei ole vielä havaintoja näillä rajauksilla ja tällä kaudella.', "en": 'No observations on this chart yet under these filters and this period.'},
    'obs.add': {"fi": 'Lisää havainto', "en": 'Add an observation'},
    'obs.add_help': {"fi": 'Havainto näkyy tämän kuvan vieressä kaikille, jotka katsovat samoja rajauksia, ja osavuosikatsauksessa.', "en": 'The observation shows beside this chart for everyone viewing the same filters, and in the interim review.'},
    'obs.text': {"fi": 'Havainto', "en": 'Observation'},
    'obs.author': {"fi": 'Nimesi', "en": 'Your name'},
    'obs.action_what': {"fi": 'Kehittämistoimi (valinnainen)', "en": 'Development action (optional)'},
    'obs.action': {"fi": 'Kehittämistoimi', "en": 'Development action'},
    'obs.action_responsible': {"fi": 'Vastuuhenkilö', "en": 'Responsible'},
    'obs.action_due': {"fi": 'Määräaika', "en": 'Due'},
    'obs.action_status': {"fi": 'Toimen tila', "en": 'Action status'},
    'obs.save': {"fi": 'Tallenna', "en": 'Save'},
    'obs.saved': {"fi": 'Havainto tallennettu.', "en": 'Observation saved.'},
    'obs.edit': {"fi": 'Muokkaa', "en": 'Edit'},
    'obs.close': {"fi": 'Sulje havainto', "en": 'Close the observation'},
    'obs.reopen': {"fi": 'Avaa uudelleen', "en": 'Reopen'},
    'obs.closed': {"fi": 'suljettu', "en": 'closed'},
    'obs.show_closed': {"fi": 'Näytä myös suljetut', "en": 'Show closed ones too'},
    'obs.history': {"fi": 'Muutoshistoria', "en": 'History of changes'},
    'obs.history_line': {"fi": 'versio {version}: {who}, {when}', "en": 'version {version}: {who}, {when}'},
    'obs.byline': {"fi": '{author}, {when}', "en": '{author}, {when}'},
    'obs.edited': {"fi": 'muokannut {who} {when}', "en": 'edited by {who} {when}'},
    'obs.no_due': {"fi": 'ei määräaikaa', "en": 'no due date'},
    'obs.nobody': {"fi": 'ei vastuuhenkilöä', "en": 'nobody named'},
    'obs.overdue': {"fi": '⚠ myöhässä', "en": '⚠ overdue'},
    'obs.remove_action': {"fi": 'Poista kehittämistoimi (jää historiaan)', "en": 'Remove the action (kept in the history)'},
    'obs.error.empty': {"fi": '{what} on tyhjä: kirjoita jotain ennen tallennusta.', "en": '{what} is empty: write something before saving.'},
    'obs.error.too_long': {"fi": '{what} on {length} merkkiä; enintään {limit} mahtuu. Lyhennä tekstiä.', "en": '{what} is {length} characters long; the limit is {limit}. Shorten it.'},
    'obs.error.conflict': {"fi": '{who} tallensi tämän havainnon {when}, sen jälkeen kun avasit sen. Muutostasi ei tallennettu, eikä mitään kadonnut: tekstisi on alla. Avaa havainto uudelleen ja tee muutos sen uusimpaan versioon.', "en": '{who} saved this observation {when}, after you opened it. Your change was not saved and nothing was lost: your text is below. Open the observation again and make your change to its newest version.'},
    'obs.error.missing': {"fi": 'Havaintoa {id} ei ole.', "en": 'Observation {id} does not exist.'},
    'obs.error.status': {"fi": "Tuntematon tila '{value}'.", "en": "Unknown status '{value}'."},
    'obs.error.unavailable': {"fi": 'Havaintotietokantaa {where} ei voitu avata ({reason}). Havaintoja ei voi nyt lukea eikä tallentaa; luvut toimivat. Ylläpito: tarkista asetus OMAVALVONTA_DATABASE.', "en": 'The observation database {where} could not be opened ({reason}). Observations cannot be read or saved now; the figures work. Administrators: check OMAVALVONTA_DATABASE.'},
    'obs.your_text': {"fi": 'Tekstisi', "en": 'Your text'},
    'obs.field.text': {"fi": 'Havainto', "en": 'The observation'},
    'obs.field.author': {"fi": 'Nimi', "en": 'The name'},
    'obs.field.action': {"fi": 'Kehittämistoimi', "en": 'The action'},
    'obs.field.responsible': {"fi": 'Vastuuhenkilö', "en": 'The person responsible'},
    'action_status.planned': {"fi": 'Suunniteltu', "en": 'Planned'},
    'action_status.in_progress': {"fi": 'Käynnissä', "en": 'In progress'},
    'action_status.done': {"fi": 'Valmis', "en": 'Done'},
    'obs_status.open': {"fi": 'Avoin', "en": 'Open'},
    'obs_status.closed': {"fi": 'Suljettu', "en": 'Closed'},
    'actions.title': {"fi": 'Kehittämistoimet', "en": 'Development actions'},
    'actions.intro': {"fi": 'Havaintojen yhteydessä kirjatut kehittämistoimet kaikilta sivuilta ja kausilta; myöhässä olevat ensin.', "en": 'The development actions recorded with observations on every page and period; overdue ones first.'},
    'actions.whole_county': {"fi": 'Koko alue (ei palvelualuerajausta)', "en": 'Whole county (no service area filter)'},
    'actions.due': {"fi": 'Määräaika', "en": 'Due'},
    'actions.due.all': {"fi": 'Kaikki', "en": 'All'},
    'actions.due.overdue': {"fi": 'Myöhässä', "en": 'Overdue'},
    'actions.due.next30': {"fi": 'Seuraavat 30 päivää', "en": 'Next 30 days'},
    'actions.none': {"fi": 'Näillä rajauksilla ei ole kehittämistoimia. Toimi kirjataan havainnon yhteydessä minkä tahansa kuvan tai taulukon alta.', "en": 'No development actions under these filters. An action is recorded with an observation under any chart or table.'},
    'actions.summary': {"fi": 'Toimia {n}: myöhässä {overdue}, kesken {open}, valmiina {done}.', "en": 'Actions {n}: overdue {overdue}, not done {open}, done {done}.'},
    'actions.table_title': {"fi": 'Kehittämistoimet, myöhässä olevat ensin', "en": 'Development actions, overdue first'},
    'actions.edit_title': {"fi": 'Päivitä toimi', "en": 'Update an action'},
    'actions.choose': {"fi": 'Toimi', "en": 'Action'},
    'actions.saved': {"fi": 'Toimi päivitetty.', "en": 'Action updated.'},
    'actions.col.flag': {"fi": 'Huomio', "en": 'Attention'},
    'actions.col.what': {"fi": 'Toimi', "en": 'Action'},
    'actions.col.page': {"fi": 'Sivu', "en": 'Page'},
    'actions.col.period': {"fi": 'Kausi', "en": 'Period'},
    'actions.col.author': {"fi": 'Kirjaaja', "en": 'Recorded by'},
    'actions.col.recorded': {"fi": 'Kirjattu', "en": 'Recorded'},
    'actions.col.indicator': {"fi": 'Aihe', "en": 'Topic'},
    'actions.col.county': {"fi": 'Hyvinvointialue', "en": 'County'},
    'report.observations': {"fi": 'Havainnot ja kehittämistoimet', "en": 'Observations and development actions'},
    'report.no_observations': {"fi": 'Kaudelta ei ole kirjattu havaintoja.', "en": 'No observations were recorded for the period.'},
    # sign-in and roles
    'role.viewer': {"fi": 'katselija', "en": 'viewer'},
    'role.author': {"fi": 'kirjoittaja', "en": 'author'},
    'role.steward': {"fi": 'aineistovastaava', "en": 'data steward'},
    'role.admin': {"fi": 'ylläpitäjä', "en": 'admin'},
    'role.none': {"fi": 'ei roolia', "en": 'no role'},
    'permission.view': {"fi": 'luvut, havainnot (luku) ja lataukset', "en": 'figures, observations (read) and downloads'},
    'permission.write_observations': {"fi": 'havaintojen ja kehittämistoimien kirjaus ja muokkaus', "en": 'recording and editing observations and development actions'},
    'permission.manage_data': {"fi": 'aineiston tuonti, korvaus ja peruutus; palvelimen polut', "en": 'importing, replacing and undoing data; the server\'s paths'},
    'permission.manage_access': {"fi": 'roolien määritysten näkeminen', "en": 'seeing the role mapping'},
    'signin.title': {"fi": 'Kirjaudu sisään', "en": 'Sign in'},
    'signin.sign_in': {"fi": 'Kirjaudu sisään', "en": 'Sign in'},
    'signin.sign_out': {"fi": 'Kirjaudu ulos', "en": 'Sign out'},
    'signin.please': {"fi": 'Omavalvonnan luvut näkyvät hyvinvointialueen tunnuksilla kirjautuneille. Kirjaudu sisään organisaatiosi tunnuksilla.', "en": 'The self-monitoring figures are shown to users signed in with the county\'s account. Sign in with your organisation\'s account.'},
    'signin.no_role': {"fi": 'Olet kirjautunut nimellä {who}, mutta sinulla ei ole roolia tässä sovelluksessa. Pyydä ylläpitäjää lisäämään sinut oikeaan ryhmään.', "en": 'You are signed in as {who} but have no role in this app. Ask an admin to add you to the right group.'},
    'signin.proxy_missing': {"fi": 'Kirjautumispalvelu ei välittänyt tunnistettasi. Avaa sovellus organisaatiosi kirjautumisen kautta.', "en": 'The sign-in service did not pass on who you are. Open the app through your organisation\'s sign-in.'},
    'signin.needs_role': {"fi": 'Tämä vaatii roolin {role}. Roolisi on {current}. Pyydä ylläpitäjää lisäämään sinut oikeaan ryhmään.', "en": 'This needs the {role} role. Your role is {current}. Ask an admin to add you to the right group.'},
    'signin.open_mode': {"fi": 'Sovellus toimii ilman kirjautumista: kuka tahansa, joka avaa sen, voi tuoda aineistoa ja kirjata havaintoja. Sopii omalle koneelle; jaetussa käytössä ota kirjautuminen käyttöön (README: Sign-in and roles).', "en": 'The app runs without sign-in: anyone who opens it may import data and record observations. Fine on your own computer; for shared use, turn sign-in on (README: Sign-in and roles).'},
    'signin.anonymous': {"fi": 'Et ole kirjautunut', "en": 'Not signed in'},
    'signin.default_role': {"fi": 'muut kirjautuneet', "en": 'anyone else signed in'},
    'signin.col.role': {"fi": 'Rooli', "en": 'Role'},
    'signin.col.groups': {"fi": 'Ryhmät', "en": 'Groups'},
    'signin.col.may': {"fi": 'Saa', "en": 'May'},
    'signin.q_access': {"fi": 'Kuka saa tehdä mitä?', "en": 'Who may do what?'},
    'signin.read_only': {"fi": 'Näet havainnot ja toimet; niiden kirjaamiseen ja muokkaamiseen tarvitaan kirjoittajan rooli.', "en": 'You see the observations and actions; recording and editing them needs the author role.'},
    'signin.saved_as': {"fi": 'Tallennetaan nimellä {who}.', "en": 'Saved as {who}.'},
    'signin.hidden_place': {"fi": '(sijainti näytetään aineistovastaaville)', "en": '(the location is shown to data stewards)'},
    'access.error.role': {"fi": 'Kirjautumisen asetuksissa ({source}) {key} = {value} ei ole rooli; käytä jotakin näistä: {roles}. Kukaan ei pääse sovellukseen ennen kuin asetus on korjattu.', "en": 'In the sign-in configuration ({source}), {key} = {value} is not a role; use one of {roles}. Nobody can use the app until it is fixed.'},
    'access.error.setting': {"fi": 'Kirjautumisen asetuksissa ({source}) on tuntematon asetus {key}; asetukset ovat {known}. Kukaan ei pääse sovellukseen ennen kuin asetus on korjattu.', "en": 'The sign-in configuration ({source}) has an unknown setting {key}; the settings are {known}. Nobody can use the app until it is fixed.'},
    'access.error.mode': {"fi": 'Kirjautumisen asetuksissa ({source}) mode = {value}; käytä jotakin näistä: {modes}. Kukaan ei pääse sovellukseen ennen kuin asetus on korjattu.', "en": 'In the sign-in configuration ({source}), mode = {value}; use one of {modes}. Nobody can use the app until it is fixed.'},
    'access.error.groups': {"fi": 'Kirjautumisen asetuksissa ({source}) roolin {role} ryhmien pitää olla luettelo ryhmien nimiä tai tunnisteita. Kukaan ei pääse sovellukseen ennen kuin asetus on korjattu.', "en": 'In the sign-in configuration ({source}), the groups of role {role} must be a list of group names or ids. Nobody can use the app until it is fixed.'},
    'access.error.header': {"fi": 'Kirjautumisen asetuksissa ({source}) otsakemoodi tarvitsee kohdan [header] user: otsakkeen, joka nimeää käyttäjän. Kukaan ei pääse sovellukseen ennen kuin asetus on korjattu.', "en": 'In the sign-in configuration ({source}), header mode needs [header] user, the header that names the user. Nobody can use the app until it is fixed.'},
    'access.error.unreadable': {"fi": 'Kirjautumisen asetuksia ({source}) ei voitu lukea: {reason}. Kukaan ei pääse sovellukseen ennen kuin asetus on korjattu.', "en": 'The sign-in configuration ({source}) could not be read: {reason}. Nobody can use the app until it is fixed.'},
    'access.error.no_auth': {"fi": 'Kirjautumisen asetukset ({source}) käyttävät OpenID Connect -kirjautumista, mutta tiedostosta .streamlit/secrets.toml puuttuu kohta [auth]. Kukaan ei pääse sovellukseen ennen kuin asetus on korjattu.', "en": 'The sign-in configuration ({source}) uses OpenID Connect sign-in, but .streamlit/secrets.toml has no [auth] section. Nobody can use the app until it is fixed.'},
}


def _merge_swedish() -> None:
    from analytics.text.i18n_sv import SV

    for key, text in SV.items():
        if key in MESSAGES:
            MESSAGES[key]["sv"] = text


_merge_swedish()


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>~$|&])")
"""Characters that start emphasis, links, images, HTML, entities, code, strikethrough, tables or maths anywhere."""
_LINE_START = re.compile(r"^([#+=-])")
"""At the start of a line: a heading, a list item or a setext underline."""
_ORDERED_ITEM = re.compile(r"^(\d{1,9})([.)])(?=[ \t]|$)")
"""``1. `` or ``2)`` starts an ordered list; ``3.5.2024`` does not."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_WORD_JOINER = "\u2060"
"""Invisible; no Markdown or auto-link pattern reads across it."""
_LINK_LIKE = (
    (re.compile(r"(?=://)"), _WORD_JOINER),  # http://, https://, ftp://: the scheme no longer touches "://"
    (re.compile(r"(?i)(?<=www)(?=\.)"), _WORD_JOINER),  # www.example.fi
    (re.compile(r"(?<=@)"), _WORD_JOINER),  # name@example.fi, mailto:…, xmpp:…
    (re.compile(r"(?<=:)(?=\\?[A-Za-z_+-]|[\w+-]+:)"), _WORD_JOINER),  # :material/…:, :emoji:, :directive[…]
)
ECHO_LIMIT = 80
"""How many characters of a value from a link (or a file) are echoed back on screen."""


def md_text(text: object) -> str:
    """Text from data, a link or a person, made literal inside Markdown (st.markdown, st.caption, st.info, st.title,
    labels, …): it shows as written and never becomes a link, an image, HTML, a heading, a list, code or an icon.

    The Markdown characters are escaped; web and e-mail addresses, ``www.`` and ``:shortcode:`` get an invisible
    word joiner that Streamlit's auto-linking and shortcodes do not read across; each line break becomes a hard
    line break and a line's first character cannot start a block (``#``, ``-``, ``+``, ``=``, ``1.``, indentation);
    control characters are dropped, and bidirectional overrides are closed at the end of the text."""
    raw = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    raw = _CONTROL.sub("", raw).strip("\n")
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", raw)
    for pattern, joiner in _LINK_LIKE:
        escaped = pattern.sub(joiner, escaped)
    lines = []
    for line in escaped.split("\n"):
        body = line.lstrip(" ")
        indent = "\u00a0" * (len(line) - len(body))  # no-break spaces do not indent a code block
        lines.append(indent + _ORDERED_ITEM.sub(r"\1\\\2", _LINE_START.sub(r"\\\1", body)))
    shown = "\\\n".join(lines)
    return f"\u2068{shown}\u2069" if _BIDI.search(shown) else shown


def md_echo(value: object, limit: int = ECHO_LIMIT) -> str:
    """A value from a link or a file echoed back in a message: cut to ``limit`` characters (with an ellipsis) and
    literal in Markdown (``md_text``)."""
    text = str(value)
    return md_text(text if len(text) <= limit else text[:limit - 1] + "…")


def uses_comma(lang: str) -> bool:
    """Finnish and Swedish (in Finland) write ``5 049``, ``44,3 %`` and ``3.5.2024``."""
    return lang in COMMA_LANGUAGES


def percent_sign(lang: str) -> str:
    """`` %`` with a space (fi, sv) or ``%`` (en)."""
    return " %" if uses_comma(lang) else "%"


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The message ``key`` in ``lang`` (falling back to Finnish), with ``values`` filled in."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def label(prefix: str, code: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """The display name of a coded value, e.g. ``label('category', 'patient_safety')``."""
    key = f"{prefix}.{code}"
    return t(key, lang) if key in MESSAGES else str(code)


def join_and(items: list[str], lang: str = DEFAULT_LANGUAGE) -> str:
    """``['a', 'b', 'c']`` → ``a, b ja c`` (fi) / ``a, b and c`` (en)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('word.and', lang)} {items[-1]}"


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def fmt_number(value: float | None, decimals: int = 0, lang: str = DEFAULT_LANGUAGE) -> str:
    """``5049`` → ``5 049`` (fi) / ``5,049`` (en); ``1.03`` with 2 decimals → ``1,03``."""
    if _is_missing(value):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    if uses_comma(lang):
        text = text.replace(",", " ").replace(".", ",")
    return text


def fmt_int(value: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A count: ``5 049``."""
    return fmt_number(value, 0, lang)


def fmt_pct(percent: float | None, decimals: int = 1, lang: str = DEFAULT_LANGUAGE) -> str:
    """A percent (0–100, not a fraction): ``44,3 %`` (fi) / ``44.3%`` (en)."""
    if _is_missing(percent):
        return "–"
    number = fmt_number(percent, decimals, lang)
    return number + percent_sign(lang)


def fmt_signed(value: float | None, decimals: int = 0, lang: str = DEFAULT_LANGUAGE, suffix: str = "") -> str:
    """A change with its sign: ``+484``, ``−87``, ``+10,6 %``."""
    if _is_missing(value):
        return "–"
    sign = "+" if value > 0 else ("±" if value == 0 else "")
    if suffix == "%":
        return sign + fmt_pct(value, decimals, lang)
    if suffix == "pp":
        return sign + fmt_number(value, decimals, lang) + " " + t("unit.points", lang)
    return sign + fmt_number(value, decimals, lang) + suffix


def fmt_date(value: date | pd.Timestamp | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """``1.7.2024`` (fi) / ``1/7/2024`` (en)."""
    if _is_missing(value) or value is pd.NaT:
        return "–"
    sep = "." if uses_comma(lang) else "/"
    return f"{value.day}{sep}{value.month}{sep}{value.year}"


def fmt_eur_millions(eur: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """``22 700 000`` → ``22,7 M€``."""
    if _is_missing(eur):
        return "–"
    return f"{fmt_number(eur / 1e6, 1, lang)} M€"


def d3_format_locale(lang: str = DEFAULT_LANGUAGE) -> dict:
    """The Vega/d3 number-format locale, so chart axes and tooltips use the same formats."""
    if uses_comma(lang):
        return {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0€"]}
    return {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]}
