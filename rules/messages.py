"""Every message the configuration reader shows a user, in one place.

Templates are filled with ``str.format``; ``rules.yamlfile.Problem`` adds the
``path:line: key.path:`` prefix, so no message repeats where it happened.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

# --- reading YAML (rules.yamlfile) -------------------------------------------

UNREADABLE = "cannot read the file: {reason}"
NOT_UTF8 = "the file is not UTF-8 text"
SYNTAX = "YAML syntax error: {problem}{context}"
SYNTAX_CONTEXT = " ({context} that starts at line {line})"
SECOND_DOCUMENT = "a second YAML document ('---'): a config file holds one"
BAD_CHARACTER = "{reason}: #x{code:04x}"
DUPLICATE_KEY = "duplicate key {key!r} (first at line {first})"
MERGE_KEY = "'<<' merge keys are not supported: write the keys out"
KEY_NOT_TEXT = "a key must be plain text, not a list or a mapping"
TAG_NOT_ALLOWED = "the YAML tag {tag!r} is not allowed: remove it"
RECURSIVE_ALIAS = "this alias refers to the value that contains it"
BAD_SCALAR = "cannot read {value!r}: {reason}"
TOO_DEEP = "the file nests lists and mappings too deeply to read"

# --- validating against rules.model (rules.loader) ---------------------------

UNKNOWN_KEY = "unknown key {key!r}"
DID_YOU_MEAN = "; did you mean {guess!r}?"
KNOWN_KEYS = "; known keys: {known}"
MISSING_KEY = "required key is missing"
NOT_A_MAPPING = "expected 'key: value' entries here, not {what}"
GOT = " (got {value})"

# --- finding the files (rules.loader) ----------------------------------------

NO_CONFIG_DIR = (
    "configuration folder not found: give one with --config DIR or set STANCEWATCH_CONFIG"
)
NOT_A_DIR = "this is not a folder: the configuration is a folder of YAML files"
MISSING_FILE = "file not found: {what} are required"
NO_TOPICS = "no topics: write topics.yaml or put one or more *.yaml files in topics/"
WRONG_SUFFIX = "only *.yaml files are read here: rename this file to end in .yaml"

# --- cross-file checks (rules.loader lint) -----------------------------------

DUPLICATE_ID = "duplicate {kind} id {id!r} (first at {first})"
UNDECLARED_GROUP = "group {id!r} is not declared under 'groups:'{hint}"
UNKNOWN_REFERENCE = "unknown {kind} {id!r}{hint}"
UNKNOWN_POSITION = "topic {topic!r} has no position {id!r}; its positions: {known}"
SELF_OPPOSED = "a position cannot be opposed to itself"
CUE_IN_OPPOSED = (
    "cue {cue!r} is also under the opposed position {other!r} (at {first}); "
    "a cue may decide only one of them"
)
EMPTY_CUE = "a cue needs at least one word"
EMPTY_TERM = "{what} needs at least one word or number"
DATES_REVERSED = "'from' ({since}) is after 'to' ({until})"
ATTITUDE_TWICE = (
    "attitude {attitude!r} is also given to position {other!r} (at {first}); "
    "the general stance layer could not tell which of them it means"
)
UNKNOWN_ROLE = "no official holds a role titled {title!r}{hint}"

# --- rules that can never fire (rules.loader lint) ---------------------------

NEVER = "this rule can never fire: "
EMPTY_GROUP = NEVER + "no official ever belongs to group {id!r}"
ONE_OFFICIAL = (
    NEVER + "a contradiction needs two officials, and only {id!r} is listed; "
    "list another, or none for everyone in scope"
)
OFFICIAL_SCOPE_UNLISTED = (
    NEVER + "'scope: official' compares the officials listed under 'officials', and none are"
)
NOT_OPPOSED = NEVER + "topic {topic!r} has no 'opposed' pair of positions, and a {what} needs one"
NO_TOPIC_OPPOSED = NEVER + "no topic has an 'opposed' pair of positions, and a {what} needs one"
NOBODY_IN_SCOPE = NEVER + "no official is ever in its scope ({scope})"
ONE_IN_SCOPE = (
    NEVER + "only {id!r} is ever in its scope ({scope}), and a contradiction needs two officials"
)
NO_SHARED_GROUP = (
    NEVER + "no two officials in its scope ever belong to the same group ({groups}) at the "
    "same time, and 'scope: group' compares only officials who do"
)
ABOVE_MAX_CONFIDENCE = (
    NEVER + "min_confidence {value} is above {most}, the highest confidence a stance is read with"
)
COOLDOWN_OVER_WINDOW = (
    "cooldown_hours ({hours:g} h) is longer than window_days ({days} days): an update held "
    "back that long would arrive after the alert's window has closed"
)
REVERSAL_NOT_SHIFT = "'reversal' applies to shift rules only, and this is a {type} rule"
SCOPE_NOT_CONTRADICTION = (
    "'scope' applies to contradiction rules only and does nothing on a {type} rule "
    "(a warning: to narrow whose statements it looks at, use officials, groups or roles)"
)

# --- topic examples (rules.examples, `stancewatch rules test`) ---------------

NO_POSITION = "no position"
EXAMPLE_FAILED = "expected {expected}, got {got}"
EXAMPLE_EVIDENCE = " (evidence: {evidence})"
TALLY = "{topic}: {passed} passed, {failed} failed"
TALLY_NO_EXAMPLES = "{topic}: no examples"
TALLY_TOTAL = "{total} example(s): {passed} passed, {failed} failed"
UNKNOWN_TOPIC = "unknown topic {id!r}{hint}"

# --- registries (rules.registry) ---------------------------------------------

UNKNOWN_NAME = "unknown {kind} {name!r}; known {kind}s: {known}"
ALREADY_REGISTERED = "{kind} {name!r} is registered twice"


def format_key_path(loc: Sequence[str | int]) -> str:
    """``("officials", 2, "roles", 0, "from")`` -> ``officials[2].roles[0].from``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """A "; did you mean 'x'?" hint for a near miss, or "" when nothing is close."""
    close = difflib.get_close_matches(word, list(known), n=1)
    return DID_YOU_MEAN.format(guess=close[0]) if close else ""


def listing(names: Iterable[str]) -> str:
    return ", ".join(sorted(set(names))) or "(none)"


TARGET_HOLDS_AN_ACT = (
    "target {target!r} holds the act {word!r}, not only the thing it acts on; the general "
    "stance layer reads it as that act only when a position named after the act says "
    "which way the attitudes point (a warning: list the thing, and name the act in a "
    "position's id or label)"
)
