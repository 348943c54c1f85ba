"""Periods and Finnish number formats as users write them."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics.core.errors import DataError
from analytics.core.periods import HalfYear, Tertial, rai_half_years_for_review
from analytics.domain.status import MET, NEAR, NO_TARGET, NOT_MET, target_status
from analytics.text.i18n import fmt_date, fmt_int, fmt_pct, fmt_signed, t


def test_tertial_labels_round_trip():
    tertial = Tertial.parse("5-8/2024")
    assert (tertial.year, tertial.index) == (2024, 2)
    assert tertial.label == "5-8/2024"
    assert tertial.year_before().label == "5-8/2023"
    assert tertial.start == pd.Timestamp(2024, 5, 1) and tertial.end == pd.Timestamp(2024, 9, 1)
    assert Tertial.parse("1-4/2024").previous().label == "9-12/2023"


@pytest.mark.parametrize("bad", ["5-9/2024", "2024", "", "x-y/z", None])
def test_bad_tertial_says_how_to_write_it(bad):
    with pytest.raises(DataError, match="5-8"):
        Tertial.parse(bad)


def test_half_years_and_the_review_rule():
    assert HalfYear.parse("7-12/2023").thl_label == "1.7.-31.12.2023"
    available = [HalfYear(y, h) for y in (2023, 2024) for h in (1, 2)]
    chosen = rai_half_years_for_review(Tertial(2024, 2), available)
    assert [h.label for h in chosen] == ["7-12/2023", "1-6/2023"]
    assert [h.label for h in rai_half_years_for_review(Tertial(2024, 3), available)] == ["1-6/2024", "7-12/2023"]


def test_finnish_and_english_numbers():
    assert fmt_int(5049) == "5 049"
    assert fmt_pct(44.3) == "44,3 %"
    assert fmt_pct(44.3, lang="en") == "44.3%"
    assert fmt_int(5049, "en") == "5,049"
    assert fmt_signed(-87) == "-87" and fmt_signed(484) == "+484"
    assert fmt_signed(1.24, 1, "fi", "pp") == "+1,2 %-yks."
    assert fmt_signed(-0.7, 1, "en", "pp") == "-0.7 pp"
    assert fmt_date(pd.Timestamp(2024, 7, 1)) == "1.7.2024"


def test_messages_fall_back_to_finnish_and_fill_values():
    assert t("overview.title", "en", period="5-8/2024").endswith("5-8/2024?")
    assert t("overview.title", "de", period="1-4/2024").startswith("Miten")  # a language with no texts


@pytest.mark.parametrize("value,target,better,expected", [
    (7.0, 7, "lower", MET), (7.04, 7, "lower", MET), (7.5, 7, "lower", NEAR), (9.0, 7, "lower", NOT_MET),
    (56.0, 57, "higher", NEAR), (40.0, 57, "higher", NOT_MET), (1.03, None, "none", NO_TARGET),
])
def test_target_status(value, target, better, expected):
    assert target_status(value, target, better) == expected


def test_under_14_days_is_not_met_at_14():
    assert target_status(13, 14, "lower", 0, strict=True) == MET
    assert target_status(14, 14, "lower", 0, strict=True) == NEAR
    assert target_status(14, 14, "lower", 0) == MET


def test_available_tertials_skip_incomplete_ones():
    from analytics.data.filters import available_tertials
    incidents = pd.DataFrame({"report_date": pd.to_datetime(["2021-02-03", "2024-10-15"])})
    rescue = pd.DataFrame({"alarm_time": pd.to_datetime(["2021-03-01"])})
    labels = [x.label for x in available_tertials(incidents, rescue)]
    assert labels[0] == "5-8/2024" and labels[-1] == "5-8/2021"
