"""Stopwords and function words of the six UN languages, as data for text.py.

Stopwords are dropped from the BM25 tokens: the common words of each language plus the formulae
of a note verbale and of the 1540 process itself, which are in almost every request and say
nothing about which offer fits. Function words are the profile that tells English, French and
Spanish apart when a request comes without a language hint.
"""

# ruff: noqa: RUF001 -- the Cyrillic and Arabic words are what they look like, not look-alikes.
from __future__ import annotations

import unicodedata

_EN = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each etc few for
    from further had has have having he her here hers him his how i if in into is it its itself
    may me might more most must my no nor not now of off on once only or other our ours out over
    own per same shall she should so some such than that the their them then there these they
    this those through to too under until up upon us very via was we were what when where which
    while who whom why will with within would you your well including include includes inter
    alia e g new need needs needed others order ensure relevant related regard support
    supporting strengthen strengthening enhance enhancing improve improving provide providing
    provision assist assisting assistance request requests requesting requested offer offers
    offered programme programmes program programs project projects activity activities area
    areas field fields particular particularly specific state states country countries
    government national implementation implement implementing resolution resolutions 1540 2004
    unscr council committee chair chairman chairperson permanent mission representative
    compliments honour honor avails opportunity renew assurances highest consideration note
    verbale pursuant annex annexed enclosed herewith attached kindly letter york united nations
"""
_RU = """
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее
    мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был
    него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо
    ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот
    того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда
    зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас
    про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть
    том нельзя такой им более всегда конечно всю между также просим просит помощь помощи
    содействие содействия оказание оказании оказать рамках резолюции резолюция совета
    безопасности оон комитета комитет государства государство республика республики
"""
_FR = """
    a à au aux avec ce ces cet cette chez comme dans de des du d elle elles en entre est et été
    être eux il ils je la le les leur leurs l lui mais me même mes moi mon ne ni nos notre nous
    on ou où par pas pour qu que qui sa sans se ses si son sont sous sur ta te tes toi ton tous
    tout toute toutes tu un une vos votre vous y afin ainsi aussi autre autres dont lors notamment
    particulier particulièrement très plus moins peut doit sera seront ont a fait faire été s c
    n j m t également besoin besoins nouveau nouvelle nouveaux
    mission permanente auprès organisation nations unies présente compliments président
    présidente comité conseil sécurité créé créée établi conformément résolution résolutions 1540
    2004 honneur solliciter sollicite demande demandes demander saisit occasion renouveler
    assurances haute considération note verbale assistance aide appui soutien renforcement
    renforcer améliorer amélioration fournir fourniture offre offres programme programmes projet
    projets activité activités domaine domaines spécifique état états pays gouvernement national
    nationale nationaux nationales mise œuvre oeuvre application république royaume
"""
_ES = """
    a al ante bajo con contra de del desde durante e el ella ellas ellos en entre era es esa ese
    eso esta este esto estos estas está están fue ha han hasta la las le les lo los más me mi
    mis muy ni no nos nosotros o os otra otras otro otros para pero poco por porque que quien se
    ser si sin sobre son su sus también tanto te toda todas todo todos tu u un una unas uno unos
    y ya así cual cuales cuyo cuya donde mismo misma particular particularmente específico
    necesidad necesidades nuevo nueva nuevos
    misión permanente naciones unidas saluda atentamente presidente presidenta comité consejo
    seguridad establecido virtud resolución resoluciones 1540 2004 honor tiene solicitar solicita
    solicitud solicitudes aprovecha oportunidad reiterar testimonio alta distinguida
    consideración nota verbal asistencia ayuda apoyo fortalecimiento fortalecer mejorar mejora
    proporcionar prestar oferta ofertas programa programas proyecto proyectos actividad
    actividades ámbito ámbitos esfera estado estados país países gobierno nacional nacionales
    aplicación implementación aplicar república reino
"""
_AR = """
    في من إلى الى على عن مع هذا هذه ذلك تلك التي الذي الذين اللذين و أو او ثم كما إن أن ان قد لا
    ما لم لن هو هي هم كان كانت يكون بين عند بعد قبل حول خلال ضد غير كل أي بعض جميع أيضا ايضا
    وفي ومن وعلى وإلى والتي لدى لها له بها به فيها منها عليها إليها ذات ولا سيما سيما
    تهدي البعثة الدائمة أطيب تحياتها رئيس لجنة مجلس الأمن المنشأة عملا عملاً بالقرار قرار القرار
    بقرار وتتشرف تتشرف بأن تطلب طلب المساعدة مساعدة الدعم دعم تعزيز وتعزيز تغتنم الفرصة لتعرب
    لتؤكد أسمى آيات التقدير الاحترام الأمم المتحدة للأمم الدولة الدول دولة الحكومة حكومة
    الوطني الوطنية وطني وطنية تنفيذ لتنفيذ الجمهورية المملكة
"""
_ZH = """
    的 和 与 及 以及 在 对 为 并 以 等 向 了 是 其 或 由 于 中 上 下 之 将 就 从 把 被 给 这 该 各
    所 有 也 而 但 还 即 如 已 能 可 要 使 请求 协助 援助 提供 加强 谨 致意 第 号 决议 委员会
    联合国 安全理事会 安理会 常驻 代表团 主席 包括 进行 开展 支持 有关 相关 方面
"""

_BY_LANGUAGE = {"en": _EN, "fr": _FR, "es": _ES, "ar": _AR, "zh": _ZH, "ru": _RU}


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


STOPWORDS: frozenset[str] = frozenset(
    form for text in _BY_LANGUAGE.values() for w in text.split() for form in (w, _fold(w))
)


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words frequent in one of English, French and Spanish and rare in the other two.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _set("the of and for on to with in by from its is are this that"),
    "fr": _set("le les des et pour sur du aux au une dans à l d qu est ses leur avec par"),
    "es": _set("el los las del y para sobre con una al por su sus e"),
}

# Linking words (folded) that a multi-word keyword may skip between its words, so that
# "controle* exportation*" matches "contrôle des exportations", "control del comercio",
# "الرقابة على الصادرات" and "контроль за экспортом" (see classify.py).
LINKERS: frozenset[str] = _set(
    """
    de des du d la le les l a au aux en un une sur del las el los al una sobre
    على في من عن الى
    за по в на о об для
    的
    """
)
