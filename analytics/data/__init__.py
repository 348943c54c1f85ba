"""Layer 2, data: the stored tables, their contracts, the indicator catalogue and the queries over them."""
