"""Composers: valid MRZ lines for every Doc 9303 format, from the holder's and the document's data.

Used by the scenario simulator and by tests; they raise ValueError on data no MRZ can hold (a document
number with punctuation, optional data too long), because a composer that silently mangled its input would
produce documents that only look valid.
"""

from __future__ import annotations

from datetime import date

from tipnet.identity.mrz.formats import ALPHABET, FILLER, check_digit, yymmdd
from tipnet.identity.mrz.names import compose_name_field

_SEX = {"F": "F", "M": "M", "X": FILLER, "<": FILLER, "": FILLER}


def _code(value: str, width: int, what: str) -> str:
    """An upper-case code padded with fillers (document type, state code, optional data)."""
    text = value.strip().upper().replace(" ", FILLER)
    if len(text) > width:
        raise ValueError(f"{what} {value!r} is longer than {width} characters")
    if not ALPHABET.issuperset(text):
        raise ValueError(f"{what} {value!r} holds characters outside A-Z, 0-9 and '<'")
    return text.ljust(width, FILLER)


def _name_field(surname: str, given_names: str, width: int, expand_umlauts: bool) -> str:
    field, _ = compose_name_field(surname, given_names, width, expand_umlauts=expand_umlauts)
    if field == FILLER * width:
        raise ValueError(f"no name left in the MRZ alphabet: {surname!r}, {given_names!r}")
    return field


def _sex(value: str) -> str:
    # Doc 9303 writes unspecified sex as '<' in the MRZ (X appears only in the visual zone).
    try:
        return _SEX[value.strip().upper()]
    except KeyError:
        raise ValueError(f"sex must be F, M or X, not {value!r}") from None


def _number(value: str) -> str:
    text = value.strip().upper().replace(" ", "")
    if not text or not ALPHABET.issuperset(text) or FILLER in text:
        raise ValueError(f"document number {value!r} must be letters and digits")
    return text


def _long_number(number: str, optional_width: int) -> tuple[str, str, str]:
    """(number field, its check digit, start of the optional data) for a number of any length.

    Doc 9303 Part 5/6 (TD1/TD2): beyond 9 characters, the first 9 go in the number field, '<' takes the
    place of the check digit, and the optional data begins with the rest of the number and its check digit.
    """
    if len(number) <= 9:
        return number.ljust(9, FILLER), check_digit(number.ljust(9, FILLER)), ""
    rest = number[9:] + check_digit(number)
    if len(rest) > optional_width:
        raise ValueError(f"document number {number!r} is too long for this format")
    return number[:9], FILLER, rest


def _optional_after(prefix: str, optional_data: str, width: int) -> str:
    if not prefix:
        return _code(optional_data, width, "optional data")
    if not optional_data:
        return prefix.ljust(width, FILLER)
    # The continued number ends at the first filler, so the optional data must follow one.
    return _code(prefix + FILLER + optional_data.strip().upper(), width, "optional data")


def compose_td3(
    *,
    document_type: str = "P",
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: date,
    sex: str,
    expiry_date: date,
    optional_data: str = "",
    expand_umlauts: bool = True,
) -> tuple[str, str]:
    """TD3 (passport booklet): 2 lines of 44."""
    number = _number(document_number)
    if len(number) > 9:
        raise ValueError(f"a TD3 document number has at most 9 characters, not {number!r}")
    name = _name_field(surname, given_names, 39, expand_umlauts)
    line1 = _code(document_type, 2, "document type") + _code(issuing_state, 3, "issuing state") + name
    num = number.ljust(9, FILLER)
    opt = _code(optional_data, 14, "optional data")
    # An all-filler optional data field may carry '<' as its check digit (Doc 9303 Part 4, 4.2.2).
    opt_cd = FILLER if opt == FILLER * 14 else check_digit(opt)
    birth, expiry = yymmdd(birth_date), yymmdd(expiry_date)
    body = (
        num
        + check_digit(num)
        + _code(nationality, 3, "nationality")
        + birth
        + check_digit(birth)
        + _sex(sex)
        + expiry
        + check_digit(expiry)
        + opt
        + opt_cd
    )
    composite = check_digit(body[0:10] + body[13:20] + body[21:43])
    return line1, body + composite


def compose_td1(
    *,
    document_type: str = "I",
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: date,
    sex: str,
    expiry_date: date,
    optional_data: str = "",
    optional_data_2: str = "",
    expand_umlauts: bool = True,
) -> tuple[str, str, str]:
    """TD1 (identity card): 3 lines of 30; numbers beyond 9 characters continue in the optional data."""
    num, num_cd, prefix = _long_number(_number(document_number), 15)
    line1 = (
        _code(document_type, 2, "document type")
        + _code(issuing_state, 3, "issuing state")
        + num
        + num_cd
        + _optional_after(prefix, optional_data, 15)
    )
    birth, expiry = yymmdd(birth_date), yymmdd(expiry_date)
    line2 = (
        birth
        + check_digit(birth)
        + _sex(sex)
        + expiry
        + check_digit(expiry)
        + _code(nationality, 3, "nationality")
        + _code(optional_data_2, 11, "optional data 2")
    )
    line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    line3 = _name_field(surname, given_names, 30, expand_umlauts)
    return line1, line2, line3


def compose_td2(
    *,
    document_type: str = "I",
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: date,
    sex: str,
    expiry_date: date,
    optional_data: str = "",
    expand_umlauts: bool = True,
) -> tuple[str, str]:
    """TD2 (identity card, larger): 2 lines of 36; long numbers continue in the optional data."""
    num, num_cd, prefix = _long_number(_number(document_number), 7)
    name = _name_field(surname, given_names, 31, expand_umlauts)
    line1 = _code(document_type, 2, "document type") + _code(issuing_state, 3, "issuing state") + name
    birth, expiry = yymmdd(birth_date), yymmdd(expiry_date)
    body = (
        num
        + num_cd
        + _code(nationality, 3, "nationality")
        + birth
        + check_digit(birth)
        + _sex(sex)
        + expiry
        + check_digit(expiry)
        + _optional_after(prefix, optional_data, 7)
    )
    return line1, body + check_digit(body[0:10] + body[13:20] + body[21:35])


def _compose_visa(
    width: int,
    *,
    document_type: str,
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: date,
    sex: str,
    expiry_date: date,
    optional_data: str,
    expand_umlauts: bool,
) -> tuple[str, str]:
    number = _number(document_number)
    if len(number) > 9:
        raise ValueError(f"a visa number has at most 9 characters, not {number!r}")
    if not document_type.strip().upper().startswith("V"):
        raise ValueError(f"a visa's document type starts with V, not {document_type!r}")
    name = _name_field(surname, given_names, width - 5, expand_umlauts)
    line1 = _code(document_type, 2, "document type") + _code(issuing_state, 3, "issuing state") + name
    num = number.ljust(9, FILLER)
    birth, expiry = yymmdd(birth_date), yymmdd(expiry_date)
    line2 = (
        num
        + check_digit(num)
        + _code(nationality, 3, "nationality")
        + birth
        + check_digit(birth)
        + _sex(sex)
        + expiry
        + check_digit(expiry)
        + _code(optional_data, width - 28, "optional data")
    )
    return line1, line2


def compose_mrva(
    *,
    document_type: str = "V",
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: date,
    sex: str,
    expiry_date: date,
    optional_data: str = "",
    expand_umlauts: bool = True,
) -> tuple[str, str]:
    """MRV-A (full-page visa): 2 lines of 44, no composite check digit, 16 optional characters."""
    return _compose_visa(
        44,
        document_type=document_type,
        issuing_state=issuing_state,
        surname=surname,
        given_names=given_names,
        document_number=document_number,
        nationality=nationality,
        birth_date=birth_date,
        sex=sex,
        expiry_date=expiry_date,
        optional_data=optional_data,
        expand_umlauts=expand_umlauts,
    )


def compose_mrvb(
    *,
    document_type: str = "V",
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: date,
    sex: str,
    expiry_date: date,
    optional_data: str = "",
    expand_umlauts: bool = True,
) -> tuple[str, str]:
    """MRV-B (smaller visa): 2 lines of 36, no composite check digit, 8 optional characters."""
    return _compose_visa(
        36,
        document_type=document_type,
        issuing_state=issuing_state,
        surname=surname,
        given_names=given_names,
        document_number=document_number,
        nationality=nationality,
        birth_date=birth_date,
        sex=sex,
        expiry_date=expiry_date,
        optional_data=optional_data,
        expand_umlauts=expand_umlauts,
    )
