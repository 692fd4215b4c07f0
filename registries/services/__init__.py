"""Writes to the registries: every change that applies a rule goes through here.

Access rule of this app (same as the rest of the portal, ``orgs.access``): a record is
written by the staff of its own organisation (administrators write everything); the
structural unit over a subordinate institution and the economic development office only
read it. A suggestion is accepted or rejected by the head of its organisation or by the
unit the organisation reports to (its staff and head), never by its authors or by whoever
filed it (maker-checker); its organisation's staff record its implementation.
"""
