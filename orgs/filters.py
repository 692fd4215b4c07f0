import django_filters

from lean_portal.ordering import OrderingFilter
from lean_portal.security import StrictFilterSet
from orgs.models import Organisation, Sphere


class OrganisationFilter(StrictFilterSet):
    q = django_filters.CharFilter(label="Поиск", method="search")
    kind = django_filters.ChoiceFilter(label="Вид", choices=Organisation.Kind.choices, empty_label="Все виды")
    sphere = django_filters.ModelChoiceFilter(
        label="Сфера деятельности", queryset=Sphere.objects.all(), empty_label="Все сферы"
    )
    o = OrderingFilter(
        label="Сортировка",
        fields=(("short_name", "short_name"), ("kind", "kind"), ("sphere__name", "sphere")),
        field_labels={"short_name": "Наименование", "kind": "Вид", "sphere": "Сфера"},
        empty_label="По наименованию",
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "sphere"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The regional list and the user's municipality's own spheres.
        self.filters["sphere"].queryset = Sphere.objects.available_to(user)

    def search(self, queryset, name, value):
        return queryset.search(value)
