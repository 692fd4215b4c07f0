"""The significance rubric (Приложение №2 к Положению) as data, and its one rule.

Pure Python, no database: ``DEFAULT_RUBRIC`` is the decree's table, ``evaluate``
applies section 5 of the procedure to a set of chosen indicators. Rubric versions
stored in the database convert to and from this structure (``rubric_to_data`` /
``rubric_from_data``), so a future decree can change wording, weights or the
cut-off without code.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

FEDERAL = "federal"
REGIONAL = "regional"
MUNICIPAL = "municipal"

# Section 5.3 of the procedure, in its own words.
STATUS_LABELS = {
    FEDERAL: "значимый федеральный бережливый проект",
    REGIONAL: "региональный бережливый проект",
    MUNICIPAL: "муниципальный бережливый проект",
}
NOT_LEAN_LABEL = "не может быть признан бережливым"
STATUS_CHOICES = [(FEDERAL, "Значимый федеральный"), (REGIONAL, "Региональный"), (MUNICIPAL, "Муниципальный")]

HALF = Decimal("0.5")


@dataclass(frozen=True)
class Indicator:
    code: str
    text: str
    weight: Decimal
    # A "none of the above" indicator: cannot be chosen together with the others.
    excludes_others: bool = False


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    indicators: tuple[Indicator, ...]
    # True: several indicators may hold at once (checkboxes); False: levels that
    # exclude each other (radio buttons).
    multiple: bool = True

    def indicator(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)

    @property
    def max_weight(self) -> Decimal:
        return max((i.weight for i in self.indicators), default=Decimal(0))


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]
    # Codes of the criteria where 0 points means «не может быть признан бережливым».
    cut_off: frozenset[str]
    federal_from: Decimal = Decimal(10)
    regional_from: Decimal = Decimal(5)

    def __post_init__(self) -> None:
        codes = [c.code for c in self.criteria]
        if not codes:
            raise ValueError("В методике нет ни одного критерия.")
        if len(set(codes)) != len(codes):
            raise ValueError("Коды критериев повторяются.")
        unknown = set(self.cut_off) - set(codes)
        if unknown:
            raise ValueError(f"Отсекающие критерии {', '.join(sorted(unknown))} отсутствуют в методике.")
        seen: set[str] = set()
        for criterion in self.criteria:
            if not criterion.indicators:
                raise ValueError(f"У критерия {criterion.code} нет показателей.")
            for indicator in criterion.indicators:
                if indicator.code in seen:
                    raise ValueError(f"Код показателя {indicator.code} повторяется.")
                seen.add(indicator.code)
                if not indicator.code.startswith(f"{criterion.code}."):
                    raise ValueError(
                        f"Код показателя {indicator.code} должен начинаться с кода критерия «{criterion.code}.»."
                    )
                if indicator.weight < 0 or indicator.weight % HALF:
                    raise ValueError(
                        f"Вес показателя {indicator.code} должен быть неотрицательным и кратным 0,5 "
                        f"(сейчас {indicator.weight})."
                    )
        if not Decimal(0) < self.regional_from <= self.federal_from:
            raise ValueError("Границы статусов заданы неверно: нужно 0 < региональный ≤ федеральный.")

    def criterion(self, code: str) -> Criterion | None:
        return next((c for c in self.criteria if c.code == code), None)

    def criterion_of(self, indicator_code: str) -> Criterion | None:
        return next((c for c in self.criteria if c.indicator(indicator_code) is not None), None)

    @property
    def cut_off_codes(self) -> tuple[str, ...]:
        """The knock-out criteria in the rubric's order."""
        return tuple(c.code for c in self.criteria if c.code in self.cut_off)

    @property
    def max_total(self) -> Decimal:
        return sum((c.max_weight for c in self.criteria), Decimal(0))


@dataclass(frozen=True)
class Result:
    """What ``evaluate`` finds. Immutable: scores is a read-only mapping."""

    total: Decimal
    scores: Mapping[str, Decimal]
    is_lean: bool
    status: str | None
    cut_off_by: tuple[str, ...]
    rubric: Rubric = field(repr=False, compare=False)

    @property
    def status_label(self) -> str:
        """The status in the decree's words, naming the criteria that cut the project off."""
        if self.is_lean:
            return STATUS_LABELS[self.status]
        return not_lean_label(self.cut_off_by, self.rubric)


def _i(code: str, text: str, weight: str, excludes_others: bool = False) -> Indicator:
    return Indicator(code=code, text=text, weight=Decimal(weight), excludes_others=excludes_others)


# The table of section 6 of the procedure, word for word. Its heading «Отсекающие критерии
# (если по одному из критериев набрано 0 баллов, проект не может быть признан бережливым)»
# stands over the first criteria: 1 (no target indicator affected) and 2 (no source of
# problems) knock out. A 0 on the others (3 or 5, say) only lowers the score: knocking out
# on all seven would make every recognised project score 6 or more and «муниципальный»
# (0–4,5, section 5.3) unreachable. See DOMAIN.md «Significance rubric».
DEFAULT_CUT_OFF = frozenset({"1", "2"})
DEFAULT_RUBRIC = Rubric(
    criteria=(
        Criterion(
            "1",
            "Влияние на достижение минимум одного целевого показателя",
            (
                _i("1.1", "Влияет на достижение отраслевых (муниципальных) показателей", "1"),
                _i(
                    "1.2",
                    "Влияет на достижение целей стратегии социально-экономического развития "
                    "Кемеровской области - Кузбасса",
                    "1",
                ),
                _i(
                    "1.3",
                    "Влияет на достижение ключевых показателей эффективности деятельности структурных "
                    "подразделений администрации Ленинск-Кузнецкого муниципального округа и муниципальных "
                    "учреждений Ленинск-Кузнецкого муниципального округа",
                    "1",
                ),
                _i("1.4", "Влияет на достижение национальных целей развития Российской Федерации", "1"),
                _i("1.5", "Влияет на достижение иных оценок и рейтингов", "1"),
                _i("1.6", "Не влияет на достижение целевых показателей", "0", excludes_others=True),
            ),
            multiple=True,
        ),
        Criterion(
            "2",
            "Источники проблематики",
            (
                _i("2.1", "Обращение гражданина", "1"),
                _i("2.2", "Социальная значимость (участие населения в процессе либо влияние на население)", "1"),
                _i("2.3", "Межведомственное, межорганизационное (горизонтальное и вертикальное) взаимодействие", "1"),
                _i("2.4", "Оптимизация процесса оказания услуги", "1"),
                _i("2.5", "Ничего из вышеперечисленного", "0", excludes_others=True),
            ),
            multiple=True,
        ),
        Criterion(
            "3",
            "Оценка результатов бережливого проекта",
            (
                _i("3.1", "Проводится оценка достигнутых результатов внешними заказчиками", "2"),
                _i("3.2", "Проводится оценка достигнутых результатов внутренними заказчиками", "1"),
                _i("3.3", "Не проводится оценка достигнутых результатов", "0", excludes_others=True),
            ),
            multiple=True,
        ),
        Criterion(
            "4",
            "Обоснование выбора процесса",
            (
                _i(
                    "4.1",
                    "В обоснование выбора процесса представлены количественные и (или) качественные показатели "
                    "проблематики процесса (например, возвраты, ошибки, неудовлетворенность участников процесса, "
                    "трудоемкость, масштаб процесса и т.д.)",
                    "2",
                ),
                _i("4.2", "Обоснование выбора процесса влияет на цели и эффекты выбранного процесса", "1"),
            ),
            multiple=True,
        ),
        Criterion(
            "5",
            "Экономический эффект",
            (
                _i("5.1", "Просчитывается экономия денежных средств, трудовых ресурсов", "1"),
                _i("5.2", "Не просчитывается экономия денежных средств, трудовых ресурсов", "0"),
            ),
            multiple=False,
        ),
        Criterion(
            "6",
            "Тиражирование бережливых проектов",
            (
                _i(
                    "6.1",
                    "Возможно тиражирование в организациях не только по профилю (направлению деятельности), "
                    "но в организациях другого профиля (направления деятельности)",
                    "1.5",
                ),
                _i("6.2", "Возможно тиражирование по профилю (направлению деятельности) организации", "1"),
                _i("6.3", "Единичный проект", "0.5"),
            ),
            multiple=False,
        ),
        Criterion(
            "7",
            "Уровень решаемых проблем",
            (
                _i("7.1", "Решены проблемы местного, регионального и федерального уровней", "1.5"),
                _i("7.2", "Решены проблемы местного и регионального уровней", "1"),
                _i("7.3", "Решены проблемы местного уровня", "0.5"),
            ),
            multiple=False,
        ),
    ),
    cut_off=DEFAULT_CUT_OFF,
)


def result_label(is_lean: bool, status: str | None, cut_off_by: Iterable[str], rubric: Rubric) -> str:
    """The status in the decree's words, or «не может быть признан бережливым» naming the criteria."""
    if is_lean:
        return STATUS_LABELS[status]
    return not_lean_label(cut_off_by, rubric)


def not_lean_label(cut_off_by: Iterable[str], rubric: Rubric) -> str:
    parts = []
    for code in cut_off_by:
        criterion = rubric.criterion(code)
        parts.append(f"{code} «{criterion.name}»" if criterion else code)
    if not parts:
        return NOT_LEAN_LABEL
    noun = "критерию" if len(parts) == 1 else "критериям"
    return f"{NOT_LEAN_LABEL}: 0 баллов по {noun} {', '.join(parts)}"


def status_for(total: Decimal, rubric: Rubric) -> str:
    """Section 5.3: 10 → federal, 5–9.5 → regional, 0–4.5 → municipal."""
    if total >= rubric.federal_from:
        return FEDERAL
    if total >= rubric.regional_from:
        return REGIONAL
    return MUNICIPAL


def normalise_choices(choices: Mapping[str, Collection[str] | str | None], rubric: Rubric) -> dict[str, list[str]]:
    """Check ``choices`` against ``rubric``; return them as sorted lists per criterion.

    Raises ``ValueError`` with a message naming the wrong code.
    """
    result: dict[str, list[str]] = {}
    for criterion_code, indicator_codes in choices.items():
        criterion = rubric.criterion(str(criterion_code))
        if criterion is None:
            raise ValueError(f"Неизвестный критерий «{criterion_code}».")
        if indicator_codes is None:
            indicator_codes = []
        elif isinstance(indicator_codes, str):
            indicator_codes = [indicator_codes]
        codes = sorted({str(code) for code in indicator_codes if code not in ("", None)})
        for code in codes:
            if criterion.indicator(code) is None:
                owner = rubric.criterion_of(code)
                if owner is not None:
                    raise ValueError(
                        f"Показатель {code} относится к критерию {owner.code}, а не к критерию {criterion.code}."
                    )
                raise ValueError(f"Неизвестный показатель «{code}» в критерии {criterion.code}.")
        if not criterion.multiple and len(codes) > 1:
            raise ValueError(
                f"По критерию {criterion.code} «{criterion.name}» выбирается один показатель, "
                f"выбрано: {', '.join(codes)}."
            )
        exclusive = [c for c in codes if criterion.indicator(c).excludes_others]
        if exclusive and len(codes) > 1:
            text = criterion.indicator(exclusive[0]).text
            raise ValueError(f"Показатель {exclusive[0]} «{text}» не выбирается вместе с другими показателями.")
        result[criterion.code] = codes
    return result


def evaluate(choices: Mapping[str, Collection[str] | str | None], rubric: Rubric = DEFAULT_RUBRIC) -> Result:
    """Score ``choices`` (criterion code → chosen indicator codes) by ``rubric``.

    Each criterion scores the highest weight among its chosen indicators, never
    their sum (5.2); a criterion with nothing chosen scores 0. A 0 in a cut-off
    criterion means the project is not recognised as lean and gets no status.
    """
    return _result(normalise_choices(choices, rubric), rubric)


def evaluate_codes(indicator_codes: Iterable[str], rubric: Rubric) -> Result:
    """Score indicators chosen under another rubric version by ``rubric``, without checks.

    What a stored assessment would score under a new version (the preview of a version
    before it is saved): each code counts under the criterion that holds it in ``rubric``;
    codes ``rubric`` lacks count for nothing.
    """
    chosen: dict[str, list[str]] = {}
    for code in indicator_codes:
        criterion = rubric.criterion_of(code)
        if criterion is not None:
            chosen.setdefault(criterion.code, []).append(code)
    return _result(chosen, rubric)


def _result(chosen: Mapping[str, Collection[str]], rubric: Rubric) -> Result:
    scores: dict[str, Decimal] = {}
    for criterion in rubric.criteria:
        weights = [criterion.indicator(code).weight for code in chosen.get(criterion.code, [])]
        scores[criterion.code] = max(weights, default=Decimal(0))
    total = sum(scores.values(), Decimal(0))
    cut_off_by = tuple(c.code for c in rubric.criteria if c.code in rubric.cut_off and scores[c.code] == 0)
    is_lean = not cut_off_by
    return Result(
        total=total,
        scores=MappingProxyType(scores),
        is_lean=is_lean,
        status=status_for(total, rubric) if is_lean else None,
        cut_off_by=cut_off_by,
        rubric=rubric,
    )


# --- Serialisation for rubric versions stored in the database -------------------------


def rubric_to_data(rubric: Rubric) -> dict:
    """A JSON-ready dict (weights as strings, so nothing is lost to floats)."""
    return {
        "criteria": [
            {
                "code": c.code,
                "name": c.name,
                "multiple": c.multiple,
                "indicators": [
                    {"code": i.code, "text": i.text, "weight": str(i.weight), "excludes_others": i.excludes_others}
                    for i in c.indicators
                ],
            }
            for c in rubric.criteria
        ],
        "cut_off": sorted(rubric.cut_off),
        "federal_from": str(rubric.federal_from),
        "regional_from": str(rubric.regional_from),
    }


def rubric_from_data(data: Mapping) -> Rubric:
    """The inverse of ``rubric_to_data``; ``ValueError`` on malformed data."""
    try:
        criteria = tuple(
            Criterion(
                code=str(c["code"]),
                name=str(c["name"]),
                multiple=bool(c.get("multiple", True)),
                indicators=tuple(
                    Indicator(
                        code=str(i["code"]),
                        text=str(i["text"]),
                        weight=Decimal(str(i["weight"])),
                        excludes_others=bool(i.get("excludes_others", False)),
                    )
                    for i in c["indicators"]
                ),
            )
            for c in data["criteria"]
        )
        return Rubric(
            criteria=criteria,
            cut_off=frozenset(str(code) for code in data["cut_off"]),
            federal_from=Decimal(str(data.get("federal_from", "10"))),
            regional_from=Decimal(str(data.get("regional_from", "5"))),
        )
    except (KeyError, TypeError, ArithmeticError) as exc:
        raise ValueError(f"Методика оценки записана неверно: {exc!r}") from exc
