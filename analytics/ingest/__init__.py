"""Layer 3, ingest: reading a county's exports (CSV, XLSX, parquet, Sotkanet), mapping their columns onto
the contracts and importing them atomically with history and undo."""
