"""Layer 5, page views: one module per page, the figures that page shows for a period, scope and filters."""
