//! The technician's board (担当一覧): clinics in every state on a real store, sorted by urgency,
//! filtered with counts, searched by name, code (7 or 10 digits, full-width) and prefecture.

use jiff::civil::{Date, date};
use onshi_core::checklist::board::Urgency;
use onshi_core::checklist::{self, Env, Filter, Role, Target};
use onshi_core::{ClinicId, Store, operation};

use crate::support::{add_clinic, answer, now};

const TODAY: Date = date(2026, 12, 10);

struct Office {
    _dir: tempfile::TempDir,
    store: Store,
}

impl Office {
    fn clinic(&mut self, name: &str, pref: &str, code: &str) -> ClinicId {
        add_clinic(&mut self.store, name, pref, code)
    }

    fn answer(&mut self, id: &ClinicId, procedure: &str, answers: &[(&str, &str)]) {
        answer(&mut self.store, id, procedure, answers, TODAY);
    }

    fn record(&mut self, id: &ClinicId, event: &str, on: Date) {
        operation::record_event(
            &mut self.store,
            &Env::embedded(on).unwrap(),
            id,
            event,
            on,
            TODAY,
            &Target::default(),
            Role::Technician,
            now(),
        )
        .unwrap_or_else(|e| panic!("{event} on {on}: {e}"));
    }

    /// A certificate applied for on `on` (after the オン資 application).
    fn certificate(&mut self, id: &ClinicId, on: Date) {
        self.answer(
            id,
            "oqs",
            &[("line", "ipsec"), ("planned-month", "2027-01")],
        );
        self.record(id, "oqs-submitted", on);
        self.record(id, "certificate-submitted", on);
    }

    fn board(&self, filter: Option<Filter>, search: Option<&str>) -> Vec<(String, Urgency)> {
        let env = Env::embedded(TODAY).unwrap();
        let cases = self.store.cases().unwrap();
        let statuses = checklist::status_many(&env, &cases, 2).unwrap();
        let rows = cases
            .iter()
            .zip(&statuses)
            .map(|(c, s)| checklist::board_row(env.catalog, c, s, TODAY))
            .collect();
        checklist::board(rows, filter, search)
            .rows
            .into_iter()
            .map(|r| (r.name, r.urgency))
            .collect()
    }
}

fn office() -> Office {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    let mut o = Office { _dir: dir, store };
    // Listed in an order unlike the urgency, so the sort has work to do.
    let idle = o.clinic("井上医院", "13", "1000010");
    let _ = idle;
    let done = o.clinic("佐藤クリニック", "13", "1000028");
    o.record(&done, "login-done", date(2026, 11, 2));
    let in_progress = o.clinic("高橋内科", "27", "1000036");
    o.answer(&in_progress, "shokei", &[("new-code", "1000044")]);
    let waiting = o.clinic("田中歯科", "27", "1000051");
    // Waits for the オン資 confirmation, which has no published date.
    o.answer(
        &waiting,
        "oqs",
        &[("line", "ipsec"), ("planned-month", "2027-01")],
    );
    o.record(&waiting, "oqs-submitted", date(2026, 12, 9));
    let week = o.clinic("伊藤医院", "34", "1000069");
    o.certificate(&week, date(2026, 12, 8));
    let overdue = o.clinic("渡辺医院", "34", "1000077");
    o.certificate(&overdue, date(2026, 12, 2));
    let problem = o.clinic("山本医院", "01", "0712362");
    o.certificate(&problem, date(2026, 11, 2));
    o
}

#[test]
fn the_most_urgent_clinics_come_first() {
    let o = office();
    let rows = o.board(None, None);
    let urgencies: Vec<Urgency> = rows.iter().map(|r| r.1).collect();
    let mut sorted = urgencies.clone();
    sorted.sort();
    assert_eq!(urgencies, sorted, "{rows:?}");
    assert_eq!(
        rows[0],
        ("山本医院".to_string(), Urgency::Problem),
        "{rows:?}"
    );
    assert_eq!(rows[1].1, Urgency::Overdue, "{rows:?}");
    assert_eq!(rows[2], ("伊藤医院".to_string(), Urgency::Week), "{rows:?}");
    let of = |name: &str| rows.iter().find(|r| r.0 == name).unwrap().1;
    assert_eq!(of("高橋内科"), Urgency::InProgress);
    assert_eq!(of("佐藤クリニック"), Urgency::Done);
    assert_eq!(of("井上医院"), Urgency::Idle);
    assert_eq!(rows.last().unwrap().0, "井上医院");
}

#[test]
fn filters_keep_their_clinics_and_count_them_all() {
    let o = office();
    let env = Env::embedded(TODAY).unwrap();
    let cases = o.store.cases().unwrap();
    let statuses = checklist::status_many(&env, &cases, 1).unwrap();
    let rows: Vec<_> = cases
        .iter()
        .zip(&statuses)
        .map(|(c, s)| checklist::board_row(env.catalog, c, s, TODAY))
        .collect();
    let board = checklist::board(rows, Some(Filter::Problem), None);
    assert_eq!(board.total, 7);
    assert_eq!(board.rows.len(), 1);
    assert_eq!(board.rows[0].name, "山本医院");
    assert!(
        board.rows[0]
            .next_action
            .as_deref()
            .unwrap_or("")
            .contains("0800-0804583")
    );
    let count = |f: Filter| board.counts.iter().find(|c| c.filter == f).unwrap().count;
    assert_eq!(count(Filter::Problem), 1);
    assert_eq!(count(Filter::Week), 1);
    assert_eq!(count(Filter::Waiting), 1);
    assert_eq!(o.board(Some(Filter::Waiting), None)[0].0, "田中歯科");
    assert_eq!(count(Filter::InProgress), 1);
    assert_eq!(
        board
            .counts
            .iter()
            .find(|c| c.filter == Filter::Expiring)
            .unwrap()
            .label,
        "期限が近い証明書"
    );
    for f in Filter::ALL {
        assert_eq!(Filter::parse(f.as_str()), Some(f));
    }
    assert_eq!(Filter::parse("late"), None);
}

#[test]
fn search_finds_a_clinic_by_name_code_or_prefecture() {
    let o = office();
    let names = |search: &str| -> Vec<String> {
        o.board(None, Some(search))
            .into_iter()
            .map(|r| r.0)
            .collect()
    };
    assert_eq!(names("山本"), ["山本医院"]);
    assert_eq!(names("０７１２３６２"), ["山本医院"], "full-width digits");
    assert_eq!(
        names("01-1-0712362"),
        ["山本医院"],
        "the 10-digit code with hyphens"
    );
    let mut osaka = names("大阪");
    osaka.sort();
    assert_eq!(osaka, ["田中歯科", "高橋内科"]);
    assert!(names("存在しない医院").is_empty());
    assert_eq!(names("").len(), 7);
}

#[test]
fn any_column_sorts_both_ways_with_missing_dates_last() {
    use onshi_core::checklist::{Sort, SortKey};
    let o = office();
    let env = Env::embedded(TODAY).unwrap();
    let cases = o.store.cases().unwrap();
    let rows = checklist::board_rows(&env, &cases, 2).unwrap();
    let sorted = |key, descending| {
        checklist::board_sorted(&rows, None, None, Sort { key, descending })
            .rows
            .into_iter()
            .map(|r| (r.name, r.prefecture, r.due))
            .collect::<Vec<_>>()
    };
    // The default sort is the board's own order.
    let default: Vec<String> = sorted(SortKey::Urgency, false)
        .into_iter()
        .map(|r| r.0)
        .collect();
    let board: Vec<String> = o.board(None, None).into_iter().map(|r| r.0).collect();
    assert_eq!(default, board);

    // 都道府県 in the JIS order (北海道 first), not by the characters of the name.
    let prefs: Vec<&str> = sorted(SortKey::Prefecture, false)
        .iter()
        .map(|r| r.1)
        .collect();
    assert_eq!(prefs.first(), Some(&"北海道"), "{prefs:?}");
    assert_eq!(prefs.last(), Some(&"広島県"), "{prefs:?}");
    let back: Vec<&str> = sorted(SortKey::Prefecture, true)
        .iter()
        .map(|r| r.1)
        .collect();
    assert_eq!(back.first(), Some(&"広島県"));

    // Dates ascending or descending; the clinics waiting for nothing stay at the end.
    for descending in [false, true] {
        let dues: Vec<Option<Date>> = sorted(SortKey::Due, descending)
            .iter()
            .map(|r| r.2)
            .collect();
        let given = dues.iter().take_while(|d| d.is_some()).count();
        assert!(given >= 3, "{dues:?}");
        assert!(dues[given..].iter().all(Option::is_none), "{dues:?}");
        let mut expected = dues[..given].to_vec();
        expected.sort();
        if descending {
            expected.reverse();
        }
        assert_eq!(dues[..given], expected[..], "descending={descending}");
    }

    // Names either way round are each other's reverse.
    let up: Vec<String> = sorted(SortKey::Name, false)
        .into_iter()
        .map(|r| r.0)
        .collect();
    let mut down: Vec<String> = sorted(SortKey::Name, true)
        .into_iter()
        .map(|r| r.0)
        .collect();
    down.reverse();
    assert_eq!(up, down);
    let mut check = up.clone();
    check.sort();
    assert_eq!(up, check);
}
