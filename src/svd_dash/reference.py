"""Reference tables that are data, not logic: the areas and the police.uk crime categories."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    """A local authority district (or the whole region) by its ONS code and common name."""

    code: str
    name: str


AREAS: tuple[Area, ...] = (
    Area("E08000025", "Birmingham"),
    Area("E08000026", "Coventry"),
    Area("E08000027", "Dudley"),
    Area("E08000028", "Sandwell"),
    Area("E08000029", "Solihull"),
    Area("E08000030", "Walsall"),
    Area("E08000031", "Wolverhampton"),
)
"""The seven councils. Together they are West Midlands Police (E23000014) and the WMCA (E47000007)."""

REGION = Area("E47000007", "West Midlands")
"""The seven areas together: the West Midlands Combined Authority, equal to the police force area."""

AREA_NAME_BY_CODE: dict[str, str] = {area.code: area.name for area in (*AREAS, REGION)}
AREA_CODE_BY_NAME: dict[str, str] = {area.name: area.code for area in (*AREAS, REGION)}

CRIME_TYPES: tuple[str, ...] = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)
"""The 14 police.uk street-level categories (anti-social behaviour is an incident type, not a crime)."""

LSOA21_COUNT = 1719
"""Number of LSOA 2021 in the seven areas."""


def area_phrase(code: str) -> str:
    """How a sentence names an area: 'Coventry', or 'the West Midlands' for the region."""
    return f"the {REGION.name}" if code == REGION.code else AREA_NAME_BY_CODE[code]


def sentence_start(text: str) -> str:
    """Capitalise only the first letter ('the 12 months to March' -> 'The 12 months to March')."""
    return text[:1].upper() + text[1:]
