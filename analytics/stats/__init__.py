"""Layer 1, statistics: control charts, funnels, intervals, comparisons and forecasts of plain numbers.

Knows nothing of the data, the domain or the pages; imports only ``core``."""
