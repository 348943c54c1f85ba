"""Layer 4, domain figures: incidents, rescue response, RAI, status against targets and the small-number
rule (which numbers may be shown, decided once per data version)."""
