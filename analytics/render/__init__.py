"""Layer 7, rendering: chart specs, the Markdown/JSON/HTML review and data exports."""
