"""Self-monitoring analytics for a Finnish wellbeing services county: a pure library (no Streamlit)."""
