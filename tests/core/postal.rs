//! Japan Post postal data: the embedded table, lookups and the postal-code check (domain.md §8).

use onshi_core::postal::PostalTable;
use onshi_core::validate::postal_code::check;
use onshi_core::{ErrorKind, Prefecture};

fn table() -> &'static PostalTable {
    PostalTable::embedded().unwrap()
}

#[test]
fn every_code_in_the_data_resolves() {
    let t = table();
    let mut distinct = 0;
    for code in t.codes() {
        let found = t.lookup(code);
        assert!(!found.is_empty(), "{code:07} does not resolve");
        for a in &found {
            assert_eq!(a.postal_code, code);
            assert!(!a.city.is_empty(), "{code:07} has no city");
            assert!(
                !a.prefecture_kana.is_empty(),
                "{code:07} has no prefecture kana"
            );
        }
        distinct += 1;
    }
    // 120,680 address codes + office codes (2026-05 data).
    assert!(distinct > 140_000, "{distinct} distinct codes");
    assert_eq!(distinct, t.code_count());
    assert_eq!(
        t.len(),
        146_927,
        "124,511 address rows + 22,416 office rows"
    );
    assert_eq!(t.data_dates(), (20260522, 20260526));
}

#[test]
fn an_address_code_gives_kanji_and_kana() {
    let found = table().lookup(1000001);
    assert_eq!(found.len(), 1);
    let a = found[0];
    assert_eq!(a.prefecture, Prefecture::from_code("13").unwrap());
    assert_eq!((a.city, a.town), ("千代田区", "千代田"));
    assert_eq!(
        (a.prefecture_kana, a.city_kana, a.town_kana),
        ("トウキョウト", "チヨダク", "チヨダ")
    );
    assert_eq!(a.office, None);
}

#[test]
fn a_code_spanning_two_prefectures_returns_both() {
    let prefs: Vec<&str> = table()
        .lookup(4980000)
        .iter()
        .map(|a| a.prefecture.name())
        .collect();
    assert_eq!(prefs, ["愛知県", "三重県"]);
}

#[test]
fn codes_with_several_towns_return_each() {
    // Some codes have many rows in utf_ken_all (one per town).
    let t = table();
    let many = t
        .codes()
        .find(|c| t.lookup(*c).len() >= 5)
        .expect("some code has ≥ 5 rows");
    let towns: Vec<&str> = t.lookup(many).iter().map(|a| a.town).collect();
    let mut unique = towns.clone();
    unique.dedup();
    assert_eq!(
        unique.len(),
        towns.len(),
        "rows of {many:07} are distinct towns"
    );
}

#[test]
fn placeholder_towns_are_empty() {
    // 「以下に掲載がない場合」 means the code covers the whole city: no town to fill in.
    let a = table().lookup(600000)[0];
    assert_eq!((a.city, a.town, a.town_kana), ("札幌市中央区", "", ""));
}

#[test]
fn office_codes_carry_the_office_and_street() {
    let a = table().lookup(608621)[0];
    assert_eq!(a.office, Some("株式会社 日本経済新聞社 札幌支社"));
    assert!(a.town.starts_with("北一条西"), "{}", a.town);
    assert_eq!(a.town_kana, "キタ１ジョウニシ");
}

#[test]
fn the_check_warns_for_unknown_codes_and_other_prefectures() {
    let t = table();
    let (v, found) = check("〒100-0001", t, Prefecture::from_code("13"));
    assert!(v.ok() && v.warnings.is_empty() && found.len() == 1);

    let (v, _) = check("1000001", t, Prefecture::from_code("27"));
    assert_eq!(v.warnings[0].code, "postal-code.pref-mismatch");
    assert!(v.warnings[0].message.contains("東京都") && v.warnings[0].message.contains("大阪府"));

    // Either prefecture of a shared code is fine.
    let (v, _) = check("4980000", t, Prefecture::from_code("24"));
    assert!(v.warnings.is_empty(), "{:?}", v.warnings);

    let (v, found) = check("9999999", t, None);
    assert!(v.ok(), "unknown is a warning, not an error");
    assert!(found.is_empty());
    assert_eq!(v.warnings[0].code, "postal-code.unknown");
    assert!(
        v.warnings[0].message.contains("2026年5月26日"),
        "names the data's date"
    );

    let (v, found) = check("100-001", t, None);
    assert_eq!(v.errors[0].code, "postal-code.length");
    assert!(found.is_empty());
}

#[test]
fn a_damaged_table_is_refused() {
    let mut bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/postal/postal.bin"
    ))
    .unwrap();
    assert!(PostalTable::parse(Box::leak(bytes.clone().into_boxed_slice())).is_ok());
    let last = bytes.len() - 1;
    bytes.truncate(last);
    let err = PostalTable::parse(Box::leak(bytes.clone().into_boxed_slice())).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ContentInvalid);
    bytes[0] = b'X';
    assert!(PostalTable::parse(Box::leak(bytes.into_boxed_slice())).is_err());
}

#[test]
fn a_table_with_a_bad_entry_is_refused_at_load() {
    // Lookups follow the text without re-checking it, so load must refuse any entry that is
    // malformed or points outside the table (layout: scripts/gen-postal.py).
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/postal/postal.bin"
    ))
    .unwrap();
    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    let cities = u32_at(&bytes, 20) as usize;
    let text_at = 32 + 12 * cities + 8 * 47;
    let first_entry = text_at + u32_at(&bytes, 28) as usize;
    let refused = |bytes: Vec<u8>| {
        let err = PostalTable::parse(Box::leak(bytes.into_boxed_slice())).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ContentInvalid);
        format!("{err:?}")
    };
    assert_eq!(
        &bytes[first_entry..first_entry + 7],
        format!("{:07}", table().codes().next().unwrap()).as_bytes()
    );

    // The first row's city (after the 7-digit code and the 2-byte row count) set to 16383.
    let mut bad_city = bytes.clone();
    bad_city[first_entry + 9..first_entry + 11].copy_from_slice(&[0x7F, 0x7F]);
    assert!(refused(bad_city).contains("city table"));

    // A row count larger than the entry: the walk runs into the next entry and fails.
    let mut bad_rows = bytes.clone();
    bad_rows[first_entry + 7..first_entry + 9].copy_from_slice(&[0x7F, 0x7F]);
    refused(bad_rows);

    // The first code made larger than the second: the prefix table would point wrong.
    let mut unsorted = bytes.clone();
    unsorted[first_entry..first_entry + 7].copy_from_slice(b"9999999");
    assert!(refused(unsorted).contains("not sorted"));

    // A header that says there are more codes than the text holds.
    let mut bad_count = bytes;
    let n = u32_at(&bad_count, 16) + 1;
    bad_count[16..20].copy_from_slice(&n.to_le_bytes());
    assert!(refused(bad_count).contains("code count"));
}

#[test]
fn a_seven_digit_string_looks_up_the_same_rows_and_anything_else_none() {
    let t = table();
    let by_number = t.lookup(4980000);
    let by_string: Vec<_> = t.addresses_of("4980000").collect();
    assert_eq!(by_string, by_number);
    assert_eq!(by_string.len(), 2);
    for bad in [
        "498000",
        "49800000",
        "498-000",
        "４９８００００",
        "",
        "abcdefg",
    ] {
        assert_eq!(t.addresses_of(bad).count(), 0, "{bad:?}");
    }
}
