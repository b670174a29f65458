//! Timelines: expected dates and deadlines from `manuals/timelines.toml` (domain.md §4.2, §5).

use jiff::civil::date;
use onshi_core::calendar::Calendar;
use onshi_core::timeline::{Certainty, RuleKind, Rules};

fn rules() -> Rules {
    Rules::embedded().unwrap()
}

fn cal() -> &'static Calendar {
    Calendar::embedded()
}

#[test]
fn the_embedded_rules_parse_and_each_names_a_source() {
    let r = rules();
    assert!(r.version >= 1);
    let mut ids: Vec<&str> = r.rules.iter().map(|x| x.id.as_str()).collect();
    for rule in &r.rules {
        assert!(!rule.source.trim().is_empty(), "{} needs a source", rule.id);
        assert!(!rule.title.trim().is_empty(), "{} needs a title", rule.id);
    }
    ids.sort();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "rule ids are unique");
    for id in [
        "certificate-notice",
        "shokei-mail-2",
        "customer-id-change",
        "certificate-validity",
        "certificate-renewal-reminder",
        "online-claim-first-month",
        "shokei-grace",
    ] {
        assert!(r.get(id).is_ok(), "{id} is defined");
    }
}

#[test]
fn certificate_notice_across_the_year_end() {
    // The worked example: 12/25 申請 → 5営業日 (12/29–1/3 は年末年始) → 1/7 頃.
    let e = rules()
        .estimate(cal(), "certificate-notice", date(2026, 12, 25), "申請")
        .unwrap();
    assert_eq!(e.date, date(2027, 1, 7));
    assert_eq!(
        e.late,
        Some(date(2027, 1, 12)),
        "7 business days: 1/9–10 週末, 1/11 成人の日"
    );
    assert_eq!(
        e.explanation,
        "2026年12月25日(金) 申請 → 5営業日（2026年12月29日(火)–2027年1月3日(日) は年末年始） → 2027年1月7日(木) 頃（遅くとも 2027年1月12日(火) 頃）"
    );
    assert!(!e.provisional);
    assert_eq!(e.certainty, Certainty::Verified);
}

#[test]
fn certificate_notice_names_the_holidays_it_skips() {
    let e = rules()
        .estimate(cal(), "certificate-notice", date(2026, 9, 18), "申請")
        .unwrap();
    assert_eq!(e.date, date(2026, 9, 30));
    assert!(
        e.explanation
            .contains("（2026年9月21日(月) 敬老の日、2026年9月22日(火) 国民の休日、2026年9月23日(水) 秋分の日）"),
        "{}",
        e.explanation
    );
}

#[test]
fn uncertain_rules_say_they_are_estimates() {
    let e = rules()
        .estimate(cal(), "shokei-mail-2", date(2026, 11, 2), "メール1受信")
        .unwrap();
    assert_eq!(e.date, date(2026, 11, 16));
    assert_eq!(e.certainty, Certainty::Uncertain);
    assert!(e.explanation.contains("目安"), "{}", e.explanation);
}

#[test]
fn certificate_validity_is_three_years_three_months_and_provisional_beyond_the_table() {
    let e = rules()
        .estimate(cal(), "certificate-validity", date(2026, 11, 23), "発行")
        .unwrap();
    assert_eq!(e.date, date(2030, 2, 23));
    assert!(e.provisional, "2030's holidays are not published yet");
    assert!(e.explanation.contains("3年3か月"), "{}", e.explanation);
    assert!(e.explanation.contains("暫定"), "{}", e.explanation);
    let reminder = rules()
        .estimate(
            cal(),
            "certificate-renewal-reminder",
            date(2026, 11, 23),
            "発行",
        )
        .unwrap();
    assert_eq!(reminder.date, date(2029, 11, 23));
}

#[test]
fn shokei_grace_is_120_days_unless_the_old_certificate_expires_first() {
    let g = rules()
        .shokei_grace(cal(), date(2026, 11, 23), None, None)
        .unwrap();
    assert_eq!(g.deadline.date, date(2027, 3, 23));
    // 3/23 − 7日 = 3/16; the latest day whose +5営業日 is on or before 3/16 is 3/9.
    assert_eq!(g.latest_safe_application.date, date(2027, 3, 9));
    assert!(
        g.deadline.explanation.contains("120日後"),
        "{}",
        g.deadline.explanation
    );

    let g = rules()
        .shokei_grace(cal(), date(2026, 11, 23), None, Some(date(2027, 1, 15)))
        .unwrap();
    assert_eq!(g.deadline.date, date(2027, 1, 15));
    assert!(
        g.deadline.explanation.contains("有効期限"),
        "{}",
        g.deadline.explanation
    );
    // 1/15 − 7日 = 1/8 (Fri); 12/28 + 5営業日 = 1/8 (12/29–1/3 are off).
    assert_eq!(g.latest_safe_application.date, date(2026, 12, 28));
}

/// 003 A1-1: the 120 days run from the old institution's 廃止 or the 承継 notification, whichever
/// came first; the explanation says which, and the expiry cap still applies.
#[test]
fn shokei_grace_counts_from_the_abolition_when_it_came_first() {
    let g = rules()
        .shokei_grace(cal(), date(2026, 12, 1), Some(date(2026, 10, 31)), None)
        .unwrap();
    assert_eq!(g.deadline.date, date(2027, 2, 28), "10/31 + 120 days");
    assert!(
        g.deadline.explanation.contains("廃止")
            && g.deadline.explanation.contains("2026年12月1日(火)"),
        "{}",
        g.deadline.explanation
    );
    assert!(g.latest_safe_application.date < g.deadline.date);
    // Abolished after the notification: the notification counts.
    let g = rules()
        .shokei_grace(cal(), date(2026, 12, 1), Some(date(2026, 12, 10)), None)
        .unwrap();
    assert_eq!(g.deadline.date, date(2027, 3, 31));
    assert!(
        !g.deadline.explanation.contains("廃止"),
        "{}",
        g.deadline.explanation
    );
    // The old certificate's expiry still caps it.
    let g = rules()
        .shokei_grace(
            cal(),
            date(2026, 12, 1),
            Some(date(2026, 10, 31)),
            Some(date(2027, 1, 31)),
        )
        .unwrap();
    assert_eq!(g.deadline.date, date(2027, 1, 31));
}

#[test]
fn first_claim_month_follows_the_20th_cutoff() {
    let r = rules();
    for (applied, year, month) in [
        (date(2026, 5, 18), 2026, 7), // seed 001's example
        (date(2026, 5, 20), 2026, 7), // 「20日まで」 includes the 20th
        (date(2026, 5, 23), 2026, 8), // seed 001's example
        (date(2026, 11, 20), 2027, 1),
        (date(2026, 11, 21), 2027, 2),
        (date(2026, 12, 31), 2027, 3),
    ] {
        let m = r.first_claim_month(applied).unwrap();
        assert_eq!((m.year, m.month), (year, month), "applied {applied}");
    }
    assert!(
        r.first_claim_month(date(2026, 5, 23))
            .unwrap()
            .explanation
            .contains("20日より後")
    );
}

#[test]
fn a_content_edit_changes_the_result_without_code() {
    let text = onshi_core::manuals::text("timelines.toml")
        .unwrap()
        .replace(
            "days = 5\nlate_business_days = 7",
            "days = 3\nlate_business_days = 4",
        );
    let edited = Rules::parse(&text).unwrap();
    assert!(matches!(
        edited.get("certificate-notice").unwrap().kind,
        RuleKind::BusinessDays { days: 3, .. }
    ));
    let e = edited
        .estimate(cal(), "certificate-notice", date(2026, 11, 24), "申請")
        .unwrap();
    assert_eq!(e.date, date(2026, 11, 27));
}

#[test]
fn malformed_rules_are_a_content_error_not_a_panic() {
    let err = Rules::parse("version = 1\n[[rule]]\nid = \"x\"\nkind = \"warp-speed\"").unwrap_err();
    assert_eq!(err.kind(), onshi_core::ErrorKind::ContentInvalid);
}

#[test]
fn customer_id_change_must_start_before_the_old_line_ends() {
    let e = rules()
        .latest_start(
            cal(),
            "customer-id-change",
            date(2027, 1, 8),
            "旧回線の解約",
        )
        .unwrap();
    // 12/28 + 5営業日 = 1/8 (12/29–1/3 are off), so 12/28 is the last day.
    assert_eq!(e.date, date(2026, 12, 28));
    assert_eq!(
        cal().add_business_days(e.date, 5).unwrap(),
        date(2027, 1, 8)
    );
    // 003 gives the 5 business days itself (「処理に5営業日程度必要」): not an estimate of ours.
    assert!(!e.explanation.contains("目安"), "{}", e.explanation);
    assert!(!e.provisional);
}

#[test]
fn today_is_the_date_in_tokyo_whatever_the_pc_zone() {
    use onshi_core::calendar::tokyo_date;
    // 2026-11-23 15:30 UTC is already 11/24 in Tokyo.
    let late_utc: jiff::Timestamp = "2026-11-23T15:30:00Z".parse().unwrap();
    assert_eq!(tokyo_date(late_utc).unwrap(), date(2026, 11, 24));
    let early_utc: jiff::Timestamp = "2026-11-23T14:59:59Z".parse().unwrap();
    assert_eq!(tokyo_date(early_utc).unwrap(), date(2026, 11, 23));
}
