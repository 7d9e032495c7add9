"""A fingerprint of every rule table, recorded in datapackage.json.

Rule tables are the UPPER_CASE module-level data of the rule modules; a
change to any keyword, unit or pattern changes the hash, so a dataset says
which rules made it (and an incremental cache knows when to start over).
"""

from __future__ import annotations

import hashlib
import importlib
import re
from typing import Any

RULE_MODULES = (
    "scorecard.decode",
    "scorecard.normalize",
    "scorecard.clean",
    "scorecard.structure",
    "scorecard.meta",
    "scorecard.plan",
    "scorecard.quantities",
    "scorecard.dates",
    "scorecard.tables",
    "scorecard.extract",
    "scorecard.validate",
)


def _canonical(obj: Any) -> Any:
    # Sets and dicts are sorted so that the hash does not depend on
    # PYTHONHASHSEED; compiled patterns are hashed by their source.
    if isinstance(obj, re.Pattern):
        return ["re", obj.pattern, obj.flags]
    if isinstance(obj, dict):
        return sorted(([repr(_canonical(k)), _canonical(v)] for k, v in obj.items()), key=repr)
    if isinstance(obj, (set, frozenset)):
        return sorted((_canonical(v) for v in obj), key=repr)
    if isinstance(obj, (list, tuple)):
        return [_canonical(v) for v in obj]
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return obj
    if hasattr(obj, "__dataclass_fields__"):
        return [type(obj).__name__, _canonical(vars(obj))]
    return repr(obj)


def rule_tables() -> dict[str, Any]:
    tables: dict[str, Any] = {}
    for name in RULE_MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if attr.isupper() and not attr.startswith("_"):
                tables[f"{name}.{attr}"] = _canonical(value)
    return tables


def rules_hash() -> str:
    h = hashlib.sha256(repr(sorted(rule_tables().items())).encode("utf-8"))
    return h.hexdigest()[:16]
