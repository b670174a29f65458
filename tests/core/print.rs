//! 印刷: the core's sheets as A4 PDFs — read back with poppler's `pdftotext` and `pdffonts` (the
//! test set-up installs poppler-utils), pages rendered to PNG with `pdftoppm` and kept in
//! `target/print-artifacts/` to be looked at.

use std::path::{Path, PathBuf};
use std::process::Command;

use jiff::civil::{Date, date};
use onshi_core::checklist::Env;
use onshi_core::{NewClinicForm, Store, sheet};
use onshi_print::{Template, render};

use crate::support::{now, shokei_with_certificates};

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is missing ({e}): run scripts/setup-system.sh test (poppler-utils)")
    });
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes the PDF where it can be looked at, renders its pages to PNG, returns its text.
fn read_back(name: &str, bytes: &[u8]) -> (PathBuf, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/print-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join(format!("{name}.pdf"));
    std::fs::write(&pdf, bytes).unwrap();
    let prefix = dir.join(name);
    tool(
        "pdftoppm",
        &[
            "-r",
            "50",
            "-png",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    (pdf, text)
}

const TODAY: Date = date(2026, 12, 28);

/// pdftotext breaks lines and puts spaces between Latin and Japanese: compare without them.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn a_checklist_prints_every_step_the_expected_dates_and_the_font_as_a_subset() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let id = shokei_with_certificates(&mut store, "みどり内科クリニック");
    let env = Env::embedded(TODAY).unwrap();
    let case = store.case(&id).unwrap();
    let sheet = sheet::checklist_sheet(&env, &case, false).unwrap();
    let pdf = render(Template::Checklist, &sheet).unwrap();
    assert!(pdf.warnings.is_empty(), "{:?}", pdf.warnings);
    let (path, text) = read_back("checklist", &pdf.bytes);
    let flat = squeezed(&text);
    assert!(flat.contains("みどり内科クリニック"));
    assert!(
        flat.contains("0712370") && flat.contains("3410712370"),
        "both codes"
    );
    for p in &sheet.procedures {
        assert!(flat.contains(&squeezed(&p.title)), "{}", p.title);
        for run in &p.runs {
            for s in &run.steps {
                assert!(flat.contains(&squeezed(&s.title)), "step {}", s.title);
            }
        }
    }
    // Sent on 12/25: the 通知書 around 2027/1/7, and how that date was counted (年末年始).
    assert!(flat.contains("2027年1月7日(木)ごろ"), "{text}");
    assert!(flat.contains("年末年始"));
    assert!(
        flat.contains("2026/12/25") && flat.contains("2026/12/1"),
        "the days done"
    );
    // The 120-day grace and its last safe day to apply.
    assert!(flat.contains("120日後"), "{text}");
    // The timeline strip, with what each row says of its spans.
    let strip = sheet.strip.as_ref().expect("a strip");
    assert!(flat.contains("時系列"), "{text}");
    for r in &strip.rows {
        assert!(flat.contains(&squeezed(&r.label)), "strip row {}", r.label);
        for s in &r.spans {
            assert!(flat.contains(&squeezed(&s.text)), "strip span {}", s.text);
        }
    }
    let fonts = tool("pdffonts", &[path.to_str().unwrap()]);
    let line = fonts
        .lines()
        .find(|l| l.contains("IPAexGothic"))
        .unwrap_or_else(|| panic!("{fonts}"));
    assert!(
        line.contains('+'),
        "a subset is named XXXXXX+IPAexGothic: {line}"
    );
    let cols: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(
        &cols[cols.len() - 5..cols.len() - 2],
        ["yes", "yes", "yes"],
        "{line}"
    );
    assert!((1..=4).contains(&pdf.pages), "{} pages", pdf.pages);
    assert!(pdf.bytes.len() <= 150_000, "{} bytes", pdf.bytes.len());
}

#[test]
fn markup_in_a_name_prints_literally_and_a_missing_glyph_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    // 葛󠄀 carries a variation selector (U+E0100), which draws nothing: no warning for it.
    let name = "#set text(red) [医院] *太字* <a> \\ $x$ @ref 𠮷野家 葛\u{E0100}城";
    let id = shokei_with_certificates(&mut store, name);
    let env = Env::embedded(TODAY).unwrap();
    let case = store.case(&id).unwrap();
    let pdf = render(
        Template::Checklist,
        &sheet::checklist_sheet(&env, &case, false).unwrap(),
    )
    .unwrap();
    let (_, text) = read_back("markup", &pdf.bytes);
    assert!(
        squeezed(&text).contains(&squeezed("#set text(red) [医院] *太字* <a> \\ $x$ @ref")),
        "{text}"
    );
    // IPAexGothic has no 𠮷 (U+20BB7): said, never silent.
    assert_eq!(pdf.warnings.len(), 1, "{:?}", pdf.warnings);
    assert!(pdf.warnings[0].contains("U+20BB7"), "{}", pdf.warnings[0]);
}

#[test]
fn a_blank_checklist_has_the_steps_without_any_state() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let id = shokei_with_certificates(&mut store, "空欄テスト医院");
    let env = Env::embedded(TODAY).unwrap();
    let case = store.case(&id).unwrap();
    let sheet = sheet::checklist_sheet(&env, &case, true).unwrap();
    assert!(sheet.deadlines.is_empty());
    assert!(
        sheet
            .procedures
            .iter()
            .flat_map(|p| &p.runs)
            .flat_map(|r| &r.steps)
            .all(|s| !s.done && s.done_on.is_none())
    );
    let pdf = render(Template::Checklist, &sheet).unwrap();
    let (_, text) = read_back("blank", &pdf.bytes);
    let flat = squeezed(&text);
    assert!(flat.contains("訪問用チェックリスト（記入用）"));
    assert!(
        !flat.contains("2026/12/25") && !flat.contains("待機中"),
        "{text}"
    );
}

#[test]
fn the_handoff_sheet_says_what_comes_when_and_whom_to_call_on_one_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let id = shokei_with_certificates(&mut store, "受付メモ医院");
    let env = Env::embedded(TODAY).unwrap();
    let case = store.case(&id).unwrap();
    let sheet = sheet::handoff_sheet(&env, &case).unwrap();
    // The same letter for both terminals, due the same day: one wait naming both.
    assert_eq!(sheet.waits.len(), 1, "{:?}", sheet.waits);
    assert_eq!(sheet.waits[0].runs, ["端末：受付PC", "端末：診察室PC"]);
    assert!(sheet.waits[0].on_arrival.contains("（2通）"));
    let pdf = render(Template::Handoff, &sheet).unwrap();
    assert_eq!(pdf.pages, 1);
    let (_, text) = read_back("handoff", &pdf.bytes);
    let flat = squeezed(&text);
    for needle in [
        "電子証明書発行通知書（簡易書留）端末：受付PC、端末：診察室PC",
        "届く目安：2027年1月7日(木)ごろ",
        "届いた日を入れて「届きました」を押します",
        "0800-0804583",
        "端末：診察室PC",
    ] {
        assert!(flat.contains(&squeezed(needle)), "{needle}: {text}");
    }
}

#[test]
fn a_visit_sheet_has_the_summary_then_each_clinic_on_its_own_pages() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let first = shokei_with_certificates(&mut store, "訪問先一医院");
    let (other, _) = NewClinicForm {
        name: "訪問先二医院".into(),
        prefecture: "13".into(),
        score_table: "1".into(),
        medical_code: "1000036".into(),
    }
    .validate()
    .unwrap();
    let second = store.add_clinic(&other, now()).unwrap().id;
    let env = Env::embedded(TODAY).unwrap();
    let cases = vec![store.case(&first).unwrap(), store.case(&second).unwrap()];
    let sheet = sheet::visit_sheet(&env, &cases).unwrap();
    assert_eq!(sheet.summary.len(), 2);
    let pdf = render(Template::Visit, &sheet).unwrap();
    assert!(
        pdf.pages >= 3,
        "summary + one page or more per clinic: {}",
        pdf.pages
    );
    let (path, _) = read_back("visit", &pdf.bytes);
    // The summary page names both; each clinic starts a page of its own.
    let page = |n: usize| {
        tool(
            "pdftotext",
            &[
                "-f",
                &n.to_string(),
                "-l",
                &n.to_string(),
                path.to_str().unwrap(),
                "-",
            ],
        )
    };
    let summary = squeezed(&page(1));
    assert!(summary.contains("訪問先一医院") && summary.contains("訪問先二医院"));
    assert!(
        squeezed(&page(2)).starts_with("手続きチェックリスト"),
        "{}",
        page(2)
    );
}

#[test]
fn a_handoff_sheet_with_many_letters_still_fits_one_page() {
    use onshi_core::checklist::Role;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let id = crate::support::add_clinic(&mut store, "端末の多い医院", "13", "1000036");
    let names: Vec<String> = (1..=8).map(|i| format!("受付{i}号機")).collect();
    let on = date(2026, 12, 21);
    // The certificate needs the オン資 application first.
    crate::support::answer(
        &mut store,
        &id,
        "oqs",
        &[("line", "ipsec"), ("planned-month", "2027-01")],
        on,
    );
    crate::support::record_confirming(
        &mut store,
        &id,
        "oqs-submitted",
        on,
        None,
        Role::Receptionist,
    )
    .unwrap();
    crate::support::answer(
        &mut store,
        &id,
        "certificate",
        &[("terminals", &names.join("、"))],
        on,
    );
    for t in &names {
        crate::support::record_confirming(
            &mut store,
            &id,
            "certificate-submitted",
            on,
            Some(t),
            Role::Receptionist,
        )
        .unwrap();
    }
    let env = Env::embedded(TODAY).unwrap();
    let sheet = sheet::handoff_sheet(&env, &store.case(&id).unwrap()).unwrap();
    let letters = sheet
        .waits
        .iter()
        .find(|w| w.runs.len() > 1)
        .expect("the letters grouped");
    assert_eq!(letters.runs.len(), 8, "{:?}", sheet.waits);
    let pdf = render(Template::Handoff, &sheet).unwrap();
    assert_eq!(pdf.pages, 1, "the sheet by the phone is one page");
    let (_, text) = read_back("handoff-many", &pdf.bytes);
    let flat = squeezed(&text);
    for t in &names {
        assert!(flat.contains(t.as_str()), "{t}: {text}");
    }
    assert!(flat.contains("0800-0804583"));
}
