#!/usr/bin/env python3
"""Turns Japan Post's postal data into the compact table the core embeds (assets/postal/postal.bin).

Inputs (from ../shared/data/japanpost/ unless given):
  utf_ken_all.zip  住所の郵便番号 (UTF-8, full-width kana)
  jigyosyo.zip     大口事業所個別番号 (Shift_JIS, half-width kana)

Output format (little endian), read by src-tauri/core/src/postal.rs:
  magic      8 bytes  b"ONSHIPC1"
  header     7 × u32  ken_all date (YYYYMMDD), jigyosyo date, n_records, n_cities, n_strings,
                      string bytes, reserved (0)
  codes      n_records × u32     postal code as a number, sorted (a code with several rows repeats)
  records    n_records × 16 bytes  u32 town, u32 town_kana, u32 office (0 = none), u16 city, u16 flags
  cities     n_cities × 12 bytes   u32 name, u32 kana, u8 pref, 3 bytes padding
  prefs      47 × u32            prefecture kana
  offsets    (n_strings + 1) × u32 byte offsets into the string bytes
  strings    UTF-8 bytes; string 0 is "".

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

    strings, index = [""], {"": 0}

    def s(text):
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    cities, city_index, pref_kana = [], {}, {}

    def city(jis, pref, name, kana):
        key = (jis, name)
        if key not in city_index:
            city_index[key] = len(cities)
            cities.append((s(name), s(kana), pref))
        return city_index[key]

    records = []
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
        records.append((int(code), s(town), s(tkana), 0, city(jis, pref, cname, ckana), 0))
    for r in jig:
        jis, okana, oname, pref_name, cname, town, street, code = r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]
        pref = int(jis[:2])
        office = unicodedata.normalize("NFKC", oname).replace("\u3000", " ").strip()
        # The office's address line: 町域 + 番地 (what the 所在地 field needs).
        address = (town + street).strip()
        tkana = town_kana_of.get((jis, town), "")
        records.append((int(code), s(address), s(tkana), s(office), city(jis, pref, cname, city_kana_of.get(jis, "")), FLAG_OFFICE))

    records.sort(key=lambda x: (x[0], x[5], x[1]))
    pref_kana_ids = [s(pref_kana.get(p, "")) for p in range(1, 48)]  # last strings registered
    blob = bytearray()
    offsets = []
    for text in strings:
        offsets.append(len(blob))
        blob += text.encode("utf-8")
    offsets.append(len(blob))

    out = bytearray(b"ONSHIPC1")
    out += struct.pack("<7I", ken_date, jig_date, len(records), len(cities), len(strings), len(blob), 0)
    out += struct.pack(f"<{len(records)}I", *(r[0] for r in records))
    for code, town, tkana, office, city_id, flags in records:
        out += struct.pack("<IIIHH", town, tkana, office, city_id, flags)
    for name, kana, pref in cities:
        out += struct.pack("<IIB3x", name, kana, pref)
    out += struct.pack("<47I", *pref_kana_ids)
    out += struct.pack(f"<{len(offsets)}I", *offsets)
    out += blob
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(out)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(out):,} bytes; {len(records):,} rows "
          f"({len(ken):,} addresses + {len(jig):,} offices), {len(cities):,} cities, {len(strings):,} strings; "
          f"data dates {ken_date} / {jig_date}")


if __name__ == "__main__":
    main()
