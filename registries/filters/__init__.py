"""List filters of the registries; every choice list is limited to what the user may read."""
