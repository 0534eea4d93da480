"""What an encoding holds and how it is keyed: the schema both parties must share, and the keys.

A schema is data: its id and version, the raw filter length, whether the filter is XOR-folded, and per
feature kind the number of bit positions it sets (its weight, clkhash style). Two `.clk` files can be
compared only when their schema digests and key check values are equal.

Keys: one secret shared by the parties only (never by the linkage unit). Each field gets its own
HMAC-SHA256 key derived from the secret with HKDF-SHA256, so that a frequent value of one field and of
another never share bit positions. The file carries only a *check value*: an HMAC of a fixed label
under a derived key, enough to tell that two files were encoded under one secret, nothing of the key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SCHEMA_ID = "tipnet-pprl-person"
# v2: names salted with the birth date by default (frequency-attack hardening); v3: a phone's country is
# encoded with it where known (a Thai and a Cambodian number sharing their last eight digits no longer agree);
# v4: names also salted with each phone and document number, in segments of their own; v5: in the
# date-salted name segment each word is hashed with the phonetic keys of its name's other words
SCHEMA_VERSION = 5
# What each version changed, for the message that refuses a file of another version
VERSION_CHANGES = {
    2: "v2 salts names against frequency attacks",
    3: "v3 encodes a phone's country with its number where the country is known",
    4: "v4 also encodes names salted with each phone and document number, so a record without a full "
    "birth date keeps its names",
    5: "v5 hashes each word of a date-salted name with the rest of the name, so same-day namesakes who "
    "share one word no longer share its positions",
}
MIN_SECRET_BYTES = 16
_CHECK_LABEL = b"tipnet pprl key check v1"

FIELDS = (
    "name",
    "birth",
    "gender",
    "nationality",
    "document",
    "phone",
    "phone_country",
    "name_phone",
    "name_phone_country",
    "name_document",
)


class SecretError(ValueError):
    """A secret that cannot key an encoding (missing, too short)."""


@dataclass(frozen=True)
class Schema:
    """The encoding's parameters; `weights` maps a feature kind to how many bits it sets."""

    schema_id: str = SCHEMA_ID
    version: int = SCHEMA_VERSION
    # Each field is hashed into its own segment of the filter (bits, a power of two; laid out in
    # field-name order):
    # the matcher compares fields apart, so a field one party does not record counts as unknown, not as
    # a disagreement (sparse records: a hotline's name and phone against immigration's name and passport).
    segments: dict[str, int] = field(
        default_factory=lambda: {
            "name": 1024,
            "birth": 256,
            "document": 256,
            "phone": 128,
            "phone_country": 128,
            "nationality": 64,
            "gender": 64,
            "name_phone": 512,
            "name_phone_country": 512,
            "name_document": 512,
        }
    )
    fold: bool = False  # XOR the two halves of each segment (Schnell et al. 2016)
    spellings: int = 3  # romanization candidates encoded per name
    # BLIP (Schnell and Borgs 2016): each bit of a field's segment is flipped with this probability,
    # afresh for every record (a field nobody recorded stays empty), so that one value no longer gives
    # one bit pattern: counting equal patterns and aligning them with the most frequent names fails.
    flip: float = 0.01
    # Salting (Niedermeyer et al. 2014; Christen et al. 2018): name features are hashed together with a
    # stable field of the record, "+"-joined from birth_year, birth_date (month and day order-free),
    # document, phone; one copy of the names per salt value. With "birth_date" a name's positions
    # differ for almost every person, so equal names no longer pile up in one file: frequent bit-set
    # mining and similarity clustering by the linkage unit find nothing to align with the most frequent
    # names (tests/sharing/pprl/test_pprl_attack.py). Two records then agree on the name only when
    # they agree on the full birth date too. A record without the salt field gets no name features
    # here unless `unsalted_names` (an unsalted name is exactly what those attacks re-identify), but
    # may still carry its names in the segments of `name_salts` (below).
    salt_names: str = "birth_date"
    unsalted_names: bool = False
    # Word context in the "name" segment (v5): "pair" hashes each word's features once with the phonetic
    # key of each other word of its name (Sok Dara: sok with dara's key, dara with sok's), "rest" once
    # with the sorted keys of all the other words, "" alone (v4). Salted with the date alone, a word's
    # positions were shared by every two persons of that word born the same day (birthday-paradox
    # namesakes, mostly of the most frequent surnames: `attack.shared_words`,
    # tests/hostile/test_pprl_repeat_records_attack.py); in context, two records share a word's
    # positions only when they share another word of the name too. The phone- and document-salted
    # segments keep words alone (namesakes rarely share a number).
    name_context: str = "pair"
    # Name segments salted with another near-unique field (v4): segment -> "phone" (the number's last
    # eight digits) or "document" (its OCR-confusable key); one copy of the names per value. A record
    # without a full birth date, which has no bits in "name", still carries its names here, salted with
    # a value that is about as rare as a person: equal names no longer pile up (two records agree only
    # when they share the number too), so the frequency attacks find no groups of frequent names
    # (tests/hostile/test_pprl_frequency_attack.py). The matcher takes the name's Dice as the best of
    # "name" and these segments, over those both records hold.
    name_salts: dict[str, str] = field(
        default_factory=lambda: {
            "name_phone": "phone",
            "name_phone_country": "phone_country",
            "name_document": "document",
        }
    )
    weights: dict[str, int] = field(
        default_factory=lambda: {
            "name_token": 6,  # a whole name word (order-free)
            "name_bigram": 2,  # the letter pairs of a word (a typo still agrees partly)
            "name_key": 6,  # the regional phonetic key of a word (Chhay/Chay/Chai)
            "birth_year": 6,
            "birth_year_pair": 3,  # year // 2 and (year + 1) // 2: a year apart still agrees once
            "birth_month_day": 6,  # month and day together, order-free (05-04 / 04-05)
            "birth_year_month": 3,
            "gender": 2,
            "nationality": 3,
            "document": 10,
            "document_bigram": 1,
            "phone": 10,  # the last eight digits: national and international writings agree
            "phone_country": 10,  # country code + national significant number, where the country is known
        }
    )
    # Tiers: field -> a finer segment compared *instead* when both records hold it. A phone's last eight
    # digits (segment "phone") are all that a number written nationally, with no country, gives; where
    # both records know their numbers' countries ("phone_country": calling code and national significant
    # number) those are compared, so +66 81 234 5678 and +855 12 345 678 no longer agree on their last
    # eight digits, while 012 345 678 (no country) still agrees with +855 12 345 678.
    # The names salted with a phone are tiered the same way ("name_phone" salted with the last eight
    # digits, "name_phone_country" with country + number): two countries' numbers that share their last
    # eight digits give no name agreement either.
    tiers: dict[str, str] = field(
        default_factory=lambda: {"phone": "phone_country", "name_phone": "name_phone_country"}
    )

    # Logistic scoring of a pair from its per-field Dice d (fields known on both sides only):
    # intercept + sum of present * c[0] + d * c[1] + d**4 * c[2]. A salted name segment with
    # coefficients of its own ("name_phone", tiered with "name_phone_country"; "name_document") is a
    # term of its own; one without is folded into "name" (the best Dice of those both records hold).
    # Refitted for v4's salted encodings (session 11, branch pprl10) by `bench/pprl_fit.py`: an L2
    # logistic regression on the **calibration** split of the independent set (seed 13) only, pooled
    # over three encodings under three secrets, fitted on the pairs the earlier coefficients scored at
    # least 0.01 (the decision's neighbourhood: a fit on all pairs is ruled by the million easy
    # non-matches and ranked the top worse), with a prior of weight 0.5 that a shared phone with
    # another name (a household's or a broker's line, rare in that data) is no match. Cross-validated
    # over calibration persons, F1 at precision 0.95: 0.601 (0.610 without the prior) against 0.567
    # for the coefficients of v1 kept until then. Not tuned on the test split nor on seed 31.
    # Kept for v5 (session 14, branch leak14): the same fit on two v5 encodings (name words in context)
    # gave cross-validated F1 0.570 against 0.596 for these coefficients on the same pairs.
    intercept: float = -4.19
    coefficients: dict[str, tuple[float, float, float]] = field(
        default_factory=lambda: {
            "name": (-0.9, 8.69, 3.77),
            "name_phone": (-1.93, 6.14, 3.92),
            "name_document": (-0.38, 1.72, 1.83),
            "birth": (-2.5, 3.83, 1.75),
            "document": (0.37, 2.4, 2.45),
            "phone": (-2.87, 4.72, 2.83),
            "gender": (-1.3, 2.05, -0.59),
            "nationality": (-1.43, 2.49, -0.12),
        }
    )

    def validate(self) -> None:
        """ValueError unless the parameters are ones the encoder and the matcher can use (a schema read
        from a file is the file writer's word: its checksum is unkeyed, anyone can write one)."""
        if not self.segments or set(self.segments) - set(FIELDS):
            raise ValueError("segments: unknown or no fields")
        for name, bits in self.segments.items():
            if isinstance(bits, bool) or bits & (bits - 1) or not (128 if self.fold else 64) <= bits <= 65536:
                raise ValueError(f"segment {name}: bits must be a power of two, 64 (128 folded) to 65536")
        if not self.weights or any(isinstance(w, bool) or not 1 <= w <= 16 for w in self.weights.values()):
            raise ValueError("weights: each must be 1 to 16 bit positions")
        if not 0.0 <= self.flip < 0.5 or not 1 <= self.spellings <= 10:
            raise ValueError("flip or spellings out of range")
        numbers = [self.intercept, *(c for cs in self.coefficients.values() for c in cs)]
        if any(not math.isfinite(x) for x in numbers) or any(len(c) != 3 for c in self.coefficients.values()):
            raise ValueError("coefficients: three finite numbers per field")
        if set(self.coefficients) - set(self.segments):
            raise ValueError("coefficients of a field without a segment")
        if any(k not in self.segments or v not in self.segments for k, v in self.tiers.items()):
            raise ValueError("tiers: a field without a segment")
        salts = ("phone", "phone_country", "document")
        if any(k not in self.segments or v not in salts for k, v in self.name_salts.items()):
            raise ValueError(
                "name_salts: a segment that does not exist, or a salt other than phone(_country) or document"
            )
        if self.name_context not in ("", "pair", "rest"):
            raise ValueError("name_context: pair, rest or empty")
        if "name" in self.name_salts or any(
            (k in self.name_salts) != (v in self.name_salts) for k, v in self.tiers.items()
        ):
            raise ValueError("name_salts: the name segment, or tiered with a segment that is not a name salt")

    def stored_segments(self) -> dict[str, tuple[int, int]]:
        """Field -> (first bit, bits) in the stored filter; segments in field-name order (the order a
        schema read back from a file's sorted JSON header has too)."""
        out: dict[str, tuple[int, int]] = {}
        at = 0
        for name, bits in sorted(self.segments.items()):
            size = bits // 2 if self.fold else bits
            out[name] = (at, size)
            at += size
        return out

    @property
    def bits(self) -> int:
        """Bits of the stored filter."""
        return sum(b // 2 if self.fold else b for b in self.segments.values())

    @property
    def filter_bytes(self) -> int:
        return self.bits // 8

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def digest(self) -> str:
        """SHA-256 of the canonical schema (public parameters only): equal schemas, equal digests."""
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @staticmethod
    def from_dict(data: dict[str, object]) -> Schema:
        weights, segments, coefs = data.get("weights"), data.get("segments"), data.get("coefficients")
        tiers = data.get("tiers", {})
        name_salts = data.get("name_salts", {})
        if not isinstance(weights, dict) or not isinstance(segments, dict) or not isinstance(coefs, dict):
            raise ValueError("schema without weights, segments or coefficients")
        if not isinstance(tiers, dict) or not isinstance(name_salts, dict):
            raise ValueError("schema tiers or name salts are not a mapping")
        return Schema(
            schema_id=str(data["schema_id"]),
            version=int(str(data["version"])),
            segments={str(k): int(v) for k, v in segments.items()},
            fold=bool(data["fold"]),
            spellings=int(str(data["spellings"])),
            flip=float(str(data["flip"])),
            salt_names=str(data.get("salt_names", "")),
            unsalted_names=bool(data.get("unsalted_names", False)),
            name_context=str(data.get("name_context", "")),
            weights={str(k): int(v) for k, v in weights.items()},
            intercept=float(str(data["intercept"])),
            coefficients={str(k): _three(v) for k, v in coefs.items()},
            tiers={str(k): str(v) for k, v in tiers.items()},
            name_salts={str(k): str(v) for k, v in name_salts.items()},
        )


def _three(value: object) -> tuple[float, float, float]:
    if not isinstance(value, list | tuple) or len(value) != 3:
        raise ValueError("coefficients: three numbers per field")
    return (float(str(value[0])), float(str(value[1])), float(str(value[2])))


DEFAULT_SCHEMA = Schema()

# Named settings for `tipnet pprl encode --profile`: "salted" (default) resists the linkage unit's
# frequency attacks; "unsalted" links names whatever the birth date (F1 higher, see docs/pprl.md) but its
# files can be mined for the most frequent names: only for parties that match their files themselves
# (each holds the secret anyway, and could test any guess under it).
PROFILES = {
    "salted": DEFAULT_SCHEMA,
    "unsalted": Schema(
        salt_names="",
        unsalted_names=True,
        name_context="",
        name_salts={},
        tiers={"phone": "phone_country"},
        segments={k: v for k, v in DEFAULT_SCHEMA.segments.items() if k not in DEFAULT_SCHEMA.name_salts},
        # fitted for v1 (unsalted names) on the calibration split of seed 13 and kept since
        intercept=-3.52,
        coefficients={
            "birth": (-2.38, 5.53, 6.0),
            "document": (-2.31, 5.07, 5.39),
            "gender": (-2.76, 5.21, -2.36),
            "name": (-4.5, 12.24, -0.36),
            "nationality": (-0.52, 0.13, -0.04),
            "phone": (-1.66, 5.17, 6.11),
        },
    ),
}


@dataclass(frozen=True)
class Keys:
    """Per-field HMAC keys, the key for pseudonymous ids, and the check value written in the file."""

    fields: dict[str, bytes]
    ids: bytes
    check: str  # hex

    def __repr__(self) -> str:  # never print a key
        return f"Keys(check={self.check[:8]}...)"


def _hkdf(secret: bytes, info: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"tipnet-pprl", info=info.encode("utf-8")).derive(
        secret
    )


def derive_keys(secret: bytes, schema: Schema = DEFAULT_SCHEMA) -> Keys:
    """HKDF-SHA256 keys per field (bound to the schema id and version), and the check value."""
    if len(secret) < MIN_SECRET_BYTES:
        raise SecretError(f"the secret has {len(secret)} bytes; at least {MIN_SECRET_BYTES} are needed")
    base = f"{schema.schema_id}/v{schema.version}"
    fields = {f: _hkdf(secret, f"{base}/field/{f}") for f in FIELDS}
    check = hmac.new(_hkdf(secret, f"{base}/check"), _CHECK_LABEL, "sha256").hexdigest()
    return Keys(fields, _hkdf(secret, f"{base}/ids"), check)


def read_secret(path: Path) -> bytes:
    """The shared secret from a file: its bytes, a trailing newline removed (a key typed or pasted)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SecretError(f"{path}: cannot read the secret file ({exc.strerror or exc})") from None
    data = data.rstrip(b"\r\n")
    if not data.strip():
        raise SecretError(f"{path}: the secret file is empty")
    return data
