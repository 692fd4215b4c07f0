"""Forms of the registries: they validate input; services save."""
