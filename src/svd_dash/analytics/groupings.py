"""Crime groupings users choose from: named presets (a table) and each police.uk category alone."""

from __future__ import annotations

from dataclasses import dataclass

from svd_dash.reference import CRIME_TYPES


@dataclass(frozen=True)
class Grouping:
    """A named set of police.uk categories, with the definition every output carries."""

    name: str
    crime_types: tuple[str, ...]
    definition: str
    short_name: str


PRESETS: tuple[Grouping, ...] = (
    Grouping(
        "Serious violence (police.uk proxy)",
        ("Violence and sexual offences", "Robbery", "Possession of weapons"),
        "police.uk categories Violence and sexual offences + Robbery + Possession of weapons "
        "(a proxy: police.uk does not flag knife or serious violence)",
        "serious violence offences",
    ),
    Grouping("Weapons", ("Possession of weapons",), "police.uk category Possession of weapons", "weapons offences"),
    Grouping(
        "All crime",
        tuple(t for t in CRIME_TYPES if t != "Anti-social behaviour"),
        "all 13 police.uk crime categories (anti-social behaviour excluded)",
        "crimes",
    ),
)
"""The named presets, defined in one place."""

CATEGORY_PHRASES: dict[str, str] = {
    "Anti-social behaviour": "anti-social behaviour incidents",
    "Bicycle theft": "bicycle thefts",
    "Burglary": "burglaries",
    "Criminal damage and arson": "criminal damage and arson offences",
    "Drugs": "drugs offences",
    "Other crime": "other crimes",
    "Other theft": "other thefts",
    "Possession of weapons": "weapons possession offences",
    "Public order": "public order offences",
    "Robbery": "robberies",
    "Shoplifting": "shoplifting offences",
    "Theft from the person": "thefts from the person",
    "Vehicle crime": "vehicle crimes",
    "Violence and sexual offences": "violence and sexual offences",
}
"""How a sentence names each category's records ("robberies in Walsall fell 12%")."""

SINGLE_CATEGORIES: tuple[Grouping, ...] = tuple(Grouping(t, (t,), f"police.uk category {t}", CATEGORY_PHRASES[t]) for t in CRIME_TYPES)

GROUPINGS: dict[str, Grouping] = {g.name: g for g in (*PRESETS, *SINGLE_CATEGORIES)}
"""Every grouping by name: the presets first, then the 14 categories."""


def grouping_named(name: str) -> Grouping:
    """The grouping called ``name``; a ``KeyError`` lists the valid names."""
    try:
        return GROUPINGS[name]
    except KeyError:
        raise KeyError(f"unknown crime grouping '{name}'; choose one of: {', '.join(GROUPINGS)}") from None
