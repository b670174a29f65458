//! 時系列 (the timeline strip): a clinic's procedures on one date axis, as the PDF and the
//! window draw it.

use jiff::civil::{Date, date};
use onshi_core::Store;
use onshi_core::checklist::strip::{SpanKind, TimelineStrip};
use onshi_core::checklist::{self, Env};

use crate::support::{add_clinic, shokei_with_certificates};

fn strip_on(store: &Store, id: &onshi_core::ClinicId, today: Date) -> Option<TimelineStrip> {
    let env = Env::embedded(today).unwrap();
    let case = store.case(id).unwrap();
    let status = checklist::status(&env, &case).unwrap();
    checklist::timeline_strip(&env, &case, &status).unwrap()
}

fn row<'s>(strip: &'s TimelineStrip, label: &str) -> &'s checklist::strip::StripRow {
    strip
        .rows
        .iter()
        .find(|r| r.label.contains(label))
        .unwrap_or_else(|| panic!("no row {label}: {:#?}", strip.rows))
}

#[test]
fn a_clinic_with_nothing_dated_has_no_strip() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let id = add_clinic(&mut store, "まだ何もない医院", "13", "1234567");
    assert!(strip_on(&store, &id, date(2026, 12, 1)).is_none());
}

#[test]
fn the_strip_shows_done_waiting_the_grace_period_and_today_in_date_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let id = shokei_with_certificates(&mut store, "みどり内科クリニック");
    let strip = strip_on(&store, &id, date(2026, 12, 28)).unwrap();

    // Every fraction lies on the axis, each span runs forwards.
    for r in &strip.rows {
        for s in &r.spans {
            assert!(0.0 <= s.from && s.from <= s.to && s.to <= 1.0, "{s:?}");
        }
        for m in &r.marks {
            assert!((0.0..=1.0).contains(&m.at), "{m:?}");
        }
    }
    assert!(strip.today_label.contains("2026/12/28"));

    // The 承継 is done: from the 承継届出 (12/1) to the code switch (12/22).
    let shokei = row(&strip, "承継");
    assert_eq!(shokei.spans.len(), 1, "{shokei:?}");
    assert_eq!(shokei.spans[0].kind, SpanKind::Done);
    assert!(shokei.spans[0].text.contains("2026/12/1"), "{shokei:?}");

    // Each terminal waits for its 通知書 from 12/25 until about 1/7 (5 business days across
    // 年末年始), and today (12/28) lies inside that wait.
    for terminal in ["受付PC", "診察室PC"] {
        let r = row(&strip, terminal);
        let wait = r
            .spans
            .iter()
            .find(|s| s.kind == SpanKind::Waiting)
            .unwrap_or_else(|| panic!("{r:?}"));
        assert!(wait.text.contains("2027/1/7"), "{}", wait.text);
        assert!(wait.from < strip.today_at && strip.today_at < wait.to);
        assert!(!r.late);
    }
    // The grace period starts with the 承継届出 and ends after the waits, with the last safe
    // day to apply marked inside it.
    let grace = row(&strip, "猶予");
    let band = &grace.spans[0];
    assert_eq!(band.kind, SpanKind::Grace);
    assert!((band.from - shokei.spans[0].from).abs() < 1e-9);
    assert!(band.to > row(&strip, "受付PC").spans[0].to);
    assert_eq!(grace.marks.len(), 2, "{grace:?}");
    assert!(
        grace
            .marks
            .iter()
            .all(|m| band.from < m.at && m.at <= band.to)
    );
    assert!(strip.summary.contains("ありません"), "{}", strip.summary);
}

#[test]
fn a_wait_past_its_date_turns_red_until_today() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let id = shokei_with_certificates(&mut store, "みどり内科クリニック");
    // Three weeks later, the 通知書 still not recorded.
    let strip = strip_on(&store, &id, date(2027, 1, 20)).unwrap();
    let r = row(&strip, "受付PC");
    assert!(r.late, "{r:?}");
    let wait = r
        .spans
        .iter()
        .find(|s| s.kind == SpanKind::Waiting)
        .unwrap();
    let late = r.spans.iter().find(|s| s.kind == SpanKind::Late).unwrap();
    assert!(
        (late.from - wait.to).abs() < 1e-9,
        "late starts where the wait ends"
    );
    assert!((late.to - strip.today_at).abs() < 1e-9, "and runs to today");
    assert!(strip.summary.contains("2件"), "{}", strip.summary);
    assert_eq!(strip.late, 2);
}
