"""Text search that treats «е»/«ё» and letter case alike, the same on SQLite and PostgreSQL.

A searchable model keeps ``search_text``: its searched fields joined and normalised (case folded,
«ё» as «е», spaces collapsed), written on every save and by ``bulk_create``; a search normalises the
query the same way and asks ``search_text`` to contain it. SQLite folds case for ASCII only and
PostgreSQL's ``UPPER`` does not equate «ё» with «е»: neither is asked to. On PostgreSQL a trigram
(pg_trgm) index on the column answers ``LIKE '%…%'`` without reading every row.
"""

from __future__ import annotations

from django.db import models

# Between the fields in ``search_text``: a query never spans two fields.
SEPARATOR = " | "


def normalise(text: str) -> str:
    """Case folded, «ё» as «е», runs of whitespace as one space."""
    return " ".join(str(text).casefold().replace("ё", "е").split())


class SearchQuerySet(models.QuerySet):
    """``bulk_create`` fills ``search_text`` too (the bulk path skips ``save()``)."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.refresh_search_text()
        return super().bulk_create(objs, *args, **kwargs)

    def search(self, text: str):
        """Rows whose searched fields contain ``text`` (е/ё and case alike); all rows for blank text."""
        text = normalise(text)
        return self.filter(search_text__contains=text) if text else self


class SearchTextModel(models.Model):
    """Abstract: set ``SEARCH_FIELDS``; ``search_text`` follows them on every save."""

    SEARCH_FIELDS: tuple[str, ...] = ()
    # A person's name is searched as a whole («иванова анна»): its parts joined with a space.
    SEARCH_SEPARATOR = SEPARATOR

    search_text = models.TextField("текст для поиска", blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCH_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def refresh_search_text(self) -> None:
        self.search_text = self.SEARCH_SEPARATOR.join(
            normalise(getattr(self, field) or "") for field in self.SEARCH_FIELDS
        )
