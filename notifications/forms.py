from django import forms

from notifications.models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["channel"]
        widgets = {"channel": forms.RadioSelect}
        help_texts = {
            "channel": "Уведомления о решениях и еженедельная сводка сроков всегда видны в разделе «Уведомления»; "
            "письма приходят на адрес, указанный в вашей учётной записи или в карточке сотрудника."
        }
