"""Word lists the rules use. Kept as typed frozensets so a rule change is a one-line diff."""

from __future__ import annotations

import re
from typing import Final


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- sentences -------------------------------------------------------------------------------
ABBREVIATIONS: Final = _words(
    "mr mrs ms dr prof rep reps sen sens gov gen col lt sgt capt cmdr adm st mt ft jr sr inc corp "
    "ltd co bros no nos vs etc approx dept univ est fig jan feb mar apr jun jul aug sep sept oct "
    "nov dec mon tue tues wed thu thur thurs fri sat sun ave blvd rd a.m p.m u.s u.k u.n e.g i.e "
    "al op vol pp ch"
)

# --- figures ---------------------------------------------------------------------------------
UNITS: Final[dict[str, int]] = {
    "zero": 0,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS: Final[dict[str, int]] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES: Final[dict[str, float]] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "lakh": 1e5,
    "crore": 1e7,
}
SHORT_SCALES: Final[dict[str, float]] = {
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "tn": 1e12,
    "trn": 1e12,
}
CURRENCY_SYMBOLS: Final[dict[str, str]] = {
    "$": "USD",
    "us$": "USD",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",
    "a$": "AUD",
    "c$": "CAD",
    "rs": "INR",
    "rs.": "INR",
}
CURRENCY_WORDS: Final[dict[str, str]] = {
    "dollars": "USD",
    "dollar": "USD",
    "usd": "USD",
    "pounds": "GBP",
    "pound": "GBP",
    "sterling": "GBP",
    "gbp": "GBP",
    "euros": "EUR",
    "euro": "EUR",
    "eur": "EUR",
    "rupees": "INR",
    "yen": "JPY",
    "yuan": "CNY",
    "roubles": "RUB",
    "rubles": "RUB",
}

# qualifier phrase -> canonical name; the longest phrase wins.
QUALIFIERS: Final[dict[str, str]] = {
    "about": "about",
    "around": "around",
    "some": "some",
    "roughly": "about",
    "approximately": "about",
    "an estimated": "about",
    "nearly": "nearly",
    "almost": "almost",
    "close to": "about",
    "closer to": "about",
    "more than": "more than",
    "over": "over",
    "above": "more than",
    "below": "less than",
    "upwards of": "more than",
    "in excess of": "more than",
    "at least": "at least",
    "up to": "up to",
    "as many as": "up to",
    "as high as": "up to",
    "as low as": "more than",
    "as much as": "up to",
    "at most": "up to",
    "no more than": "up to",
    "fewer than": "less than",
    "less than": "less than",
    "under": "less than",
    "just over": "over",
    "just under": "less than",
    "well over": "over",
    "somewhere over": "over",
    "only": "exactly",
    "exactly": "exactly",
    "precisely": "exactly",
}
LOWER_BOUND: Final = frozenset({"more than", "over", "at least"})
UPPER_BOUND: Final = frozenset({"up to", "less than", "nearly", "almost"})
APPROXIMATE: Final = frozenset({"about", "around", "some"})

MONTHS: Final = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
WEEKDAYS: Final = _words("monday tuesday wednesday thursday friday saturday sunday")
TIME_UNITS: Final = _words(
    "second seconds minute minutes hour hours day days week weeks month months year years decade "
    "decades century centuries night nights weekend weekends hrs mins"
)
# A number right after these words is a label, not a quantity ("Ch. 349", "No. 5").
ID_PREFIXES: Final = _words(
    "no no. nos number ch ch. channel route flight article section room chapter page highway "
    "interstate apollo episode season vol vol. level grade class category phase resolution "
    "bill act rule paragraph item version windows iphone ios android cve # model"
)
NOT_COUNTED: Final = _words("figures digits figure-year per cent")

# --- counted things / events -----------------------------------------------------------------
FUNCTION_WORDS: Final = _words(
    "a an the this that these those its their his her our my your and or but nor if then than "
    "of in on at to for from by with without into onto over under about around after before "
    "since during while as per via against among between through across toward towards upon "
    "who whom whose which what where when why how is are was were be been being have has had do "
    "does did will would shall should can could may might must not no it they he she we you i "
    "also just only even still already more most less least some any each every all both"
)
# prepositions and adverbs outside FUNCTION_WORDS that end a counted noun phrase: "40,000 troops
# near the border" counts troops, "120,000 tonnes due to ..." tonnes
NOT_IN_NOUN_PHRASE: Final = _words(
    "near nearby due out up down off away outside inside beyond behind below above along amid "
    "despite like unlike within throughout ago apiece annually likely roughly nearly almost "
    "approximately respectively instead"
)
AUX_VERBS: Final = _words(
    "is are was were be been being have has had do does did will would shall should can could may "
    "might must 's ’s"
)
# "the year in which ...", "the agency by whom ...": a relative clause with a subject of its own
RELATIVE_PREPOSITIONS: Final = _words("in by on at under for with from through during after to of")
PREPOSITIONS: Final = RELATIVE_PREPOSITIONS | _words(
    "into onto over about around before since against among between across toward towards upon via"
)

# --- attribution ------------------------------------------------------------------------------
REPORTING_VERBS: Final = _words(
    "said says say saying told tells tell telling reported reports reporting report estimated "
    "estimates estimate estimating claimed claims claim claiming alleged alleges allege alleging "
    "stated states stating wrote writes writing announced announces announcing added adds "
    "revealed reveals found finds insisted insists maintained maintains argued argues noted notes "
    "declared declares asserted asserts tweeted tweets suggested suggests suggesting indicated indicates "
    "confirmed confirms acknowledged acknowledges explained explains emailed posted determined "
    "concluded read reads noticed counted insist argue maintain acknowledge assert "
    # verbs of forecasting put a figure forward like verbs of saying ("analysts forecast 1.1 million")
    "forecast forecasts predicted predicts predict projected projects expects expect reckoned reckons reckon "
    "calculated calculates speculated speculate speculates "
    # verbs of recording: "the ministry recorded 300 deaths", "a list documenting 7,000 deaths"
    "recorded documented documenting tallied logged"
)
# A "put the toll at N" construction counts as attribution.
PUT_OBJECTS: Final = _words("toll figure number value count tally cost total estimate death")
CLAIM_NOUNS: Final = _words(
    "claim claims report reports reporting figure figures allegation allegations accusation "
    "accusations speculation suggestion suggestions estimate estimates number numbers toll "
    "tally count account accounts story stories rumor rumors rumour rumours assertion assertions "
    "statement statements data statistics idea notion charge charges article articles piece "
    "information news thing things claimant contention version"
)
PERSON_TITLES: Final = _words(
    "mr mr. mrs mrs. ms ms. dr dr. rep rep. sen sen. gov gov. gen gen. president minister "
    "secretary spokesman spokeswoman spokesperson chief director ceo chairman commissioner mayor "
    "senator congressman congresswoman representative governor judge sir lord prof prof. "
    "professor general colonel captain officer analyst expert founder deputy ambassador"
)
ORG_WORDS: Final = _words(
    "ministry department observatory group agency news magazine times post journal club party "
    "council organization organisation government administration police office court army "
    "committee commission union association institute foundation bureau service services "
    "network company corporation corp inc ltd university school hospital bank fund press "
    "network kremlin pentagon coalition center centre forces force navy patrol security watch "
    "league federation authority authorities media daily herald guardian telegraph mirror "
    "tribune gazette broadcasting channel radio tv television site website paper newspaper "
    "outlet board cabinet parliament congress senate house assembly campaign movement network "
    "monitor monitors state states front brigade regime officials sources source lawmakers"
)
# Epithets news copy uses for a person named earlier ("the singer", "the Ohio Republican").
ROLE_NOUNS: Final = _words(
    "lawmaker legislator congressman congresswoman senator republican democrat singer actor actress "
    "rapper star teen teenager student billionaire businessman businesswoman entrepreneur investor "
    "tycoon footballer player musician comedian author writer blogger celebrity cleric preacher"
)
PERSON_PRONOUNS: Final = _words("he she him her his hers")
GROUP_PRONOUNS: Final = _words("it they them its their which who")
# Short definite descriptions that refer back to an organisation named earlier.
ALIAS_HEADS: Final = _words(
    "observatory ministry group agency paper newspaper organisation organization department "
    "administration government company club monitor site website magazine office council "
    "committee commission network outlet"
)
PLACES: Final = _words(
    "syria russia iraq iran israel jordan turkey egypt libya tunisia algeria morocco nigeria "
    "sudan mexico canada china japan india pakistan afghanistan yemen lebanon ukraine france "
    "germany britain england scotland ireland italy spain brazil texas california arizona utah "
    "florida ohio michigan york washington london paris berlin moscow baghdad mosul tripoli "
    "aleppo damascus beirut kiev chicago boston dallas brooklyn manhattan america europe africa "
    "asia us u.s. uk u.k. usa eu un u.n. west east north south gulf city county state middle las vegas "
    "los angeles san francisco diego hong kong jersey delhi saudi arabia korea new york valley beach"
)
TIME_WORDS: Final = _words(
    "today yesterday tonight monday tuesday wednesday thursday friday saturday sunday morning "
    "afternoon evening night week month year earlier later recently previously initially "
    "originally also immediately quickly flatly strongly firmly categorically vehemently "
    "repeatedly publicly privately again now then last this on in late early first subsequently "
    "however meanwhile further separately has have had had reportedly allegedly since "
    "angrily swiftly sharply emphatically officially unequivocally"
)

# Words that make a count one of deaths ("the toll", "were killed"): one list for the conflict
# test (a toll is no count of the injured) and for denials aimed at "the death toll".
DEATH_WORDS: Final = re.compile(
    r"\b(?:dead|died|die|dying|killed|killing|deaths?|slain|perished|fatalities|toll)\b", re.I
)

# --- denials ---------------------------------------------------------------------------------
# Verbs that deny whatever object follows (deny almost always takes a claim or a clause).
DENY_VERBS: Final = _words("deny denies denied denying")
# Verbs that only deny when their object is a claim noun ("rejected the figure").
OBJECT_DENY_VERBS: Final = _words(
    "reject rejects rejected rejecting dismiss dismisses dismissed dismissing dispute disputes "
    "disputed disputing refute refutes refuted refuting rebut rebuts rebutted debunk debunks "
    "debunked debunking contest contests contested question questions questioned questioning "
    "contradict contradicts contradicted challenge challenges challenged discredit discredited "
    "discount discounted deny denies denied denying doubt doubts doubted doubting"
)
# "called the report false", "described as rubbish", "branded it propaganda".
CALL_VERBS: Final = _words(
    "called calls call calling described describes branded labelled labeled termed dubbed deemed "
    "rated rates rating regard regards regarded"
)
# "a flat denial from X", "X's denial", "X issued a denial": the noun carries the denial.
DENIAL_NOUNS: Final = _words("denial denials")
# Verbs whose object noun ("a denial", "a rebuttal") makes their subject the one who denies.
ISSUE_VERBS: Final = _words(
    "issued issues issue issuing released releases gave gives give offered offers made makes "
    "published publishes sent sends posted posts tweeted repeated repeats reiterated reiterates "
    "put puts"
)
# Predicates that reject a claim when said of it.
FALSE_WORDS: Final = _words(
    "false untrue incorrect inaccurate unreliable unfounded baseless groundless fabricated "
    "fabrication fabrications exaggerated exaggeration inflated overstated understated overestimated "
    "underestimated overestimate underestimate overblown rubbish nonsense "
    "bogus fake propaganda hoax lie lies lying misleading wrong implausible ridiculous absurd "
    "fiction fictitious made-up debunked disinformation misinformation fantasy unsubstantiated "
    "unverified erroneous mistaken liar liars"
)
# Multi-word denial cues matched on lower-cased sentence text.
DENIAL_PHRASES: Final[tuple[str, ...]] = (
    "not accurate",
    "not true",
    "not reliable",
    "not credible",
    "not correct",
    "no evidence",
    "not supported by",
    "no credible",
    "no proof",
    "no basis",
    "not a shred",
    "not one shred",
    "no truth",
    "not aware of any",
    "unaware of any",
    "without foundation",
    "does not exist",
    "doesn't exist",
    "did not happen",
    "didn't happen",
    "isn't true",
    "wasn't true",
    "aren't true",
    "isn't accurate",
    "never happened",
    "no such",
    "just a rumor",
    "only a rumor",
    "just a rumour",
    "only a rumour",
    "shot down",
    "pushed back",
    "totally bogus",
    "categorically false",
    "far from the truth",
    "not reflect",
    "do not consider",
    "does not consider",
    # a figure judged too large or too small is a figure said to be wrong
    "on the high side",
    "on the low side",
)
# Nouns after "false"/"fake" that make it describe a claim ("false claims" yes, "false alarms" no).
FALSE_CLAIM_NOUNS: Final = CLAIM_NOUNS | _words("rumours rumors reporting news")
NEGATIONS: Final = _words("not n't never no didn't doesn't don't isn't wasn't aren't weren't hasn't haven't")


def is_negation(word: str) -> bool:
    """A lower-cased token that negates ("not", "never", "no", any "-n't")."""
    return word in NEGATIONS or word.endswith(("n't", "n’t"))


# --- conflicts -------------------------------------------------------------------------------
CONTRAST_MARKERS: Final = _words("but however whereas while yet although though instead")
REVISION_WORDS: Final = _words(
    "rose risen climbed increased raised revised updated jumped grew dropped lowered "
    "fell corrected now later climbing rising"
)
GENERIC_STEMS: Final = _words(
    "confirm register includ record money quantity "
    "people person report said says year time official officials thing things claim case "
    "number figure world country government state news week day told source sources statement"
)

# --- word classes used by denials / disputes -------------------------------------------------
COPULAS: Final = _words(
    "appear appeared appears are as be became become been being called completely deemed entirely is "
    "just patently proved proven remain remains seem seemed seems simply totally utterly was were"
)
ATTRIBUTIVE_BEFORE: Final = _words(
    "a an and another any following her his its many more or other our several some such that the "
    "their these this those"
)
NOT_PARTIES: Final = _words(
    "account announcement article claim claims footage information message news piece post posting "
    "release report reports rumor rumors rumour rumours speculation statement story tweet video"
)
# Documents that speak for their authors, but are no one's party themselves ("his study").
DOCUMENT_WORDS: Final = _words(
    "memo survey study poll document letter filing audit estimate forecast projection"
)
# People described rather than named ("a Reddit user", "one of the guests", "a former follower"),
# and documents that speak for their authors ("according to a leaked memo").
PEOPLE_WORDS: Final = (
    _words(
        "user guest man woman men women worker resident member fan customer passenger victim family "
        "mother father wife husband son daughter friend neighbour neighbor owner driver pilot firm "
        "person people lawyer attorney prosecutor judge doctor nurse teacher parent relative staff "
        "employee manager director chief head leader founder insider source trader follower supporter "
        "critic opponent rival partner colleague opposition rebel militant"
    )
    | DOCUMENT_WORDS
)
PARTY_DETS: Final = _words(
    "a an another many one other several some that the these this those three two both all most"
)
PARTY_NOUNS: Final = _words(
    "activists analysts authorities critics diplomats doctors experts investigators lawmakers "
    "officers officials organisers organizers police protesters researchers residents scientists "
    "source sources spokesman spokesperson spokeswoman witnesses"
    " media press groups group journalists observers monitors agencies newspapers outlets medics rescuers"
    " records statistics census"  # "county records show ...": a document speaking for its keeper
    # the market's voices in business news ("traders said", "economists expect")
    " traders economists exporters dealers brokers bankers executives unions farmers producers"
    " management employers"  # the other side of a labour dispute
    # the sides of a public argument ("gun proponents dispute the figure", "critics say")
    " proponents opponents supporters advocates sceptics skeptics campaigners donors"
    # those whose trade is checking others' figures ("the inspectors put it at 6,500")
    " auditors inspectors regulators examiners pollsters fact-checkers factcheckers"
)

# Counted heads that name the same quantity in news copy (stems, see text.stem).
COUNT_SYNONYMS: Final[dict[str, str]] = {
    stem_: group
    for group, stems in {
        "people": "peopl person crowd protester marcher demonstrator participant attende attendanc turnout "
        "party guest diner group",
        "deaths": "death dead fatalit toll victim casualt",
        "jobs": "job post position",
    }.items()
    for stem_ in stems.split()
}

# Event stems that report the same happening.
EVENT_SYNONYMS: Final[dict[str, str]] = {
    stem_: group
    for group, stems in {
        "kill": "kill killed die died dead murder slain massacr",
        "detain": "detain held hold arrest jail imprison caught catch captur apprehend nab seiz stopp",
        "displace": "displac flee fled evacuat",
        "injure": "injur wound hurt",
    }.items()
    for stem_ in stems.split()
}

# Dismissive words that deny only after "called"/"described as" ("called the report speculation").
CALL_ONLY_WORDS: Final = _words(
    "speculation speculative conjecture alarmist scaremongering gossip rumour rumor"
)

# Stemmed heads that make "the $72 million figure" a mention of someone's figure, not a new claim.
REFERENCE_HEADS: Final = _words("figur number claim estimat rumor rumour tally")

# Verbs that end a counted noun phrase, and verbs/adjectives that take a "that" clause.
VERB_STOP: Final = _words(
    "came come comes went go goes got get gets made makes took takes gave gives found finds left "
    "leaves showed shows seemed seems looked looks appeared appears remain remains stood stands fell "
    "rose"
)
COGNITIVE: Final = _words(
    "know knew known think thought believe believed believes learned learnt heard hear understand "
    "understood clear sure aware likely possible true certain convinced confident insist insisted "
    "fear feared hope hoped expect expected show showed shows suggest"
)

# "a town of 130": nouns whose "of N" gives a size, not something anybody disputes.
PLACE_NOUNS: Final = _words(
    "town village city country district island region area community nation state county"
)
