"""Django admin: editable list cells with a name each (WCAG 2.1: every control is labelled).

The changelist's ``list_editable`` inputs stand in table cells under a column header, with no
label of their own; this names each one «<column>: <record>».
"""

from __future__ import annotations

from django.utils.text import capfirst


class LabelledListEditableMixin:
    def get_changelist_form(self, request, **kwargs):
        form_class = super().get_changelist_form(request, **kwargs)
        editable = tuple(self.list_editable)

        class LabelledForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                record = str(self.instance) if self.instance.pk else ""
                for name in editable:
                    if name in self.fields:
                        column = capfirst(str(self.fields[name].label or name))
                        self.fields[name].widget.attrs["aria-label"] = f"{column}: {record}" if record else column

        return LabelledForm
