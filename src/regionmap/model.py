"""Typed records for features, sources, articles and passage links."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import zlib
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

FEATURE_ID = r"^[a-z0-9][a-z0-9-]*[a-z0-9]$"


class Layer(StrEnum):
    """Map layers, in drawing order (first is drawn lowest)."""

    COUNTRIES = "countries"
    REGIONS = "regions"
    PROVINCES = "provinces"
    ENERGY = "energy"
    TRAFFICKING = "trafficking"
    SECURITY = "security"
    DIPLOMACY = "diplomacy"
    PARTNERSHIPS = "partnerships"
    PLACES = "places"


class Precision(StrEnum):
    """How well the geometry locates the thing it stands for."""

    EXACT = "exact"
    APPROXIMATE = "approximate"
    SCHEMATIC = "schematic"


class Status(StrEnum):
    """What the source says about the thing's existence."""

    EXISTING = "existing"
    PLANNED = "planned"
    SUSPENDED = "suspended"
    REPORTED = "reported"
    ALLEGED = "alleged"
    NOT_STATED = "not stated"  # a gazetteer place: no source says whether it exists, is planned or gone


class LinkKind(StrEnum):
    """A *mention* names the feature; a *passage* is a clause or sentence about it."""

    MENTION = "mention"
    PASSAGE = "passage"


def _iso_date(value: Any) -> dt.date | None:
    # pydantic's own date parsing also takes Unix timestamps; the data format says ISO 8601
    if value is None or isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"date must be an ISO 8601 string (YYYY-MM-DD), got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"date {value!r} is not ISO 8601 (YYYY-MM-DD)") from None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """Where a geometry comes from and under which licence."""

    id: str
    title: str
    publisher: str
    url: str | None = None
    licence: str
    note: str | None = None


class Actor(_Strict):
    """A person, group or state taking part in an event or relation."""

    name: Annotated[str, Field(min_length=1)]
    role: str | None = None
    affiliation: str | None = None


class GeometryRef(_Strict):
    """Geometry taken from a derived dataset in ``data/geo`` (several keys are unioned)."""

    dataset: Literal["world", "countries", "afg_adm1"]
    keys: Annotated[list[str], Field(min_length=1)]


class FeatureProps(_Strict):
    """The ``properties`` of a curated feature."""

    name: Annotated[str, Field(min_length=1)]
    aliases: list[str] = []
    layer: Layer
    kind: Annotated[str, Field(min_length=1)]
    precision: Precision
    status: Status
    start: dt.date | None = None
    end: dt.date | None = None
    actors: list[Actor] = []
    source: str
    references: list[str] = []
    geometry_ref: GeometryRef | None = None
    description: str | None = None
    note: str | None = None
    geonames_id: int | None = None
    # the project or network this feature is a part of (a feature id): a name of the whole
    # ("CASA-1000") selects the whole, whose card lists its parts
    part_of: Annotated[str, Field(pattern=FEATURE_ID)] | None = None
    # forms naming the people, not the place ("Tajik"): never shown as the place's name
    demonyms: list[str] = []

    _dates = field_validator("start", "end", mode="before")(_iso_date)

    @model_validator(mode="after")
    def _ordered(self) -> FeatureProps:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class FeatureRecord(_Strict):
    """One GeoJSON Feature of ``data/features/*.geojson``."""

    type: Literal["Feature"]
    id: Annotated[str, Field(pattern=FEATURE_ID)]
    geometry: dict[str, Any] | None
    properties: FeatureProps

    @model_validator(mode="after")
    def _one_geometry(self) -> FeatureRecord:
        has_ref = self.properties.geometry_ref is not None
        if (self.geometry is None) == (not has_ref):
            raise ValueError("needs exactly one of 'geometry' and 'properties.geometry_ref'")
        return self


class Span(_Strict):
    """Character offsets ``[start, end)`` into an article's text."""

    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end <= self.start:
            raise ValueError(f"end {self.end} must be after start {self.start}")
        return self


class ArticleMeta(_Strict):
    """Metadata stored beside an article's verbatim text."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    title: Annotated[str, Field(min_length=1)]
    author: str | None = None
    publisher: Annotated[str, Field(min_length=1)]
    published: dt.date
    url: str | None = None
    language: str = "en"
    sha256: str | None = None
    body: Span
    note: str | None = None
    # the source page's own header and footer (masthead, title line, byline, related links):
    # kept verbatim in the text, shown collapsed
    header: Span | None = None
    footer: Span | None = None
    format: Literal["text", "markdown"] = "text"

    _dates = field_validator("published", mode="before")(_iso_date)


@functools.lru_cache(maxsize=64)
def _unpack(packed: bytes) -> str:
    # bytes cache their hash, so a hit costs one dict lookup; 64 texts cover a page of cards
    return zlib.decompress(packed).decode("utf-8")


class Article(BaseModel):
    """An article's metadata with its text.

    The text is held zlib-compressed and unpacked on use (about 30 microseconds for 10 KB, then
    cached): a team's corpus of 10,000 articles keeps every text in memory, and policy prose packs
    to about half its size, 40 MB less server memory.
    """

    model_config = ConfigDict(frozen=True)

    meta: ArticleMeta
    packed: bytes

    def __init__(self, *, meta: ArticleMeta, text: str) -> None:
        super().__init__(meta=meta, packed=zlib.compress(text.encode("utf-8"), 6))

    @property
    def text(self) -> str:
        """The verbatim text, as read from the store."""
        return _unpack(self.packed)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def body(self) -> str:
        return self.text[self.meta.body.start : self.meta.body.end]


class LinkRecord(_Strict):
    """A link as stored: what :func:`regionmap.load.check_links` validates before it becomes a :class:`Link`."""

    feature: str
    kind: LinkKind = LinkKind.MENTION
    quote: Annotated[str, Field(min_length=1)]
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]
    article: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class Link:
    """A feature tied to a span of an article (W3C TextQuoteSelector + TextPositionSelector).

    A slotted dataclass, not a pydantic model: a corpus of 10,000 articles holds about 750,000
    links, and a validated model instance costs five objects (its dict and its fields-set among
    them) where this costs one. Stored links are validated as :class:`LinkRecord` first.
    """

    feature: str
    quote: str
    start: int
    end: int
    kind: LinkKind = LinkKind.MENTION
    article: str = ""

    def __post_init__(self) -> None:
        if type(self.kind) is not LinkKind:  # "passage" given as a plain string
            object.__setattr__(self, "kind", LinkKind(self.kind))

    @property
    def key(self) -> str:
        """Stable id of the link, usable as an HTML anchor."""
        return f"{self.article}-{self.start}-{self.end}-{self.feature}"


class LinkFile(_Strict):
    """``data/links/<article>.json``; ``review`` lists mentions a person still has to decide."""

    article: str
    links: list[dict[str, Any]]
    review: list[dict[str, Any]] = []
