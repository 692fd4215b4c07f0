"""Excel exports of the registries (through ``lean_portal.exporters``)."""
