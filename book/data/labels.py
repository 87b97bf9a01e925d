"""Category codes and their Russian and English labels: the one list of allowed codes."""
from __future__ import annotations

from book.i18n import current

# category -> {code: (Russian label, English label)}. The schemas take their allowed
# values from here, so a code exists exactly when it has a label. Order = display order.
CATEGORIES: dict[str, dict[str, tuple[str, str]]] = {
    "source_kind": {
        "mission_document": ("документ Миссии", "mission document"),
        "ilo": ("МОТ", "ILO"),
        "ituc": ("МКП", "ITUC"),
        "geodata": ("геоданные", "geodata"),
        "other": ("другое", "other"),
    },
    "language": {
        "ru": ("русский", "Russian"),
        "en": ("английский", "English"),
        "kk": ("казахский", "Kazakh"),
        "ky": ("кыргызский", "Kyrgyz"),
        "tg": ("таджикский", "Tajik"),
        "tk": ("туркменский", "Turkmen"),
        "uz": ("узбекский", "Uzbek"),
        "fr": ("французский", "French"),
        "de": ("немецкий", "German"),
        "es": ("испанский", "Spanish"),
    },
    "edition_kind": {
        "coordination_meeting": ("координационная встреча", "coordination meeting"),
        "conference": ("конференция", "conference"),
    },
    "country_role": {
        "monitored": ("страна мониторинга", "monitored country"),
        "migrant_destination": ("страна назначения трудовых мигрантов", "destination of labour migrants"),
        "neighbour": ("соседняя страна", "neighbouring country"),
    },
    "addressee_kind": {
        "government": ("правительство", "government"),
        "international": ("международные организации", "international organisations"),
        "civil_society": ("гражданское общество", "civil society"),
        "mission": ("Миссия", "the Mission"),
    },
    "organisation_kind": {
        "independent": ("независимая", "independent"),
        "state_controlled": ("подконтрольная государству", "state-controlled"),
        "unknown": ("нет данных", "unknown"),
    },
    "organisation_level": {
        "confederation": ("конфедерация", "confederation"),
        "federation": ("федерация", "federation"),
        "union": ("профсоюз", "union"),
        "group": ("инициативная группа", "group"),
    },
    "sector": {
        "cross_sector": ("межотраслевой", "cross-sector"),
        "energy": ("энергетика", "energy"),
        "oil_gas": ("нефть и газ", "oil and gas"),
        "mining": ("горнодобывающая промышленность", "mining"),
        "metallurgy": ("металлургия", "metallurgy"),
        "healthcare": ("здравоохранение", "healthcare"),
        "education": ("образование", "education"),
        "transport": ("транспорт", "transport"),
        "agriculture": ("сельское хозяйство", "agriculture"),
        "construction": ("строительство", "construction"),
        "social_domestic": ("социальные и домашние работники", "social and domestic workers"),
        "public_service": ("государственная служба", "public service"),
        "unknown": ("нет данных", "unknown"),
    },
    "event": {
        "registered": ("регистрация", "registered"),
        "registration_refused": ("отказ в регистрации", "registration refused"),
        "suspended": ("приостановление деятельности", "suspended"),
        "liquidated": ("ликвидация", "liquidated"),
        "deregistered": ("снятие с регистрации", "deregistered"),
        "reinstated": ("восстановление", "reinstated"),
        "split": ("раскол", "split"),
    },
    "indicator": {
        "union_registration": ("регистрация профсоюзов", "registration of unions"),
        "activists_safety": ("безопасность активистов", "safety of activists"),
        "forced_labour": ("принудительный труд", "forced labour"),
        "state_control_of_unions": ("контроль государства над профсоюзами", "state control of unions"),
        "legislation": ("законодательство", "legislation"),
    },
    # One category per indicator: the values country_situations.value may take.
    "union_registration": {
        "possible": ("возможна", "possible"),
        "obstructed": ("затруднена", "obstructed"),
        "impossible": ("невозможна", "impossible"),
        "unknown": ("нет данных", "unknown"),
    },
    "activists_safety": {
        "improved_slightly": ("немного улучшилась", "improved slightly"),
        "worsened": ("ухудшилась", "worsened"),
        "persistently_high_danger": ("сохраняется высокая опасность", "persistently high danger"),
        "pressure_continues": ("давление продолжается", "pressure continues"),
        "unknown": ("нет данных", "unknown"),
    },
    "forced_labour": {
        "widespread_systematic": ("широко распространён, систематический", "widespread, systematic"),
        "reduced": ("сократился", "reduced"),
        "cases_reported": ("есть сообщения о случаях", "cases reported"),
        "unknown": ("нет данных", "unknown"),
    },
    "state_control_of_unions": {
        "dominant": ("преобладает", "dominant"),
        "insufficient_independence": ("недостаточная независимость", "insufficient independence"),
        "interference": ("вмешательство", "interference"),
        "unknown": ("нет данных", "unknown"),
    },
    "legislation": {
        "repressive": ("репрессивное", "repressive"),
        "restrictive": ("ограничительное", "restrictive"),
        "unknown": ("нет данных", "unknown"),
    },
    # What a document says about change since the previous edition (country_situations.change).
    "change": {
        "worse": ("хуже", "worse"),
        "same": ("без изменений", "no change"),
        "better": ("лучше", "better"),
        "not_comparable": ("несопоставимо", "not comparable"),
    },
    "section": {
        "demand": ("требование", "demand"),
        "call": ("призыв", "call"),
        "intention": ("намерение", "intention"),
        "position": ("позиция", "position"),
    },
    "status": {
        "not_implemented": ("не выполнено", "not implemented"),
        "partly_implemented": ("выполнено частично", "partly implemented"),
        "implemented": ("выполнено", "implemented"),
        "not_assessed": ("не оценивалось", "not assessed"),
    },
    "assessed_by": {
        "mission": ("Миссия", "the Mission"),
        "government": ("правительство", "government"),
        "ilo": ("МОТ", "ILO"),
        "other": ("другие", "other"),
    },
    "case_kind": {
        "person": ("человек", "person"),
        "group": ("группа", "group"),
    },
    "measure": {
        "criminal_conviction": ("уголовный приговор", "criminal conviction"),
        "criminal_penalty": ("уголовное наказание", "criminal penalty"),
        "administrative_penalty": ("административное наказание", "administrative penalty"),
        # The source does not say which of the two: kept as it says it.
        "administrative_or_criminal_penalty": ("административные взыскания или уголовные наказания",
                                               "administrative or criminal penalty"),
        "prosecution": ("уголовное преследование", "prosecution"),
        "repression": ("репрессии", "repression"),
        "torture_alleged": ("жалобы на пытки", "alleged torture"),
        "firearms_used": ("применение огнестрельного оружия", "firearms used"),
        "union_activity_ban": ("запрет на профсоюзную деятельность", "ban on union activity"),
        "arrest": ("арест", "arrest"),
        "house_arrest": ("домашний арест", "house arrest"),
        "detention": ("задержание", "detention"),
        "restriction_of_freedom": ("ограничение свободы", "restriction of freedom"),
        "travel_ban": ("запрет на выезд", "travel ban"),
        "search": ("обыск", "search"),
        "dismissal": ("увольнение", "dismissal"),
        "pressure": ("давление", "pressure"),
        "killed": ("убийство", "killed"),
        "forced_exile": ("вынужденная эмиграция", "forced exile"),
        "liquidation": ("ликвидация организации", "liquidation of the organisation"),
    },
    "ratification_status": {
        "ratified": ("ратифицирована", "ratified"),
        "not_ratified": ("не ратифицирована", "not ratified"),
        "unknown": ("нет данных", "unknown"),
    },
    "place_kind": {
        "capital": ("столица", "capital"),
        "city": ("город", "city"),
        "site": ("место", "site"),
    },
}

# What each category is, for the data dictionary and messages.
CATEGORY_NAMES: dict[str, tuple[str, str]] = {
    "source_kind": ("вид источника", "kind of source"),
    "language": ("язык", "language"),
    "edition_kind": ("вид встречи", "kind of meeting"),
    "country_role": ("роль страны", "role of the country"),
    "addressee_kind": ("вид адресата", "kind of addressee"),
    "organisation_kind": ("независимость организации", "independence of the organisation"),
    "organisation_level": ("уровень организации", "level of the organisation"),
    "sector": ("отрасль", "sector"),
    "event": ("событие регистрации", "registration event"),
    "indicator": ("показатель", "indicator"),
    "union_registration": ("регистрация профсоюзов", "registration of unions"),
    "activists_safety": ("безопасность активистов", "safety of activists"),
    "forced_labour": ("принудительный труд", "forced labour"),
    "state_control_of_unions": ("контроль государства над профсоюзами", "state control of unions"),
    "legislation": ("законодательство", "legislation"),
    "change": ("изменение по словам документа", "change, as the document says"),
    "section": ("раздел документа", "section of the document"),
    "status": ("статус выполнения", "implementation status"),
    "assessed_by": ("кто оценил", "assessed by"),
    "case_kind": ("вид случая", "kind of case"),
    "measure": ("мера преследования", "measure taken"),
    "ratification_status": ("статус ратификации", "ratification status"),
    "place_kind": ("вид места", "kind of place"),
}

# country_situations: which category holds the allowed values of each indicator.
INDICATOR_VALUES: dict[str, str] = {code: code for code in CATEGORIES["indicator"]}


def codes(category: str) -> tuple[str, ...]:
    """The allowed codes of a category, in display order."""
    return tuple(_category(category))


def label(category: str, code: str, lang: str | None = None) -> str:
    """The label of one code, e.g. label("status", "not_implemented") -> "не выполнено"
    (in the edition's language unless `lang` is given)."""
    lang = lang or current()
    entries = _category(category)
    if code not in entries:
        raise KeyError(f"unknown code {code!r} in category {category!r}; known: {', '.join(entries)}")
    ru, en = entries[code]
    return en if lang == "en" else ru


def labels(category: str, lang: str | None = None) -> dict[str, str]:
    """{code: label} for a category, in display order (handy for Series.map)."""
    return {code: label(category, code, lang) for code in _category(category)}


def category_name(category: str, lang: str | None = None) -> str:
    lang = lang or current()
    ru, en = CATEGORY_NAMES[category]
    return en if lang == "en" else ru


def _category(category: str) -> dict[str, tuple[str, str]]:
    try:
        return CATEGORIES[category]
    except KeyError:
        raise KeyError(f"unknown category {category!r}; known: {', '.join(CATEGORIES)}") from None
