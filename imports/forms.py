from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from imports.services import MAX_FILE_MB, check_upload


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Файл Excel (.xlsx)",
        help_text=f"Заполненный шаблон, до {MAX_FILE_MB} МБ. Сначала портал проверит файл и покажет отчёт; "
        "записи появятся только после вашего подтверждения.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={"required": "Выберите файл для загрузки."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload)
        except ValidationError as error:
            raise ValidationError(error.messages[0]) from None
        return upload
