"""The controlled vocabulary shared by assistance requests and offers.

Three facets: assistance types (the modality), subjects (weapon type and measure family) and
working languages. Each term has a stable slug (stored in the database and in JSON files, so never
rename one), an English label for forms, a short phrase for generated reasons, and keyword
patterns in English and Russian (requests from Central Asia often arrive in Russian).

Keyword mini-language (text is lower-cased and normalised before matching, see text.py):
- words are separated by single spaces; in the text they may be separated by any run of spaces,
  hyphens or slashes ("dual use" matches "dual-use");
- a word ending in ``*`` matches any continuation (``licen*`` matches licence, licensing);
- where keywords of one facet overlap, the longest wins, as in a regular-expression scan:
  "law enforcement" (law enforcement) hides "law" (legislation), "dangerous pathogens"
  (biosafety) hides "pathogens" (biological; biosafety implies it anyway).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Facet = Literal["type", "subject", "language"]


@dataclass(frozen=True)
class Term:
    slug: str
    facet: Facet
    label: str
    phrase: str
    keywords: tuple[str, ...]
    implies: tuple[str, ...] = ()


def _t(
    facet: Facet,
    slug: str,
    label: str,
    keywords: str,
    *,
    phrase: str = "",
    implies: tuple[str, ...] = (),
) -> Term:
    words = tuple(k.strip() for k in keywords.split("|") if k.strip())
    return Term(slug, facet, label, phrase or label.lower(), words, implies)


ASSISTANCE_TYPES: tuple[Term, ...] = (
    _t(
        "type",
        "legislative_drafting",
        "Legislative drafting",
        "legislative drafting|legislative assistance|legislative support|legal drafting"
        "|draft* law*|draft* legislation|draft* bill*|draft* regulation*|draft* amendment*"
        "|drafting of|model law*|model legislation|model act*|implementing legislation"
        "|amend* the law*|amend* legislation|amend* its legislation|omnibus law*"
        "|legislative review|review of legislation|review of national legislation"
        "|законопроект*|проект* закон*|разработк* закон*|подготовк* закон*"
        "|законодательн* помощ*|типов* закон*|поправ* в закон*|изменени* в закон*"
        "|совершенствовани* законодательств*|разработк* нормативн*",
    ),
    _t(
        "type",
        "expert_advice",
        "Expert advice",
        "expert advice|expertise|expert assistance|expert support|expert mission*"
        "|expert visit*|advisory|advisory mission*|advisory service*"
        "|advice|consultation*|consultancy|technical assistance|technical support"
        "|sharing of experience|experience sharing|share experience*|best practice*"
        "|good practice*|peer review*|gap analys*|needs assessment*|assessment mission*"
        "|review mission*|mentoring|guidance"
        "|консультаци*|консультативн*|эксперт*|техническ* помощ*|техническ* содейств*"
        "|обмен* опыт*|передов* практик*|рекомендаци*|оценк* потребност*",
    ),
    _t(
        "type",
        "training",
        "Training",
        "training*|train|trainer*|train the trainer*|workshop*|course*|capacity building"
        "|capacity development|build capacity|build capacities|exercise*|tabletop*"
        "|table top|seminar*|fellowship*|curricul*|instructor*|skills"
        "|обучени*|обучить|тренинг*|семинар*|курс*|подготовк* кадр*|подготовк* специалист*"
        "|учени*|повышени* квалификаци*|наращивани* потенциал*|укреплени* потенциал*"
        "|практикум*",
    ),
    _t(
        "type",
        "equipment",
        "Equipment",
        "equipment|equip|detector*|detection equipment|portal monitor*|radiation monitor*"
        "|hardware|devices|scanner*|x ray|protective gear|protective equipment|ppe"
        "|handheld|hand held|spectromet*|instrumentation"
        "|оборудовани*|детектор*|прибор*|сканер*|средств* обнаружени*|средств* защит*"
        "|техническ* средств*",
    ),
    _t(
        "type",
        "financial",
        "Financial support",
        "funding|funds|financial support|financial assistance|financial resources|grant*"
        "|financ* support|sponsor*|voluntary contribution*|trust fund|donor*|co fund*"
        "|финансов* поддержк*|финансов* помощ*|финансировани* мероприяти*|грант*|донор*"
        "|спонсор*",
        phrase="funding",
    ),
    _t(
        "type",
        "awareness_raising",
        "Awareness raising",
        "awareness|awareness raising|outreach|sensitis*|sensitiz*|information campaign*"
        "|conference*|briefing*|dialogue|universalis*|universaliz*"
        "|информировани*|осведомленност*|разъяснительн*|информационн* кампани*"
        "|конференци*|брифинг*|диалог*|пропаганд*",
    ),
    _t(
        "type",
        "laboratory_support",
        "Laboratory support",
        "laborator*|lab|labs|analytical|diagnostic*|sample analys*|analysis of samples"
        "|sampling|detection and identification|reference lab*"
        "|лаборатор*|аналитическ*|диагностик*|анализ* проб*|отбор* проб*",
    ),
)


SUBJECTS: tuple[Term, ...] = (
    _t(
        "subject",
        "nuclear",
        "Nuclear",
        "nuclear|cbrn|fissile|uranium|plutonium|safeguards|additional protocol|npt|iaea|cppnm"
        "|icsant|nuclear security|reactor*"
        "|ядерн*|хбря|уран*|плутони*|гарант* магатэ|магатэ|дняо|реактор*",
        phrase="nuclear",
    ),
    _t(
        "subject",
        "radiological",
        "Radiological",
        "radiolog*|radioactive|radioactive source*|sealed source*|radiation|dirty bomb*"
        "|rdd|radionuclide*|orphan source*|cbrn"
        "|радиоактивн*|радиологическ*|радиационн*|источник* ионизирующ*|излучени*"
        "|радионуклид*|хбря",
        phrase="radiological",
    ),
    _t(
        "subject",
        "chemical",
        "Chemical",
        "chemical*|cwc|opcw|toxic chemical*|precursor*|scheduled chemical*|nerve agent*"
        "|chemical weapons convention|cbrn"
        "|химическ*|хими*|кхо|озхо|прекурсор*|токсичн* хими*|хбря",
        phrase="chemical",
    ),
    _t(
        "subject",
        "biological",
        "Biological",
        "biolog*|bwc|btwc|pathogen*|toxin*|bioterror*|bio terror*|disease surveillance"
        "|biological agent*|veterinar*|animal health|plant health|zoono*|infectious disease*"
        "|outbreak*|epidemi*|cbrn"
        "|биологическ*|кбо|кбто|патоген*|токсин*|биотеррор*|возбудител*|эпидеми*"
        "|ветеринар*|инфекци*|вспышк*|хбря",
        phrase="biological",
    ),
    _t(
        "subject",
        "means_of_delivery",
        "Means of delivery",
        "means of delivery|delivery system*|delivery means|missile*|rocket*|uav*|drone*"
        "|unmanned aerial|mtcr|ballistic|hcoc"
        "|средств* доставк*|ракет*|беспилотн*|рдрт|баллистическ*",
        phrase="means of delivery",
    ),
    _t(
        "subject",
        "legislation",
        "Legislation and regulations",
        "legislation|legislative|law|laws|legal|legal framework"
        "|regulation*|regulatory|criminali*|penal*|penalt*|statute*|prohibition*"
        "|implementing measures|national implementing|offence*|offense*|sanction*"
        "|законодательств*|законодательн*|закон*|нормативн*|правов*|уголовн*"
        "|криминализ*|регулировани*|регламент*|запрет*|санкци*",
        phrase="legislation",
    ),
    _t(
        "subject",
        "export_control",
        "Export control",
        "export control*|export*|export licen*|licensing|licen*|dual use|dual use goods"
        "|strategic trade|strategic goods|trade control*|transit|trans shipment|transshipment"
        "|brokering|catch all|end use*|end user*|control list*|re export*"
        "|intangible technology|technology transfer*|wassenaar|nuclear suppliers group|nsg"
        "|australia group|commodity identification|classification of goods"
        "|экспорт*|экспортн* контрол*|лицензировани*|лицензи*|двойного назначения"
        "|двойн* назначени*|транзит*|перевалк*|контрольн* списк*|стратегическ* товар*"
        "|стратегическ* торговл*|реэкспорт*|конечн* пользовател*|брокер*",
        phrase="export control",
    ),
    _t(
        "subject",
        "border_control",
        "Border control",
        "border*|customs|port* of entry|points of entry|point of entry|frontier*"
        "|green border|interdiction|cargo|container*|seaport*|airport*|cross border"
        "|wco|risk profiling|targeting"
        "|границ*|пограничн*|тамож*|пункт* пропуска|груз*|контейнер*|морск* порт*",
        phrase="border control",
    ),
    _t(
        "subject",
        "law_enforcement",
        "Law enforcement",
        "law enforcement|enforcement|enforce|police|policing|investigat*|prosecut*"
        "|illicit trafficking|trafficking|smuggling|crime scene*|forensic*|interpol"
        "|criminal justice|judges|judiciary|intelligence"
        "|правоохранительн*|полици*|расследовани*|незаконн* оборот*|контрабанд*"
        "|прокурор*|прокуратур*|судь*|криминалистик*|правоприменени*",
        phrase="law enforcement",
    ),
    _t(
        "subject",
        "physical_protection",
        "Physical protection",
        "physical protection|physical security|facility security|security of facilities"
        "|site security|security of sites|protection of facilities|insider threat*"
        "|perimeter|guard force*|ippas|cppnm|access control"
        "|физическ* защит*|физическ* безопасност*|охран* объект*|защит* объект*"
        "|инсайдерск*|контрол* доступ*",
        phrase="physical protection",
    ),
    _t(
        "subject",
        "accounting_security",
        "Material accounting and security",
        "accounting|accountancy|mc&a|mpc&a|material control|control of materials"
        "|inventor*|record keeping|material security|security of materials"
        "|secure storage|storage|stockpile*|safe custody|transport security|issas"
        "|учет*|контрол* материал*|хранени*|инвентаризац*|сохранност*|складирован*"
        "|учет* и контрол*",
        phrase="accounting for and securing materials",
    ),
    _t(
        "subject",
        "biosafety_biosecurity",
        "Biosafety and biosecurity",
        "biosafety|biosecurity|bio safety|bio security|biorisk*|bio risk*|containment"
        "|biocontainment|laboratory safety|laboratory security|dangerous pathogens"
        "|биобезопасност*|биологическ* безопасност*|биозащит*|биорис*|биологическ* защит*",
        phrase="biosafety and biosecurity",
        implies=("biological",),
    ),
    _t(
        "subject",
        "proliferation_financing",
        "Proliferation financing",
        "proliferation financ*|financing of proliferation|financ* of wmd|terrorist financ*"
        "|financing of terrorism|financial crime*|financial sanctions|targeted financial"
        "|fatf|money laundering|aml|cft|asset freez*|freezing of assets|financial intelligence"
        "|financial institutions|banks|banking"
        "|финансировани* распространени*|финансировани* терроризм*|финансов* санкци*"
        "|отмывани*|фатф|финансов* разведк*|замораживани* актив*|банк*|финансов* учреждени*",
        phrase="proliferation financing",
    ),
    _t(
        "subject",
        "national_coordination",
        "National coordination and action plans",
        "national action plan*|action plan*|nap|naps|niap|niaps|implementation plan*"
        "|national implementation action plan*|coordination|coordinating|coordinator*"
        "|inter agency|interagency|focal point*|point* of contact|national authorit*"
        "|roundtable*|round table*|national strategy|national report*|1540 report*"
        "|matrix|matrices|prioriti*|whole of government|implementation status"
        "|национальн* план*|план* действий|координаци*|координатор*|межведомственн*"
        "|контактн* лиц*|контактн* пункт*|кругл* стол*|национальн* доклад*|национальн* отчет*"
        "|национальн* орган*|матриц*",
        phrase="national coordination and action plans",
    ),
    _t(
        "subject",
        "industry_outreach",
        "Industry outreach",
        "industry|industries|industrial|private sector|academia|academic*|exporters"
        "|internal compliance|compliance programme*|compliance program*|companies|company"
        "|business*|government industry|universit*|research institution*|manufacturer*"
        "|промышленност*|частн* сектор*|предприяти*|компани*|экспортер*|академическ*"
        "|внутрифирменн*|бизнес*|университет*|научн* учреждени*|производител*",
        phrase="industry outreach",
    ),
)


LANGUAGES: tuple[Term, ...] = (
    _t("language", "en", "English", "english|anglais|inglés|ingles|английск*"),
    _t("language", "fr", "French", "french|français|francais|francés|frances|французск*"),
    _t("language", "es", "Spanish", "spanish|español|espanol|espagnol|испанск*"),
    _t("language", "ru", "Russian", "russian|russe|ruso|русск*|на русском"),
    _t("language", "ar", "Arabic", "arabic|arabe|árabe|арабск*"),
    _t("language", "zh", "Chinese", "chinese|chinois|chino|китайск*"),
    _t("language", "pt", "Portuguese", "portuguese|portugais|portugués|португальск*"),
    _t("language", "de", "German", "german|allemand|alemán|немецк*"),
)

TYPE_SLUGS: tuple[str, ...] = tuple(t.slug for t in ASSISTANCE_TYPES)
SUBJECT_SLUGS: tuple[str, ...] = tuple(t.slug for t in SUBJECTS)
LANGUAGE_CODES: tuple[str, ...] = tuple(t.slug for t in LANGUAGES)

TERMS: dict[str, Term] = {t.slug: t for t in (*ASSISTANCE_TYPES, *SUBJECTS, *LANGUAGES)}

# The Committee's offer pages use their own header words; map them onto the vocabulary so that
# declared fields copied from those pages (and the Django forms) resolve without guessing.
ALIASES: dict[Facet, dict[str, tuple[str, ...]]] = {
    "type": {
        "expertise": ("expert_advice",),
        "resources": ("financial",),
        "financial": ("financial",),
        "legislative": ("legislative_drafting",),
        "legal": ("legislative_drafting",),
    },
    "subject": {
        "missile": ("means_of_delivery",),
        "missiles": ("means_of_delivery",),
        "export controls": ("export_control",),
        "border controls": ("border_control",),
        "enforcement": ("law_enforcement",),
        "mpc&a": ("accounting_security", "physical_protection"),
        "mc&a": ("accounting_security",),
        "dismantlement": ("accounting_security",),
        "biosafety": ("biosafety_biosecurity",),
        "biosecurity": ("biosafety_biosecurity",),
        "legal": ("legislation",),
    },
    "language": {},
}


def terms_of(facet: Facet) -> tuple[Term, ...]:
    """All terms of one facet, in display order."""
    return {"type": ASSISTANCE_TYPES, "subject": SUBJECTS, "language": LANGUAGES}[facet]


def lookup(facet: Facet, value: str) -> tuple[str, ...] | None:
    """Slugs for a declared value (slug, English label or Committee header word), else None."""
    key = " ".join(value.strip().lower().replace("_", " ").replace("-", " ").split())
    for term in terms_of(facet):
        if key in (term.slug.replace("_", " "), term.label.lower(), term.phrase):
            return (term.slug,)
    if key in ALIASES[facet]:
        return ALIASES[facet][key]
    if facet == "language":
        for term in LANGUAGES:
            for keyword in term.keywords:
                if (keyword.endswith("*") and key.startswith(keyword[:-1])) or key == keyword:
                    return (term.slug,)
    return None
