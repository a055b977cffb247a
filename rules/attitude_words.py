"""The general stance layer's word lists: which words, governing a topic's target, say
that the speaker is for it, against it, or for it only once a condition is met.

Entries are lemmas. A two-word entry is a lemma plus the particle or preposition that
joins it to the target ("call for talks", "rule out talks", "opposed to the levy").
The lists are about attitude in general, not about any topic: a topic's own phrases
belong in its YAML ``cues``.
"""

from __future__ import annotations

# fmt: off

# People named by their attitude: "supporters of talks", "opponents of the charge". Each
# also says the attitude itself ("a supporter of the charge").
SUPPORTER_NOUNS = frozenset(
    {"supporter", "proponent", "backer", "advocate", "champion", "defender", "friend", "fan"}
)
OPPONENT_NOUNS = frozenset({"opponent", "critic", "enemy", "sceptic", "skeptic"})

SUPPORT = SUPPORTER_NOUNS | frozenset(
    {
        # verbs
        "accept", "advocate", "agree to", "agree", "aim", "approve", "argue for",
        "back", "bring in", "bring forward", "build", "call for", "campaign for", "champion",
        "commit to", "continue", "defend", "deliver", "demand", "embrace", "endorse",
        "ensure", "expand", "extend", "favor", "favour", "fight for", "go ahead", "hope",
        "implement", "insist on", "introduce", "keep", "like", "love", "maintain",
        "need", "offer", "pass", "plan", "press ahead", "press for", "press on", "proceed",
        "promise", "propose", "protect", "prioritise", "prioritize", "pursue",
        "push ahead", "push for", "push", "raise", "restore", "resume", "revive",
        "seek", "sign", "support", "urge", "vote for", "want", "welcome",
        "work toward", "work towards", "look forward to", "stand by",
        "stick with", "believe in", "open", "reopen", "intend", "increase", "abide by",
        "bind by",  # "we will (not) be bound by it"
        "boost", "hike", "go up", "rise", "put up", "invest in", "fund", "finance",
        "green-light", "greenlight", "authorise", "authorize", "adopt",
        "roll out", "enact", "impose", "launch", "start", "begin",
        "prepare", "complete", "carry out", "follow through", "go through with", "justify",
        "tolerate", "stand for", "put up with", "succeed", "stand behind", "get behind",
        "rally behind", "go on", "carry on", "press on with", "proud", "grateful",
        "pay off", "afford", "renew", "strengthen", "tighten", "toughen", "step up", "enforce",
        "uphold", "safeguard", "preserve", "retain", "honour", "honor", "fulfil", "fulfill",
        "achieve", "ratify", "applaud", "celebrate", "recommend", "prefer", "guarantee",
        "accelerate", "speed up", "fast-track", "sign up to", "legislate for",
        "tough on", "firm on", "common sense", "legal", "serve well", "next step",
        "work well", "leave alone", "money for", "funding for", "cash for", "acceptable",
        # nouns of intent: "no intention of dropping the duties", "no appetite for talks"
        "intention", "intention of", "desire", "appetite", "appetite for",
        # adjectives
        "committed", "eager", "essential", "fair", "good", "happy", "important",
        "keen", "necessary", "needed", "overdue", "prepared", "ready",
        "right", "sensible", "smart", "vital", "willing", "wise", "crucial",
        "beneficial", "worthwhile", "interested", "in favour of",
        "in favor of", "determined", "urgent", "useful", "helpful", "possible",
        "long overdue", "supportive", "fine", "affordable", "achievable", "modern",
        "clean", "safe", "reliable", "effective", "efficient", "cheap", "best",
        "fairest", "cheapest", "justified", "reasonable", "responsible", "workable",
        "positive", "pragmatic", "proportionate", "sound", "valuable", "worth",
        "optimistic", "confident", "wonderful", "great", "excellent",
        "compulsory", "mandatory", "obligatory", "unwavering", "firm", "permanent",
        "encouraging", "promising", "commendable", "laudable", "admirable", "bold",
        "courageous", "historic", "indispensable", "appropriate", "justifiable",
        "legitimate", "warranted", "prudent", "non-negotiable", "fit",
        # nouns
        "answer", "priority", "necessity", "solution", "commitment", "interest",
        "success", "way forward", "step forward", "opportunity", "time",
        "case for", "backing", "chance", "choice", "goal", "objective", "preference",
        "key", "best way", "only way", "way", "protection", "lifeline", "investment",
        "win", "no-brainer", "game changer", "game-changer", "idea", "go-ahead",
        "green light", "help", "benefit", "gain from", "place for",
        "progress", "improvement", "breakthrough", "must",
        "milestone", "triumph", "victory", "cornerstone", "centrepiece", "centerpiece",
        # prepositions standing for a whole predicate: "I am for talks"
        "for",
    }
)

OPPOSE = OPPONENT_NOUNS | frozenset(
    {
        # verbs
        "abandon", "abolish", "argue against", "attack", "axe", "ban", "block",
        "campaign against", "cancel", "condemn", "criticise", "criticize", "cut",
        "delay", "denounce", "dismiss", "ditch", "drop", "end", "fight", "fight against",
        "halt", "kill", "oppose", "pause", "postpone", "pull out", "quit", "reject",
        "refuse", "repeal", "resist", "reverse", "rule out", "scrap", "shelve", "slam",
        "stop", "suspend", "tear up", "veto", "vote against", "warn against",
        "withdraw from", "water down", "scale back", "phase out", "walk away from",
        "back away from", "freeze", "bin", "fear", "regret", "doubt", "undermine",
        "waste", "hurt", "harm", "damage", "cripple", "destroy", "punish", "hit",
        "burden", "cost", "fail", "backfire",
        "deplore", "decry", "spurn", "rebuff", "repudiate", "renounce", "overturn",
        "annul", "revoke", "rescind", "jettison", "kill off", "torpedo", "scupper", "wreck",
        "boycott", "curb", "dilute", "gut",
        # adjectives
        "absurd", "bad", "costly", "counterproductive", "damaging", "dangerous",
        "dead", "disastrous", "foolish", "futile", "harmful", "impossible",
        "irresponsible", "misguided", "mistaken", "naive", "opposed", "pointless",
        "premature", "reckless", "ridiculous", "unacceptable", "unaffordable",
        "unfair", "unnecessary", "unworkable", "useless", "wrong", "hostile",
        "against", "skeptical", "sceptical", "wary", "unhelpful", "senseless",
        "crazy", "insane", "unwise", "ill-advised", "unjust", "punitive",
        "outrageous", "expensive", "wasteful", "extravagant", "incompatible",
        "ineffective", "flawed", "doomed", "regressive", "cruel", "divisive", "blunt",
        "unpopular", "unrealistic", "unthinkable", "self-inflicted", "short-sighted",
        "shortsighted", "pie", "deluded", "nonsensical", "laughable", "worse", "worst",
        "fraught", "risky", "concerned", "worried", "uneasy", "unconvinced",
        "excessive", "disproportionate", "draconian", "heavy-handed", "unjustified",
        "unjustifiable", "indefensible", "undemocratic", "unlawful", "illegal",
        "wrongheaded", "ill-conceived", "half-baked", "ill-judged", "toxic", "pernicious",
        "shameful", "disgraceful", "appalling", "deplorable", "unsustainable",
        "untenable", "irrational", "arbitrary", "dubious", "questionable",
        # nouns
        "blunder", "disaster", "error", "folly", "gimmick", "mistake", "non-starter",
        "opposition", "threat", "dead end", "betrayal", "nonsense",
        "grab", "scandal", "farce", "distraction", "madness", "vandalism", "raid",
        "gamble", "relic", "wound", "nightmare", "fantasy", "luxury", "vanity",
        "concern", "objection", "problem", "fiasco", "catastrophe", "mess", "insult",
        "tax", "disgrace", "outrage", "obstacle", "red line",
        "affront", "robbery", "theft", "rip-off", "giveaway", "scam", "overreaction",
        "overkill", "overreach", "sham", "stunt", "white elephant", "money pit",
        "vanity project", "pipe dream", "no-go", "sticking plaster", "unfit",
        "red herring", "dead duck", "con", "swindle",
        "fraud", "racket", "travesty", "shambles", "debacle", "own goal",
        "reduce", "lower", "slash", "shut", "close", "dismantle",
        "lapse", "expire", "wind down", "mothball", "retire",
        "ease", "relax", "loosen", "weaken", "soften", "roll back", "unwind", "remove",
        "deter", "prevent", "obstruct", "derail", "thwart", "sabotage", "betray",
        "back down", "climb down", "give up", "give in", "cave", "retreat", "u-turn",
        "think again", "reconsider", "rethink", "do away", "do away with", "rid", "rid of",
        "reservation", "misgiving", "qualm", "reluctance", "failure", "lose",
        "outlive", "leave out", "omit", "exclude", "strip out", "turn down",
        "soft on", "lax on", "bury", "go anywhere", "abolition", "withdrawal",
        "vote down", "apologise for", "apologize for", "hammer blow", "body blow",
        "relief", "relief from",
        # "go back on a promise" is to renege on it, whatever "back" means alone; so
        # "there is no going back on the plan" commits to the plan
        "go back on", "row back on", "backtrack on", "renege on",
    }
)

# Words that make the target wait for something: "talks must wait until ...".
CONDITIONAL = frozenset(
    {
        "wait", "precondition", "condition", "conditional", "depend", "require",
        "contingent", "hinge",
    }
)

# "only if ...", "only when ...", "not until ..."
ONLY_MARKS = frozenset({"if", "when", "once", "after"})
# A condition that leaves the statement open: the attitude is not asserted.
HYPOTHETICAL_MARKS = frozenset({"if", "whether"})

# Verbs whose sense turns on what they act on: "lift the wage" raises it (for), "lift the
# ban" ends it (against). What is raised is an amount; anything else is a restriction.
RAISING_OR_REMOVING = frozenset({"lift"})
AMOUNT_NOUNS = frozenset(
    {
        "rate", "wage", "pay", "price", "level", "spending", "salary", "pension", "budget",
        "income", "output", "growth", "share", "contribution", "investment", "offer",
        "minimum", "payment", "allowance", "benefit", "funding", "target", "figure",
    }
)

# Verbs that say what their object is: "called the levy a tax grab", "described it as a
# distraction", "I find the charge unfair". The complement carries the attitude.
CHARACTERISING = frozenset(
    {
        "call", "describe", "brand", "label", "dub", "term", "deem", "consider", "regard",
        "see", "view", "judge", "find", "hail", "dismiss", "denounce", "praise", "paint",
        "portray", "characterise", "characterize", "think", "make", "render",
    }
)

# Verbs that say something only of their subject: "the charge must go", "the duties stay",
# "the mandate is working". As governors of an object they mean other things.
SUBJECT_PREDICATES: dict[str, str] = {
    "go": "oppose",
    "die": "oppose",
    "disappear": "oppose",
    "vanish": "oppose",
    "stay": "support",
    "remain": "support",
    "survive": "support",
    "last": "support",
    "work": "support",
    "happen": "support",  # "the road will never happen"
    "continue": "support",
}
# Verbs whose infinitive says what is to become of their subject: "the toll needs to be
# scrapped", "the road deserves to be built", "it ought to go". The infinitive decides.
FATE_VERBS = frozenset({"need", "deserve", "ought", "want", "get", "have", "seem", "appear"})
# Verbs whose object says what the subject has or gets: "the charge has my full support",
# "the levy deserves our backing", "the tariffs have done more harm than good".
HAVING_VERBS = frozenset(
    {"have", "deserve", "merit", "earn", "win", "enjoy", "do", "cause", "get", "receive"}
)
# Adjectives that only make the noun stronger: "a complete failure", "a great mistake".
INTENSIFIERS = frozenset(
    {
        "complete", "total", "utter", "absolute", "real", "huge", "big", "great", "serious",
        "grave", "full", "sheer", "genuine", "first", "major", "massive", "more", "further",
    }
)

# People described by what they want: "those who call for talks", "anyone who backs it".
PEOPLE_WORDS = frozenset(
    {"those", "anyone", "anybody", "everyone", "everybody", "people", "whoever", "someone"}
)
HOLDER_NOUNS = SUPPORTER_NOUNS | OPPONENT_NOUNS

# Verbs that hold a thing down to a ceiling, only as verbs: "cap the programme at five
# thousand pupils" is against its growth, while "a cap on rents" names a thing of its own.
CAPPING_VERBS = frozenset({"cap", "limit", "restrict", "ration"})

# Verbs that change an amount. Done TO the target they say the speaker's attitude ("we will
# cut the levy"); done BY it, to something else, they say its effect ("the levy cut
# traffic", "the tariff would raise prices"), which is not an attitude.
AMOUNT_VERBS = frozenset(
    {
        "cut", "reduce", "lower", "slash", "raise", "increase", "boost", "lift", "hike",
        "double", "halve", "push", "drive", "expand", "shrink",
    }
)

# A clause that asks rather than says: "asked whether the charge was working".
QUESTION_MARKS = HYPOTHETICAL_MARKS  # the same two words
# A clause that dates another: "since the charge began", "when the tariffs came in".
TIME_MARKS = frozenset({"since", "when", "while", "whenever", "as"})

# Idioms with a preposition: (preposition, its object) -> attitude.
IDIOMS: dict[tuple[str, str], str] = {
    ("off", "table"): "oppose",
    ("on", "table"): "support",
    ("out", "question"): "oppose",
    ("on", "hold"): "conditional",
    ("on", "ice"): "oppose",
    ("on", "track"): "support",
    ("in", "water"): "oppose",  # "dead in the water"
    ("of", "question"): "oppose",  # "out of the question"
    ("in", "place"): "support",  # "stay in place"
    ("on", "book"): "support",  # "stay on the books"
    ("on", "shelf"): "oppose",  # "stays on the shelf"
    ("down", "river"): "oppose",  # "sells our farmers down the river"
    ("in", "dustbin"): "oppose",  # "belongs in the dustbin of history"
    ("on", "scrapheap"): "oppose",
    ("in", "force"): "support",
    ("on", "agenda"): "support",
    ("in", "interest"): "support",  # "in the public interest"
    ("off", "agenda"): "oppose",
    ("for", "negotiation"): "oppose",  # "not up for negotiation": it stays
    ("for", "debate"): "oppose",
    ("into", "grass"): "oppose",  # "kick it into the long grass"
    ("on", "leg"): "oppose",  # "on its last legs"
    ("on", "course"): "support",  # "firmly on course"
    ("to", "court"): "oppose",  # "we will take it to court"
}

# A noun framed by two prepositions: (first, noun, second) -> attitude.
FRAMED_NOUNS: dict[tuple[str, str, str], str] = {
    ("in", "way", "of"): "oppose",  # "stand in the way of"
    ("in", "favour", "of"): "support",
    ("in", "favor", "of"): "support",
    ("in", "support", "of"): "support",
    ("in", "defence", "of"): "support",
    ("in", "defense", "of"): "support",
}
# What a subject does to an object, said of the subject: (verb, object) -> attitude.
EFFECTS: dict[tuple[str, str], str] = {
    ("make", "sense"): "support",
    ("make", "difference"): "support",
    ("save", "life"): "support",
    ("save", "money"): "support",
    ("create", "job"): "support",
    ("pay", "dividend"): "support",
    ("do", "good"): "support",
    ("cost", "job"): "oppose",
    ("cost", "life"): "oppose",
    ("do", "damage"): "oppose",
    # "would blow a hole in the budget", "leaves a hole in the accounts"
    ("blow", "hole"): "oppose",
    ("leave", "hole"): "oppose",
    ("tear", "hole"): "oppose",
    ("make", "mockery"): "oppose",
    ("have", "future"): "support",  # "has no future" with its "no"
    ("have", "day"): "oppose",  # "has had its day"
    # closing a gap or a loophole mends a fault, though "close" alone ends a thing
    ("close", "gap"): "support",
    ("close", "loophole"): "support",
    ("plug", "gap"): "support",
    ("plug", "loophole"): "support",
}

# Idioms of a verb, its object and a preposition: (verb, object, preposition) -> attitude.
VERB_OBJECT_IDIOMS: dict[tuple[str, str, str], str] = {
    ("turn", "back", "on"): "oppose",
    ("pull", "plug", "on"): "oppose",
    ("put", "brake", "on"): "oppose",
    ("slam", "brake", "on"): "oppose",
    ("shut", "door", "on"): "oppose",
    ("close", "door", "on"): "oppose",
    ("slam", "door", "on"): "oppose",
    ("pour", "cold water", "on"): "oppose",
    ("draw", "line", "under"): "oppose",
    ("take", "stand", "against"): "oppose",
    ("open", "door", "to"): "support",
    ("throw", "weight", "behind"): "support",
    ("put", "weight", "behind"): "support",
    ("give", "go-ahead", "for"): "support",
    ("give", "go-ahead", "to"): "support",
    ("give", "green light", "to"): "support",
    ("give", "green light", "for"): "support",
    ("give", "blessing", "to"): "support",
    ("put", "name", "to"): "support",
    ("call", "time", "on"): "oppose",
    ("make", "apology", "for"): "oppose",  # "we make no apology for it": its "no" turns it
    ("make", "case", "for"): "support",
}

# Words that deny what follows them; the attitude layer and the cue layer (rules.stance)
# each add their own to these.
# "n’t" is "n't" with the typographic apostrophe news sites set ("don’t").
NEGATION_WORDS = frozenset(
    {"not", "n't", "n’t", "never", "no", "nor", "neither", "hardly", "nobody"}
)
NEGATORS = NEGATION_WORDS | {"nothing"}
# Verbs that deny the clause under them: "I have never hidden that I want one".
DENYING_VERBS = frozenset({"hide", "conceal", "deny", "dispute", "doubt"})
# "not only", "not just": the "not" adds to what follows rather than denying it.
NOT_ONLY_WORDS = frozenset({"only", "just", "merely", "simply"})
HEDGES = frozenset({"might", "may", "could", "perhaps", "possibly", "maybe", "probably"})
# The lemmas a true auxiliary has; a verb the parser tags "aux" with another lemma ("we
# oppose scrapping it") is a main verb it misread.
AUXILIARIES = frozenset(
    {
        "be", "have", "do", "will", "would", "shall", "should", "can", "could", "may",
        "might", "must", "ought", "need", "dare", "to", "wo", "ca", "'ll", "'d", "'ve",
        "gon", "get", "let", "used",
    }
)
# Verbs of saying or promising a thing will be so: "I won't come here and promise you
# that ..." refuses what the clause under them says.
TELLING_VERBS = frozenset(
    {
        "promise", "tell", "say", "pretend", "claim", "guarantee", "pledge", "assure",
        "swear", "vow", "announce", "declare", "suggest",
    }
)
# Modal words that turn a plain action on the target into a commitment: "we will hold talks".
COMMITMENT = frozenset({"will", "shall", "must", "should", "'ll", "wo", "gon"})
# Modals that refuse when negated: "a referendum cannot be held", "we could not accept".
REFUSING_MODALS = frozenset({"can", "ca", "could", "may"})
# Verbs that do something about a target without taking a side: "we will review the levy".
PROCEDURAL = frozenset(
    {
        "discuss", "debate", "review", "consider", "examine", "study", "assess", "evaluate",
        "publish", "report", "decide", "monitor", "investigate", "analyse", "analyze",
        "mention", "address", "raise", "explain", "watch", "look", "visit", "inspect", "tour",
        "audit", "survey", "scrutinise", "scrutinize", "hear",
    }
)
FIRST_PERSON = frozenset({"i", "we", "us", "me", "our", "my"})
# Subjects whose views a speaker reports rather than holds: "critics say the levy is unfair".
OTHERS = frozenset(
    {
        "critic", "opponent", "opposition", "sceptic", "skeptic", "analyst", "expert",
        "economist", "some", "many", "other", "rival", "campaigner", "activist",
        "protester", "detractor", "commentator", "observer", "union", "employer",
        "business", "landlord", "tenant", "voter", "poll", "survey", "resident", "lobby",
        "industry", "group", "association", "newspaper", "editorial", "ally", "partner",
    }
)
# "several member states want ...", "most doctors say ...": a group other than the speaker.
QUANTIFIERS = frozenset(
    {"several", "some", "many", "most", "few", "other", "various", "numerous", "both", "all"}
)
REPORTING_VERBS = frozenset(
    {
        "say", "claim", "argue", "insist", "allege", "contend", "complain", "suggest",
        "tell", "assert", "maintain", "report", "write", "tweet",
    }
)
# fmt: on

# --- word families of a target ------------------------------------------------------------

# Derivations that change the root's ending, so no shared-prefix rule finds them: a target
# "expansion" is also "we will expand", "reduction" is "reduce", "closure" is "close".
# Each pair is (noun ending, verb ending), swapped on a word's end both ways.
DERIVED_ENDINGS: tuple[tuple[str, str], ...] = (
    ("nsion", "nd"),  # expansion, extension, suspension
    ("sion", "de"),  # decision, division
    ("sion", "se"),  # revision
    ("ssion", "t"),  # admission, permission
    ("ction", "ce"),  # reduction, introduction
    ("ure", "e"),  # closure, seizure
    ("ure", ""),  # failure, departure
    ("ance", ""),  # acceptance
    ("ence", "e"),  # interference
    ("ment", ""),  # payment, investment
    ("ation", ""),  # taxation
    ("ation", "e"),  # privatisation
    ("al", ""),  # withdrawal, renewal
    ("al", "e"),  # approval, refusal
)
# Families English forms with another root: a target "sale" is also "we will sell".
IRREGULAR_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"sale", "sell", "sold", "sell-off"}),
    frozenset({"growth", "grow"}),
    frozenset({"loss", "lose"}),
    frozenset({"choice", "choose"}),
    frozenset({"proof", "prove"}),
    frozenset({"flight", "fly"}),
    frozenset({"entry", "enter"}),
    frozenset({"purchase", "buy"}),
)

# --- rhetorical questions ------------------------------------------------------------------

# Words a question may open with before its wh-word: "But why would we ...?"
QUESTION_LEAD_INS = frozenset({"and", "but", "so", "then", "well", "now", "yet"})
# "how can we ...?", "what good would ...?": a modal makes the question argue.
MODAL_QUESTION_VERBS = frozenset(
    {"can", "could", "would", "should", "will", "must", "ca", "wo", "is", "are", "do", "does"}
)
# "what landlord is going to ...?", "what good would ...?" (not "what are ...?": that asks)
ARGUING_MODALS = frozenset({"can", "could", "would", "should", "will", "must", "going", "wo"})
# "why would we ...?", "why are we ...?", "why on earth ...?"
QUESTION_VERBS = MODAL_QUESTION_VERBS | {"did", "was", "were", "on", "have", "has", "might"}
# "what is the harm in ...?", "what is the point of ...?"
ARGUING_NOUNS = frozenset({"harm", "point", "sense", "use", "good", "problem", "hurry", "rush"})
# "do we really want ...?", "are we seriously going to ...?": a yes-no question that presses.
PRESSING_ADVERBS = frozenset({"really", "seriously", "honestly", "truly", "actually"})
QUOTE_MARKS = frozenset({'"', "'", "\u201c", "\u201d", "\u2018", "\u2019"})

# Verbs that end a thing: "abolish the fees", "scrap the toll".
REMOVING_VERBS = frozenset(
    {"abolish", "scrap", "repeal", "end", "remove", "eliminate", "axe", "ditch"}
)

# Nouns that name an act against what follows them ("a ban on fracking", "the abolition
# of fees"); a noun like "tax" or "rise" is the thing itself ("a tax on emissions").
ACT_NOUNS = frozenset(
    {"ban", "moratorium", "abolition", "repeal", "scrapping", "removal", "prohibition", "halt"}
)

# Words that, opening a target, name an act on the thing after them; read without a parse
# for `rules check` ("abolish", "scrap the toll", "ban on fracking", "free tuition").
ACT_OPENERS = ACT_NOUNS | REMOVING_VERBS | frozenset({"stop", "block"})
WORD_ENDINGS = ("ing", "es", "s", "ed")


def act_word_in(phrase: str) -> str | None:
    """The act word a target phrase holds, read from its words alone."""
    words = phrase.lower().replace("-", " ").split()
    if not words:
        return None
    if "free" in words:
        return "free"
    first = words[0]
    stems = {first, *(first[: -len(e)] for e in WORD_ENDINGS if first.endswith(e))}
    found = stems & ACT_OPENERS
    return min(found) if found else None


# Putting money into a thing is doing the act: "putting public money into the stadium".
PUTTING_VERBS = frozenset({"put", "pour", "plough", "plow", "pump", "sink", "invest"})
PUTTING_PREPOSITIONS = frozenset({"into", "in"})
# Verbs and words after them that keep a subject away from something: "public money
# should stay out of this", "the state must keep away from it".
KEEPING_OUT = frozenset({("stay", "out"), ("stay", "away"), ("keep", "out"), ("keep", "away")})
# The smallest sums of money, as in "not a penny of public money": "of" after one of them
# is spending what follows, and the "not" before it refuses that.
SMALL_SUMS = frozenset({"penny", "dime", "cent", "nickel", "red cent", "farthing"})
# "is the heart of our platform": the centre of the speaker's own programme.
CENTRE_NOUNS = frozenset({"heart", "core", "centre", "center"})
# Money, and verbs it goes somewhere by: "not one more dollar is going to the wall".
MONEY_NOUNS = SMALL_SUMS | frozenset(
    {"money", "cash", "funding", "fund", "pound", "dollar", "euro", "cent", "taxpayer"}
)
FLOWING_VERBS = frozenset({"go", "flow", "pour", "head"})
# Verbs that say harm when the target does them to someone ("another vote would divide
# families"), and mean other things as adjectives ("ranchers are divided about the wall").
HARMING_VERBS = frozenset(
    {
        "divide",
        "alienate",
        "impoverish",
        "endanger",
        "jeopardise",
        "jeopardize",
        "bankrupt",
        "isolate",
        "flood",
        "ruin",
        "devastate",
        "blight",
        "decimate",
    }
)
# Verbs of wanting or keeping: done by a target to something else they say what it does,
# not what the speaker thinks of it ("the law keeps the poor away from the polls").
INTENT_VERBS = frozenset(
    {
        "keep",
        "maintain",
        "continue",
        "need",
        "want",
        "demand",
        "seek",
        "plan",
        "propose",
        "intend",
        "offer",
        "require",
        "aim",
        "hope",
        "retain",
        "preserve",
    }
)
# Spending money on a thing is doing it: "we should spend the money on the branch lines".
SPENDING_VERBS = frozenset({"spend", "invest", "lavish"})
# Nouns for what restricts a thing: an attitude to "the rules on Sunday trading" or "the
# curbs on exports" is the other way round to Sunday trading or exports.
RESTRICTION_NOUNS = frozenset(
    {
        "rule",
        "restriction",
        "limit",
        "curb",
        "control",
        "regulation",
        "cap",
        "ceiling",
        "moratorium",
        "prohibition",
        "barrier",
        "red tape",
    }
)
# Verbs whose subject holds a view: "farmers fear the treaty ..." is the farmers' view.
VIEW_VERBS = frozenset(
    {
        "fear",
        "want",
        "oppose",
        "support",
        "back",
        "favour",
        "favor",
        "reject",
        "welcome",
        "demand",
        "like",
        "hate",
        "dislike",
        "prefer",
        "worry",
        "believe",
        "think",
        "feel",
        "resent",
        "distrust",
        "love",
        "dread",
        "applaud",
        "criticise",
        "criticize",
    }
)
# Verbs that say good when the target does them to something: "the road will
# transform the valley", "the deal would revitalise our ports".
BENEFITING_VERBS = frozenset(
    {"transform", "revitalise", "revitalize", "regenerate", "rejuvenate", "unlock"}
)
