"""Layer 0, core: errors, periods, scopes, regions and roles. Imports nothing of the library."""
