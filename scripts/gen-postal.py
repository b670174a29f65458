#!/usr/bin/env python3
"""Turns Japan Post's postal data into the compact table the core embeds (assets/postal/postal.bin).

Inputs (from ../shared/data/japanpost/ unless given):
  utf_ken_all.zip  住所の郵便番号 (UTF-8, full-width kana)
  jigyosyo.zip     大口事業所個別番号 (Shift_JIS, half-width kana)

Output format (little endian), read by src-tauri/core/src/postal.rs. Everything a lookup needs for
one code sits in one contiguous entry of the text. The reader walks the entries once at load and
builds a small index (5-digit prefix → codes → entry offset) that stays in the CPU cache, so a
lookup costs about one cache miss, in the entry itself:
  magic      8 bytes  b"ONSHIPC2"
  header     6 × u32  ken_all date (YYYYMMDD), jigyosyo date, n_codes, n_cities, text bytes,
                      offset in text of the first entry
  cities     n_cities × (u32 offset, u16 name bytes, u16 kana bytes, u8 pref, 3 bytes padding);
             the kana follows the name in text
  prefs      47 × (u32 offset, u32 bytes)   prefecture kana in text
  text       UTF-8 as a whole: first the city and prefecture strings, then one entry per code,
             ascending by code. Numbers inside it are "n14": two bytes of 7 bits each (low
             first), so they are ASCII and the whole section stays valid UTF-8 (checked once at
             load).
             entry = the code as 7 ASCII digits, n14 rows, then per row: n14 city, 1 byte flags
                     (1 = 大口事業所), n14 len + town, n14 len + town kana,
                     [n14 len + office name if flags & 1]
             Rows of a code: addresses first, then offices.

Town names are cleaned the way an address form needs them: 「以下に掲載がない場合」, 「…の次に番地が
くる場合」 and 「…一円」 become empty (the code covers the whole city). Office (事業所) rows carry the
office name and the street address after the town; their kana is the office name converted to
full-width (NFKC). Run: python3 scripts/gen-postal.py [ken_all.zip jigyosyo.zip]
"""
import csv
import io
import struct
import sys
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "japanpost"
KEN = Path(sys.argv[1]) if len(sys.argv) > 2 else DATA / "utf_ken_all.zip"
JIG = Path(sys.argv[2]) if len(sys.argv) > 2 else DATA / "jigyosyo.zip"
OUT = ROOT / "assets" / "postal" / "postal.bin"
FLAG_OFFICE = 1


def read_zip(path, encoding):
    with zipfile.ZipFile(path) as z:
        info = z.infolist()[0]
        y, m, d = info.date_time[:3]
        text = z.read(info).decode(encoding)
    return list(csv.reader(io.StringIO(text))), y * 10000 + m * 100 + d


def clean_town(town, kana):
    if town == "以下に掲載がない場合" or town.endswith("の次に番地がくる場合") or town.endswith("一円") and len(town) <= 8:
        return "", ""
    return town, kana


def strip_note(text, open_, close):
    """「北一条西（２０～２８丁目）」 → 「北一条西」: the note after a town name."""
    at = text.find(open_)
    return text[:at] if at > 0 and text.endswith(close) else text


def main():
    ken, ken_date = read_zip(KEN, "utf-8")
    jig, jig_date = read_zip(JIG, "cp932")

    text = bytearray()
    placed = {}

    def put(value):
        """Appends a string to text once, returning (offset, bytes) (city and prefecture names)."""
        if value not in placed:
            data = value.encode("utf-8")
            placed[value] = (len(text), len(data))
            text.extend(data)
        return placed[value]

    cities, city_index, pref_kana = [], {}, {}

    def city(jis, pref, name, kana):
        key = (jis, name)
        if key not in city_index:
            city_index[key] = len(cities)
            cities.append((name, kana, pref))
        return city_index[key]

    rows = []  # (code, flags, town, town kana, office, city)
    town_kana_of = {}  # (jis, town) -> kana, to give office rows the town's kana
    city_kana_of = {}
    for r in ken:
        jis, code, pkana, ckana, tkana, pref_name, cname, town = r[0], r[2], r[3], r[4], r[5], r[6], r[7], r[8]
        pref = int(jis[:2])
        pref_kana[pref] = pkana
        city_kana_of[jis] = ckana
        town, tkana = clean_town(town, tkana)
        town_kana_of.setdefault((jis, town), tkana)
        town_kana_of.setdefault((jis, strip_note(town, "（", "）")), strip_note(tkana, "（", "）"))
        rows.append((int(code), 0, town, tkana, "", city(jis, pref, cname, ckana)))
    for r in jig:
        jis, okana, oname, pref_name, cname, town, street, code = r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]
        pref = int(jis[:2])
        office = unicodedata.normalize("NFKC", oname).replace("\u3000", " ").strip()
        # The office's address line: 町域 + 番地 (what the 所在地 field needs).
        address = (town + street).strip()
        tkana = town_kana_of.get((jis, town), "")
        rows.append((int(code), FLAG_OFFICE, address, tkana, office, city(jis, pref, cname, city_kana_of.get(jis, ""))))
    rows.sort(key=lambda x: (x[0], x[1], x[2]))

    def n14(n):
        if not 0 <= n < 1 << 14:
            raise ValueError(f"{n} does not fit in n14")
        return bytes((n & 0x7F, n >> 7))

    def counted(value):
        data = value.encode("utf-8")
        return n14(len(data)) + data

    city_rows = []
    for name, kana, pref in cities:
        offset, name_len = put(name + kana)[0], len(name.encode("utf-8"))
        city_rows.append((offset, name_len, len(kana.encode("utf-8")), pref))
    pref_rows = [put(pref_kana.get(p, "")) for p in range(1, 48)]

    entries_at = len(text)
    n_codes = 0
    i = 0
    while i < len(rows):
        code = rows[i][0]
        j = i
        while j < len(rows) and rows[j][0] == code:
            j += 1
        n_codes += 1
        entry = bytearray(b"%07d" % code) + n14(j - i)
        for _, flags, town, tkana, office, city_id in rows[i:j]:
            entry += n14(city_id) + bytes((flags,)) + counted(town) + counted(tkana)
            if flags & FLAG_OFFICE:
                entry += counted(office)
        text.extend(entry)
        i = j
    text.decode("utf-8")  # the reader relies on it

    out = bytearray(b"ONSHIPC2")
    out += struct.pack("<6I", ken_date, jig_date, n_codes, len(cities), len(text), entries_at)
    for offset, name_len, kana_len, pref in city_rows:
        out += struct.pack("<IHHB3x", offset, name_len, kana_len, pref)
    for offset, length in pref_rows:
        out += struct.pack("<II", offset, length)
    out += text
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(out)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(out):,} bytes; {len(rows):,} rows "
          f"({len(ken):,} addresses + {len(jig):,} offices), {n_codes:,} codes, {len(cities):,} cities; "
          f"data dates {ken_date} / {jig_date}")


if __name__ == "__main__":
    main()
