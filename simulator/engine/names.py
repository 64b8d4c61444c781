"""Our own name lists, for locales where Faker's are poor.

Faker's ``vi_VN`` provider has Vietnamese family names but only "John" and "Jane" as given
names, so Vietnamese patients are built here: family name, middle name, given name (Nguyễn
Thị Lan), with the diacritics kept (the UI's Noto Sans draws them; a test checks its
character map). The caller introduces themselves by the given name, the last word.

Faker's ``es_MX`` names are good apart from a few misspelled family names, mended here.
"""

from __future__ import annotations

import random

#: The most common Vietnamese family names (together they cover most Vietnamese people).
VI_FAMILY: tuple[str, ...] = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
    "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Mai")
VI_MIDDLE_F: tuple[str, ...] = ("Thị", "Thị", "Ngọc", "Thu", "Kim", "Thanh", "Minh", "Bảo")
VI_MIDDLE_M: tuple[str, ...] = ("Văn", "Văn", "Minh", "Quang", "Đức", "Hữu", "Thanh", "Công")
VI_GIVEN_F: tuple[str, ...] = (
    "Lan", "Hương", "Linh", "Trang", "Thảo", "Hà", "Mai", "Phương", "Anh", "Vy", "Hạnh",
    "Yến", "Nhung", "Quỳnh", "Hoa", "Ngân", "Thủy", "Hằng", "Tâm", "Diệp")
VI_GIVEN_M: tuple[str, ...] = (
    "Tuấn", "Dũng", "Hùng", "Nam", "Long", "Phúc", "Khang", "Huy", "Bảo", "Duy", "Thắng",
    "Sơn", "Quang", "Trung", "Hải", "Khoa", "Thành", "Vinh", "Đạt", "Hiếu")

#: Misspellings in Faker's es_MX family names, and the spelling people actually use.
ES_MX_FIXES: dict[str, str] = {"Rodríquez": "Rodríguez", "Villareal": "Villarreal"}


def vietnamese(r: random.Random, female: bool) -> tuple[str, str]:
    """A Vietnamese full name in its own order, and the given name the person goes by.

    Args:
        r: The stream to draw from.
        female: A woman's middle and given names, else a man's.

    Returns:
        (full name such as "Nguyễn Thị Lan", given name such as "Lan").

    """
    family = r.choice(VI_FAMILY)
    middle = r.choice(VI_MIDDLE_F if female else VI_MIDDLE_M)
    given = r.choice(VI_GIVEN_F if female else VI_GIVEN_M)
    return f"{family} {middle} {given}", given


def mend(locale: str, name: str) -> str:
    """Correct the known misspellings in one Faker-made name part."""
    if locale == "es_MX":
        return " ".join(ES_MX_FIXES.get(part, part) for part in name.split())
    return name


#: Locales whose names come from this module instead of Faker.
OWN_LISTS = frozenset({"vi_VN"})
